using Endpoint.Core.Json;
using Endpoint.Core.Text;

namespace Endpoint.Core.Model
{
    /// <summary>
    /// A numeric reading with a unit. The state is the number with <see cref="Decimals"/> decimals;
    /// nothing is published until a first value is known.
    /// </summary>
    public sealed class SensorEntity : Entity
    {
        private double _value = double.NaN;

        /// <summary>Creates a sensor.</summary>
        public SensorEntity(string id, string name, string unit, int decimals)
            : base(id, name, EntityKind.Sensor)
        {
            Unit = unit;
            Decimals = decimals;
            StateClass = "measurement";
            Minimum = double.NaN;
            Maximum = double.NaN;
        }

        /// <summary>Unit of measurement (°C, %, W, kWh, …), or null.</summary>
        public string Unit { get; private set; }

        /// <summary>Decimals published.</summary>
        public int Decimals { get; private set; }

        /// <summary>Home Assistant state class: measurement, total, total_increasing.</summary>
        public string StateClass { get; set; }

        /// <summary>Lowest value the part can report, NaN when unbounded (description only).</summary>
        public double Minimum { get; set; }

        /// <summary>Highest value the part can report, NaN when unbounded (description only).</summary>
        public double Maximum { get; set; }

        /// <summary>
        /// Seconds after which Home Assistant shows the reading as unavailable unless a new one arrived
        /// (discovery <c>expire_after</c>); 0 for never. Devices that sleep between reports use it in place
        /// of availability, so a dead battery shows as unavailable instead of a frozen value.
        /// </summary>
        public int ExpireAfterSeconds { get; set; }

        /// <summary>The last value, NaN when unknown.</summary>
        public double Value
        {
            get { return _value; }
        }

        /// <inheritdoc />
        public override bool Writable
        {
            get { return false; }
        }

        /// <inheritdoc />
        public override bool HasValue
        {
            get { return !double.IsNaN(_value); }
        }

        /// <inheritdoc />
        public override string Component
        {
            get { return "sensor"; }
        }

        /// <summary>
        /// Records a reading; raises <see cref="Entity.Changed"/> when the published text would change.
        /// NaN is not a reading (it has no text in a state or in JSON) and is ignored.
        /// </summary>
        public void Update(double value)
        {
            if (double.IsNaN(value) || (Rounded(value) == Rounded(_value) && !double.IsNaN(_value)))
            {
                return;
            }

            _value = value;
            NotifyChanged();
        }

        /// <summary>
        /// Records a reading and raises <see cref="Entity.Changed"/> even when the published text is the
        /// same: a heartbeat that tells the hub the reading is still current (and restarts
        /// <see cref="ExpireAfterSeconds"/>). NaN is not a reading and is ignored.
        /// </summary>
        public void Report(double value)
        {
            if (double.IsNaN(value))
            {
                return;
            }

            _value = value;
            NotifyChanged();
        }

        /// <inheritdoc />
        public override void WriteState(ByteBuffer buffer)
        {
            buffer.AppendFixed(_value, Decimals);
        }

        /// <inheritdoc />
        public override void WriteDescription(JsonWriter json)
        {
            if (Unit != null)
            {
                json.Property("unit", Unit);
            }

            if (!double.IsNaN(Minimum))
            {
                json.Property("min", Minimum, Decimals);
            }

            if (!double.IsNaN(Maximum))
            {
                json.Property("max", Maximum, Decimals);
            }

            json.Property("decimals", Decimals);
        }

        /// <inheritdoc />
        public override void WriteDiscovery(JsonWriter json)
        {
            if (Unit != null)
            {
                json.Property("unit_of_measurement", Unit);
            }

            if (StateClass != null)
            {
                json.Property("state_class", StateClass);
            }

            json.Property("suggested_display_precision", Decimals);
            if (ExpireAfterSeconds > 0)
            {
                json.Property("expire_after", ExpireAfterSeconds);
            }
        }

        private double Rounded(double v)
        {
            double scale = 1;
            for (int i = 0; i < Decimals; i++)
            {
                scale *= 10;
            }

            return System.Math.Floor((v * scale) + 0.5);
        }
    }
}
