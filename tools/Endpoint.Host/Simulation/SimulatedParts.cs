using System;
using System.Collections.Generic;
using System.Globalization;
using Endpoint.Core.Boards;
using Endpoint.Core.Runtime;
using Endpoint.Host.Simulation.Parts;

namespace Endpoint.Host.Simulation;

/// <summary>
/// Puts a simulated part wherever a board declares a real one: I2C parts by compatible id on their
/// bus (<c>sensirion,sht4x</c>, <c>sensirion,sht3x</c>, <c>bosch,bme280</c>), and the battery divider on
/// the <c>battery_adc</c> pin. Every part reads the same <see cref="SimulatedEnvironment"/>.
/// </summary>
public static class SimulatedParts
{
    /// <summary>Divider of the simulated battery input (two equal resistors), the sensor app's default too.</summary>
    public const double BatteryDividerRatio = 2.0;

    /// <summary>Attaches the board's parts to <paramref name="hardware"/>; returns the I2C parts created.</summary>
    public static List<SimulatedI2cPart> Attach(SimulatedHardware hardware, BoardInfo board, SimulatedEnvironment environment, IClock clock)
    {
        var created = new List<SimulatedI2cPart>();
        foreach (var part in board.Parts)
        {
            SimulatedI2cPart simulated = part.Compatible switch
            {
                "sensirion,sht4x" => new SimulatedSht4x(part.Address, clock, environment),
                "sensirion,sht3x" => new SimulatedSht3x(part.Address, clock, environment),
                "bosch,bme280" => new SimulatedBme280(part.Address, clock, environment),
                _ => null, // parts simulated elsewhere (LEDs, meters) or not at all
            };
            if (simulated == null)
            {
                continue;
            }

            int busId = BusNumber(part.Bus, board.Id, part.Compatible);
            if (!hardware.I2cBuses.TryGetValue(busId, out var bus))
            {
                bus = new SimulatedI2cBus();
                hardware.I2cBuses[busId] = bus;
            }

            ((SimulatedI2cBus)bus).Add(simulated);
            created.Add(simulated);
        }

        if (board.HasPin("battery_adc"))
        {
            hardware.AdcChannels[board.Pin("battery_adc")] = new SimulatedBatteryAdc(environment, BatteryDividerRatio);
        }

        return created;
    }

    private static int BusNumber(string bus, string boardId, string compatible)
    {
        if (bus != null && bus.StartsWith("i2c", StringComparison.Ordinal)
            && int.TryParse(bus.AsSpan(3), NumberStyles.None, CultureInfo.InvariantCulture, out int n))
        {
            return n;
        }

        throw new ArgumentException($"board {boardId}: part {compatible} is on bus '{bus}', expected i2c0, i2c1, …");
    }
}
