using System.Text;
using Endpoint.Core.Hub;
using Endpoint.Core.Json;
using Endpoint.Core.Model;
using Endpoint.Core.Runtime;
using Endpoint.Core.Text;
using Endpoint.Drivers.Hlw8012;

namespace Endpoint.Apps.Plug
{
    /// <summary>
    /// The plug's power meter: power, voltage, current and energy sensors, an energy total that survives
    /// reboots, over-power protection with a settable limit, and a <c>cmd/calibrate</c> command.
    /// </summary>
    /// <remarks>
    /// <para><b>Energy and flash wear.</b> The total lives in RAM and goes to the settings file when at
    /// least <see cref="SaveEveryWh"/> has accrued and <see cref="MinSaveIntervalMs"/> has passed, when
    /// anything at all has accrued and <see cref="MaxSaveIntervalMs"/> has passed, and on a clean stop.
    /// At the plug's full 2.5 kW that is one write a minute (1440 a day), idle at most one per five
    /// minutes; a power cut loses at most a minute's energy (about 42 Wh at full load). Each write
    /// rewrites the small settings record (<c>AtomicRecordFile</c>, one or two 4 KiB sector erases), and
    /// the flash file system spreads erases over its partition, so with ESP32 flash rated for 100 000
    /// erase cycles per sector the partition outlives the plug by decades. Writing every sample (every
    /// 2 s) would be 43 200 writes a day.</para>
    /// <para><b>Over-power.</b> Like Shelly's protection: when the power stays above the limit for
    /// <see cref="OverPowerSamples"/> windows in a row, the relay switches off, the <c>protection</c>
    /// event says <c>overpower</c> and the log says by how much. A later ON is allowed (if the load is
    /// still too big it trips again).</para>
    /// </remarks>
    public sealed class PlugMetering
    {
        /// <summary>Settings key of the energy total, in milliwatt-hours (an integer: no float parsing on the device).</summary>
        public const string EnergyKey = "plug.energy_mwh";

        /// <summary>Settings key of the power limit, watts.</summary>
        public const string MaxPowerKey = "plug.max_power";

        /// <summary>Settings key of the power calibration factor.</summary>
        public const string PowerCalibrationKey = "plug.cal.power";

        /// <summary>Settings key of the voltage calibration factor.</summary>
        public const string VoltageCalibrationKey = "plug.cal.voltage";

        /// <summary>Settings key of the current calibration factor.</summary>
        public const string CurrentCalibrationKey = "plug.cal.current";

        /// <summary>Power limit out of the box, watts (the Shelly Plus Plug S is rated 10 A, 2500 W).</summary>
        public const double DefaultMaxPower = 2500;

        /// <summary>Windows in a row above the limit before the relay opens (2 × 2 s: rides through inrush).</summary>
        public const int OverPowerSamples = 2;

        /// <summary>Energy that must accrue before a save, watt-hours (0.01 kWh).</summary>
        public const double SaveEveryWh = 10;

        /// <summary>Shortest time between saves.</summary>
        public const long MinSaveIntervalMs = 60000;

        /// <summary>Longest time unsaved energy waits.</summary>
        public const long MaxSaveIntervalMs = 300000;

        private readonly EndpointRuntime _runtime;
        private readonly Hlw8012 _meter;
        private readonly SwitchEntity _relay;
        private readonly ILog _log;
        private readonly ByteBuffer _text = new ByteBuffer(32);
        private int _overSamples;
        private double _savedWh;
        private long _savedAtMs;

        /// <summary>Wires <paramref name="meter"/> to the plug's relay entity. Call <see cref="Setup"/> when the runtime starts.</summary>
        public PlugMetering(EndpointRuntime runtime, Hlw8012 meter, SwitchEntity relay)
        {
            _runtime = runtime;
            _meter = meter;
            _relay = relay;
            _log = runtime.Platform.Log;

            Power = new SensorEntity("power", "Power", "W", 1);
            Power.DeviceClass = "power";
            Voltage = new SensorEntity("voltage", "Voltage", "V", 1);
            Voltage.DeviceClass = "voltage";
            Current = new SensorEntity("current", "Current", "A", 3);
            Current.DeviceClass = "current";
            Energy = new SensorEntity("energy", "Energy", "kWh", 3);
            Energy.DeviceClass = "energy";
            Energy.StateClass = "total_increasing";
            Energy.Minimum = 0;
            MaxPower = new NumberEntity("max_power", "Power limit", 10, DefaultMaxPower, 1, 0, "W", DefaultMaxPower);
            MaxPower.DeviceClass = "power";
            MaxPower.Category = EntityCategory.Config;
            MaxPower.Icon = "mdi:flash-alert";
            Protection = new EventEntity("protection", "Protection", new string[] { "overpower" });
            Protection.Category = EntityCategory.Diagnostic;
            Protection.Icon = "mdi:shield-alert";
        }

        /// <summary>The meter driver.</summary>
        public Hlw8012 Meter
        {
            get { return _meter; }
        }

        /// <summary>Active power, W.</summary>
        public SensorEntity Power { get; private set; }

        /// <summary>Mains voltage, V.</summary>
        public SensorEntity Voltage { get; private set; }

        /// <summary>Load current, A.</summary>
        public SensorEntity Current { get; private set; }

        /// <summary>Energy total, kWh (Home Assistant energy dashboard: total_increasing).</summary>
        public SensorEntity Energy { get; private set; }

        /// <summary>The over-power limit, W.</summary>
        public NumberEntity MaxPower { get; private set; }

        /// <summary>Protection events (<c>overpower</c>).</summary>
        public EventEntity Protection { get; private set; }

        /// <summary>Energy saved to flash so far, Wh (for diagnostics and tests).</summary>
        public double SavedEnergyWh
        {
            get { return _savedWh; }
        }

        /// <summary>Adds the entities and the calibrate command to the runtime.</summary>
        public void Register()
        {
            _runtime.Add(Power);
            _runtime.Add(Voltage);
            _runtime.Add(Current);
            _runtime.Add(Energy);
            _runtime.Add(MaxPower);
            _runtime.Add(Protection);
            _runtime.Hub.RegisterCommand("calibrate", Calibrate);
        }

        /// <summary>Restores the energy total, the limit and the calibration, and starts measuring.</summary>
        public void Setup()
        {
            double mwh = ReadNumber(EnergyKey, 0);
            _savedWh = mwh >= 0 ? System.Math.Floor(mwh) / 1000.0 : 0;
            _savedAtMs = _runtime.Platform.Clock.UptimeMs;
            _meter.RestoreEnergy(_savedWh);
            Energy.Update(_savedWh / 1000.0);

            double limit = ReadNumber(MaxPowerKey, DefaultMaxPower);
            if (!MaxPower.Set(limit))
            {
                Log(LogLevel.Warning, "stored power limit " + Format(limit, 0) + " W is out of range; using " + Format(DefaultMaxPower, 0) + " W");
                MaxPower.Set(DefaultMaxPower);
            }

            _meter.PowerCalibration = ReadFactor(PowerCalibrationKey);
            _meter.VoltageCalibration = ReadFactor(VoltageCalibrationKey);
            _meter.CurrentCalibration = ReadFactor(CurrentCalibrationKey);

            MaxPower.Changed += e =>
            {
                _runtime.Settings.Set(MaxPowerKey, Format(MaxPower.Value, 0));
                Log(LogLevel.Info, "power limit " + Format(MaxPower.Value, 0) + " W");
            };
            _runtime.Stopping += SaveEnergy;
            _meter.Sampled += OnSample;
            _meter.Start();
        }

        private void OnSample(Hlw8012 meter)
        {
            double watts;
            if (meter.TryReadPower(out watts))
            {
                Power.Update(watts);
                CheckLimit(watts);
            }

            // Voltage and current alternate window by window; the one not measured keeps its value.
            double value;
            if (meter.TryReadVoltage(out value))
            {
                Voltage.Update(value);
            }

            if (meter.TryReadCurrent(out value))
            {
                Current.Update(value);
            }

            Energy.Update(meter.EnergyWh / 1000.0);
            if (_log != null && _log.IsEnabled(LogLevel.Debug))
            {
                _log.Write(LogLevel.Debug, "metering", Format(Power.Value, 1) + " W, " + Format(Voltage.Value, 1) + " V, "
                    + Format(Current.Value, 3) + " A, " + Format(Energy.Value, 3) + " kWh");
            }

            long now = _runtime.Platform.Clock.UptimeMs;
            double unsaved = meter.EnergyWh - _savedWh;
            long sinceSave = now - _savedAtMs;
            if ((unsaved >= SaveEveryWh && sinceSave >= MinSaveIntervalMs) || (unsaved > 0 && sinceSave >= MaxSaveIntervalMs))
            {
                SaveEnergy();
            }
        }

        private void CheckLimit(double watts)
        {
            if (!_relay.IsOn || watts <= MaxPower.Value)
            {
                _overSamples = 0;
                return;
            }

            if (++_overSamples < OverPowerSamples)
            {
                return;
            }

            _overSamples = 0;
            Log(LogLevel.Warning, "overpower: " + Format(watts, 1) + " W above the " + Format(MaxPower.Value, 0) + " W limit; relay switched off");
            _relay.Set(false);
            Protection.Fire("overpower");
        }

        private void SaveEnergy()
        {
            double wh = _meter.EnergyWh;
            _savedAtMs = _runtime.Platform.Clock.UptimeMs;
            if (wh == _savedWh)
            {
                return;
            }

            long mwh = (long)System.Math.Floor(wh * 1000);
            _runtime.Settings.Set(EnergyKey, mwh.ToString());
            _savedWh = mwh / 1000.0;
        }

        // cmd/calibrate {"power":60.0,"voltage":230,"current":0.26} with a known load on; {"reset":true} drops calibration.
        private string Calibrate(byte[] payload, int offset, int count, JsonWriter result)
        {
            double power = 0;
            double voltage = 0;
            double current = 0;
            bool reset = false;
            JsonReader reader = new JsonReader(payload, offset, count);
            try
            {
                if (!reader.Read() || reader.Token != JsonToken.BeginObject)
                {
                    return "expected {\"power\":W,\"voltage\":V,\"current\":A} (any of them) or {\"reset\":true}";
                }

                while (reader.Read() && reader.Token == JsonToken.PropertyName)
                {
                    if (reader.ValueEquals("reset"))
                    {
                        reader.Read();
                        reset = reader.Token == JsonToken.True;
                        if (!reset && reader.Token != JsonToken.False)
                        {
                            return "reset must be true or false";
                        }

                        continue;
                    }

                    bool isPower = reader.ValueEquals("power");
                    bool isVoltage = reader.ValueEquals("voltage");
                    bool isCurrent = reader.ValueEquals("current");
                    if (!isPower && !isVoltage && !isCurrent)
                    {
                        return "unknown member '" + reader.GetString() + "': expected power, voltage, current or reset";
                    }

                    reader.Read();
                    double v = reader.Token == JsonToken.Number ? reader.GetDouble() : -1;
                    if (!(v > 0) || v > 100000)
                    {
                        return "power, voltage and current must be positive numbers (the true values of the load now on)";
                    }

                    if (isPower)
                    {
                        power = v;
                    }
                    else if (isVoltage)
                    {
                        voltage = v;
                    }
                    else
                    {
                        current = v;
                    }
                }

                reader.Read();
            }
            catch (JsonFormatException ex)
            {
                return ex.Message;
            }

            if (reset)
            {
                _meter.PowerCalibration = 1;
                _meter.VoltageCalibration = 1;
                _meter.CurrentCalibration = 1;
            }
            else
            {
                if (power == 0 && voltage == 0 && current == 0)
                {
                    return "nothing to calibrate: give power, voltage and/or current";
                }

                // A resistive calibration load draws P / U.
                if (current == 0 && power > 0 && voltage > 0)
                {
                    current = power / voltage;
                }

                double reading;
                if ((power > 0 && !(_meter.TryReadPower(out reading) && reading > 0))
                    || (voltage > 0 && !(_meter.TryReadVoltage(out reading) && reading > 0))
                    || (current > 0 && !(_meter.TryReadCurrent(out reading) && reading > 0)))
                {
                    return "no reading to calibrate against yet: switch the known load on and wait a few seconds";
                }

                if (power > 0)
                {
                    _meter.CalibratePower(power);
                }

                if (voltage > 0)
                {
                    _meter.CalibrateVoltage(voltage);
                }

                if (current > 0)
                {
                    _meter.CalibrateCurrent(current);
                }
            }

            _runtime.Settings.SetMany(
                new string[] { PowerCalibrationKey, VoltageCalibrationKey, CurrentCalibrationKey },
                new string[] { Format(_meter.PowerCalibration, 6), Format(_meter.VoltageCalibration, 6), Format(_meter.CurrentCalibration, 6) });
            result.Property("power_factor", _meter.PowerCalibration, 6);
            result.Property("voltage_factor", _meter.VoltageCalibration, 6);
            result.Property("current_factor", _meter.CurrentCalibration, 6);
            Log(LogLevel.Info, "calibration factors: power " + Format(_meter.PowerCalibration, 4) + ", voltage " + Format(_meter.VoltageCalibration, 4) + ", current " + Format(_meter.CurrentCalibration, 4));
            return null;
        }

        private string Format(double value, int decimals)
        {
            _text.Clear();
            _text.AppendFixed(value, decimals);
            return _text.ToString();
        }

        private void Log(LogLevel level, string message)
        {
            if (_log != null && _log.IsEnabled(level))
            {
                _log.Write(level, "metering", message);
            }
        }

        // Numbers in settings are read with the strict JSON number grammar, the one number parser the core has.
        private double ReadNumber(string key, double fallback)
        {
            string text = _runtime.Settings.Get(key);
            if (text == null)
            {
                return fallback;
            }

            byte[] bytes = Encoding.UTF8.GetBytes(text);
            try
            {
                JsonReader reader = new JsonReader(bytes, 0, bytes.Length);
                if (reader.Read() && reader.Token == JsonToken.Number)
                {
                    double v = reader.GetDouble();
                    reader.Read();
                    return v;
                }
            }
            catch (JsonFormatException)
            {
            }

            Log(LogLevel.Warning, "setting " + key + " is not a number; using " + Format(fallback, 3));
            return fallback;
        }

        private double ReadFactor(string key)
        {
            double v = ReadNumber(key, 1);
            return v > 0 && v < 100 ? v : 1;
        }
    }
}
