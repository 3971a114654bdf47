using System;
using Endpoint.Core.Json;
using Endpoint.Core.Text;

namespace Endpoint.Apps.Sensor
{
    /// <summary>
    /// Decides when readings are worth reporting: when one moved by at least its threshold since the
    /// last report (or became known), when the contact or motion input changed, or when
    /// <see cref="MaxSilence"/> intervals passed without a report (a heartbeat, so Home Assistant's
    /// <c>expire_after</c> never runs out on a healthy sensor). A failed reading (NaN) is never a change.
    /// </summary>
    public sealed class ReportPolicy
    {
        /// <summary>Default temperature threshold, °C.</summary>
        public const double DefaultTemperatureStep = 0.2;

        /// <summary>Default humidity threshold, %RH.</summary>
        public const double DefaultHumidityStep = 1.0;

        /// <summary>Default pressure threshold, hPa.</summary>
        public const double DefaultPressureStep = 0.5;

        /// <summary>Default longest run of intervals without a report.</summary>
        public const int DefaultMaxSilence = 12;

        private readonly SensorReadings _last = new SensorReadings();

        /// <summary>Creates the policy with the defaults and nothing reported yet.</summary>
        public ReportPolicy()
        {
            TemperatureStep = DefaultTemperatureStep;
            HumidityStep = DefaultHumidityStep;
            PressureStep = DefaultPressureStep;
            MaxSilence = DefaultMaxSilence;
        }

        /// <summary>Temperature change that is reported, °C.</summary>
        public double TemperatureStep { get; set; }

        /// <summary>Humidity change that is reported, %RH.</summary>
        public double HumidityStep { get; set; }

        /// <summary>Pressure change that is reported, hPa.</summary>
        public double PressureStep { get; set; }

        /// <summary>A report goes out at least every this many intervals.</summary>
        public int MaxSilence { get; set; }

        /// <summary>Intervals since the last report.</summary>
        public int SilentIntervals { get; set; }

        /// <summary>What was last reported (NaN where nothing was).</summary>
        public SensorReadings LastReported
        {
            get { return _last; }
        }

        /// <summary>True when <paramref name="now"/> differs enough from the last report to be sent.</summary>
        public bool HasChanged(SensorReadings now)
        {
            return Moved(now.Celsius, _last.Celsius, TemperatureStep)
                || Moved(now.Humidity, _last.Humidity, HumidityStep)
                || Moved(now.Hectopascals, _last.Hectopascals, PressureStep)
                || (now.HasBinary && (!_last.HasBinary || now.BinaryActive != _last.BinaryActive));
        }

        /// <summary>True when this interval must report even without a change (the heartbeat).</summary>
        public bool IsHeartbeatDue
        {
            get { return SilentIntervals + 1 >= MaxSilence; }
        }

        /// <summary>Counts an interval that reported nothing.</summary>
        public void Skipped()
        {
            SilentIntervals++;
        }

        /// <summary>Records a report of <paramref name="now"/>: its known values become the reference.</summary>
        public void Reported(SensorReadings now)
        {
            Keep(ref _last.Celsius, now.Celsius);
            Keep(ref _last.Humidity, now.Humidity);
            Keep(ref _last.Hectopascals, now.Hectopascals);
            if (now.HasBinary)
            {
                _last.HasBinary = true;
                _last.BinaryActive = now.BinaryActive;
            }

            SilentIntervals = 0;
        }

        /// <summary>The last report as a small JSON array for the settings store: <c>[t,h,p,binary]</c>, null for unknown.</summary>
        public string EncodeLastReported()
        {
            JsonWriter json = new JsonWriter(new ByteBuffer(64));
            json.BeginArray();
            Number(json, _last.Celsius);
            Number(json, _last.Humidity);
            Number(json, _last.Hectopascals);
            if (_last.HasBinary)
            {
                json.Number(_last.BinaryActive ? 1 : 0);
            }
            else
            {
                json.Null();
            }

            json.EndArray();
            return json.Buffer.ToString();
        }

        /// <summary>Restores <see cref="EncodeLastReported"/>'s text; false (and nothing changed) when it is not one.</summary>
        public bool DecodeLastReported(string text)
        {
            if (text == null)
            {
                return false;
            }

            double[] v = new double[4];
            try
            {
                byte[] bytes = System.Text.Encoding.UTF8.GetBytes(text);
                JsonReader reader = new JsonReader(bytes, 0, bytes.Length);
                if (!reader.Read() || reader.Token != JsonToken.BeginArray)
                {
                    return false;
                }

                for (int i = 0; i < v.Length; i++)
                {
                    if (!reader.Read())
                    {
                        return false;
                    }

                    if (reader.Token == JsonToken.Number)
                    {
                        v[i] = reader.GetDouble();
                    }
                    else if (reader.Token == JsonToken.Null)
                    {
                        v[i] = double.NaN;
                    }
                    else
                    {
                        return false;
                    }
                }

                if (!reader.Read() || reader.Token != JsonToken.EndArray || reader.Read())
                {
                    return false;
                }
            }
            catch (JsonFormatException)
            {
                return false;
            }

            _last.Celsius = v[0];
            _last.Humidity = v[1];
            _last.Hectopascals = v[2];
            _last.HasBinary = !double.IsNaN(v[3]);
            _last.BinaryActive = v[3] == 1;
            return true;
        }

        private static bool Moved(double now, double last, double step)
        {
            if (double.IsNaN(now))
            {
                return false;
            }

            return double.IsNaN(last) || Math.Abs(now - last) >= step;
        }

        private static void Keep(ref double field, double value)
        {
            if (!double.IsNaN(value))
            {
                field = value;
            }
        }

        private static void Number(JsonWriter json, double value)
        {
            if (double.IsNaN(value))
            {
                json.Null();
            }
            else
            {
                json.Number(value, 3);
            }
        }
    }
}
