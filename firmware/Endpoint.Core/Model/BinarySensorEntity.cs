using Endpoint.Core.Json;
using Endpoint.Core.Text;

namespace Endpoint.Core.Model
{
    /// <summary>An on/off reading (motion, door, occupancy). State <c>ON</c>/<c>OFF</c>.</summary>
    public sealed class BinarySensorEntity : Entity
    {
        private bool _on;
        private bool _known;

        /// <summary>Creates a binary sensor with no value yet.</summary>
        public BinarySensorEntity(string id, string name, string deviceClass)
            : base(id, name, EntityKind.BinarySensor)
        {
            DeviceClass = deviceClass;
        }

        /// <summary>Seconds after which Home Assistant shows the state as unavailable unless a new one arrived (<c>expire_after</c>); 0 for never.</summary>
        public int ExpireAfterSeconds { get; set; }

        /// <summary>The last value.</summary>
        public bool IsOn
        {
            get { return _on; }
        }

        /// <inheritdoc />
        public override bool Writable
        {
            get { return false; }
        }

        /// <inheritdoc />
        public override bool HasValue
        {
            get { return _known; }
        }

        /// <inheritdoc />
        public override string Component
        {
            get { return "binary_sensor"; }
        }

        /// <summary>Records a value; raises <see cref="Entity.Changed"/> when it changes.</summary>
        public void Update(bool on)
        {
            if (_known && _on == on)
            {
                return;
            }

            _known = true;
            _on = on;
            NotifyChanged();
        }

        /// <inheritdoc />
        public override void WriteState(ByteBuffer buffer)
        {
            buffer.AppendUtf8(_on ? "ON" : "OFF");
        }

        /// <inheritdoc />
        public override void WriteDiscovery(JsonWriter json)
        {
            if (ExpireAfterSeconds > 0)
            {
                json.Property("expire_after", ExpireAfterSeconds);
            }
        }
    }
}
