using Endpoint.Core.Json;
using Endpoint.Core.Text;

namespace Endpoint.Core.Model
{
    /// <summary>
    /// A diagnostic reading taken from the telemetry document (RSSI, uptime, free memory) rather than
    /// published on its own topic: Home Assistant reads it from <c>endpoint/&lt;id&gt;/telemetry</c>
    /// with a value template, so the device sends one message for all of them.
    /// </summary>
    public sealed class TelemetrySensorEntity : Entity
    {
        private readonly string _field;
        private readonly string _unit;

        /// <summary>Creates a diagnostic sensor for the telemetry member <paramref name="field"/>.</summary>
        public TelemetrySensorEntity(string field, string name, string unit, string deviceClass)
            : base(field, name, EntityKind.Sensor)
        {
            _field = field;
            _unit = unit;
            DeviceClass = deviceClass;
            Category = EntityCategory.Diagnostic;
        }

        /// <inheritdoc />
        public override bool Writable
        {
            get { return false; }
        }

        /// <inheritdoc />
        public override bool HasState
        {
            get { return false; }
        }

        /// <inheritdoc />
        public override bool HasValue
        {
            get { return false; }
        }

        /// <inheritdoc />
        public override string Component
        {
            get { return "sensor"; }
        }

        /// <inheritdoc />
        public override string MakeStateTopic(string deviceTopic)
        {
            return deviceTopic + "/telemetry";
        }

        /// <inheritdoc />
        public override void WriteState(ByteBuffer buffer)
        {
        }

        /// <inheritdoc />
        public override void WriteDescription(JsonWriter json)
        {
            json.Property("source", "telemetry");
            if (_unit != null)
            {
                json.Property("unit", _unit);
            }
        }

        /// <inheritdoc />
        public override void WriteDiscovery(JsonWriter json)
        {
            json.Property("value_template", "{{ value_json." + _field + " }}");
            if (_unit != null)
            {
                json.Property("unit_of_measurement", _unit);
            }

            json.Property("state_class", "measurement");
        }
    }
}
