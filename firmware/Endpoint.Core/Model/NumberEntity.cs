using Endpoint.Core.Json;
using Endpoint.Core.Text;

namespace Endpoint.Core.Model
{
    /// <summary>
    /// A number a person can set within [<see cref="Minimum"/>, <see cref="Maximum"/>], usually a setting
    /// such as a power limit (Home Assistant MQTT <c>number</c>). State and command are the number as text;
    /// the command is read as a JSON number, so <c>2500</c>, <c>2500.0</c> and <c>2.5e3</c> all work and
    /// anything else is refused.
    /// </summary>
    public sealed class NumberEntity : Entity
    {
        private double _value;

        /// <summary>Creates a number starting at <paramref name="initial"/>.</summary>
        public NumberEntity(string id, string name, double minimum, double maximum, double step, int decimals, string unit, double initial)
            : base(id, name, EntityKind.Number)
        {
            Minimum = minimum;
            Maximum = maximum;
            Step = step;
            Decimals = decimals;
            Unit = unit;
            _value = initial;
            Mode = "box";
        }

        /// <summary>Lowest value.</summary>
        public double Minimum { get; private set; }

        /// <summary>Highest value.</summary>
        public double Maximum { get; private set; }

        /// <summary>Increment Home Assistant's control offers.</summary>
        public double Step { get; private set; }

        /// <summary>Decimals published.</summary>
        public int Decimals { get; private set; }

        /// <summary>Unit of measurement, or null.</summary>
        public string Unit { get; private set; }

        /// <summary>Home Assistant's control: box, slider or auto.</summary>
        public string Mode { get; set; }

        /// <summary>The value.</summary>
        public double Value
        {
            get { return _value; }
        }

        /// <inheritdoc />
        public override bool Writable
        {
            get { return true; }
        }

        /// <inheritdoc />
        public override string Component
        {
            get { return "number"; }
        }

        /// <summary>Sets the value; false (and no change) when outside the range.</summary>
        public bool Set(double value)
        {
            if (double.IsNaN(value) || value < Minimum || value > Maximum)
            {
                return false;
            }

            if (value != _value)
            {
                _value = value;
                NotifyChanged();
            }

            return true;
        }

        /// <inheritdoc />
        public override string ApplyCommand(byte[] payload, int offset, int count)
        {
            double value;
            try
            {
                JsonReader reader = new JsonReader(payload, offset, count);
                if (!reader.Read() || reader.Token != JsonToken.Number)
                {
                    return OutOfRange();
                }

                value = reader.GetDouble();
                reader.Read();
            }
            catch (JsonFormatException)
            {
                return OutOfRange();
            }

            return Set(value) ? null : OutOfRange();
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

            json.Property("min", Minimum, Decimals);
            json.Property("max", Maximum, Decimals);
            json.Property("step", Step, Decimals);
        }

        /// <inheritdoc />
        public override void WriteDiscovery(JsonWriter json)
        {
            json.Property("min", Minimum, Decimals);
            json.Property("max", Maximum, Decimals);
            json.Property("step", Step, Decimals);
            json.Property("mode", Mode);
            if (Unit != null)
            {
                json.Property("unit_of_measurement", Unit);
            }
        }

        private string OutOfRange()
        {
            ByteBuffer text = new ByteBuffer(48);
            text.AppendUtf8("expected a number from ");
            text.AppendFixed(Minimum, Decimals);
            text.AppendUtf8(" to ");
            text.AppendFixed(Maximum, Decimals);
            return text.ToString();
        }
    }
}
