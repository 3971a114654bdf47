using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using Endpoint.Core.Boards;
using Endpoint.Drivers.Hlw8012;

namespace Endpoint.Host.Simulation;

/// <summary>One value a simulated part takes from <c>endpoint sim --param name=value</c>.</summary>
/// <param name="Name">Parameter name.</param>
/// <param name="Unit">Unit, for help and messages.</param>
/// <param name="Default">Value when not given.</param>
/// <param name="Min">Lowest accepted value.</param>
/// <param name="Max">Highest accepted value.</param>
/// <param name="Help">What it sets.</param>
public sealed record SimParameter(string Name, string Unit, double Default, double Min, double Max, string Help);

/// <summary>
/// The parameters of the simulated parts (<c>--param name=value</c>, repeatable): which ones a board's
/// parts take, their defaults and ranges, and checking what a person typed.
/// </summary>
public static class SimParameters
{
    /// <summary>Power of the load on a metering plug while the relay is on.</summary>
    public static readonly SimParameter Load = new("load", "W", 60, 0, 5000, "power the appliance on a metering plug draws while the relay is on");

    /// <summary>Mains voltage seen by a metering plug.</summary>
    public static readonly SimParameter Voltage = new("voltage", "V", 230, 90, 260, "mains RMS voltage at a metering plug");

    /// <summary>Power factor of the load.</summary>
    public static readonly SimParameter PowerFactor = new("power_factor", "", 1, 0.1, 1, "power factor of the load (1 = resistive)");

    /// <summary>Relative wander of the simulated readings.</summary>
    public static readonly SimParameter Variation = new("variation", "", 0.02, 0, 0.5, "how much power and voltage wander (0.02 = ±2 %)");

    /// <summary>Mean air temperature the sensors measure.</summary>
    public static readonly SimParameter Temperature = new("temp", "°C", 21.5, -40, 85, "mean temperature the sensors measure");

    /// <summary>Half the daily temperature swing.</summary>
    public static readonly SimParameter TemperatureSwing = new("temp_swing", "°C", 1.5, 0, 30, "half the daily swing; humidity moves against it");

    /// <summary>Mean relative humidity.</summary>
    public static readonly SimParameter Humidity = new("humidity", "%", 45, 0, 100, "mean relative humidity");

    /// <summary>Mean air pressure.</summary>
    public static readonly SimParameter Pressure = new("pressure", "hPa", 1013.25, 300, 1100, "mean air pressure");

    /// <summary>Battery voltage at the start.</summary>
    public static readonly SimParameter Battery = new("battery", "V", 3.0, 0, 6, "battery voltage at the start");

    /// <summary>Battery drop per day.</summary>
    public static readonly SimParameter Drain = new("drain", "V", 0.003, 0, 3, "battery drop per simulated day");

    /// <summary>Noise on the sensor readings.</summary>
    public static readonly SimParameter Noise = new("noise", "", 1, 0, 100, "noise scale: 1 = ±0.02 °C, ±0.1 %RH, ±0.02 hPa; 0 = none");

    /// <summary>Length of a simulated day.</summary>
    public static readonly SimParameter Period = new("period", "min", 1440, 1, 525600, "length of a simulated day");

    /// <summary>What a metering plug's BL0937 measures.</summary>
    public static readonly SimParameter[] Metering = [Load, Voltage, PowerFactor, Variation];

    /// <summary>The world that sensors and battery inputs measure (<see cref="SimulatedEnvironment"/>).</summary>
    public static readonly SimParameter[] World = [Temperature, TemperatureSwing, Humidity, Pressure, Battery, Drain, Noise, Period];

    /// <summary>Every parameter, for help.</summary>
    public static readonly SimParameter[] All = [.. Metering, .. World];

    /// <summary>The parameters <paramref name="board"/>'s simulated parts take.</summary>
    public static SimParameter[] For(BoardInfo board)
    {
        bool metering = board.FindPart(MeteringChip.Bl0937Compatible) != null;
        bool measuresWorld = board.HasPin("battery_adc")
            || board.Parts.Any(p => Boards.PartCatalog.Find(p.Compatible)?.Kind == Boards.PartKind.Sensor);
        return [.. metering ? Metering : [], .. measuresWorld ? World : []];
    }

    /// <summary>
    /// Parses <c>name=value</c> items; throws <see cref="ArgumentException"/> with one clear line when an
    /// item is malformed, unknown for <paramref name="board"/>, not a number or out of range.
    /// </summary>
    public static Dictionary<string, string> Parse(IEnumerable<string> items, BoardInfo board)
    {
        var values = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (string item in items)
        {
            int eq = item.IndexOf('=');
            if (eq <= 0 || eq == item.Length - 1)
            {
                throw new ArgumentException($"--param '{item}': expected name=value, e.g. load=1200");
            }

            values[item[..eq].Trim()] = item[(eq + 1)..].Trim();
        }

        Check(values, board);
        return values;
    }

    /// <summary>Checks <paramref name="values"/> against what <paramref name="board"/> takes; throws <see cref="ArgumentException"/>.</summary>
    public static void Check(IReadOnlyDictionary<string, string> values, BoardInfo board)
    {
        var known = For(board);
        foreach (var (name, text) in values)
        {
            var p = known.FirstOrDefault(k => k.Name == name);
            if (p == null)
            {
                string takes = known.Length == 0 ? "takes none" : "takes " + string.Join(", ", known.Select(k => k.Name));
                throw new ArgumentException($"--param {name}: board {board.Id} has no simulated part with that parameter (it {takes})");
            }

            if (!double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out double v) || !double.IsFinite(v) || v < p.Min || v > p.Max)
            {
                throw new ArgumentException($"--param {name}: '{text}' is not a number from {Show(p.Min)} to {Show(p.Max)}{(p.Unit.Length > 0 ? " " + p.Unit : "")}");
            }
        }
    }

    /// <summary>The value of <paramref name="p"/> in <paramref name="values"/> (already checked), or its default.</summary>
    public static double Get(IReadOnlyDictionary<string, string> values, SimParameter p) =>
        values != null && values.TryGetValue(p.Name, out string text) ? double.Parse(text, NumberStyles.Float, CultureInfo.InvariantCulture) : p.Default;

    private static string Show(double v) => v.ToString(CultureInfo.InvariantCulture);
}
