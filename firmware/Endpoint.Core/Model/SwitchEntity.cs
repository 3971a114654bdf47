using Endpoint.Core.Json;
using Endpoint.Core.Text;

namespace Endpoint.Core.Model
{
    /// <summary>
    /// An on/off output. State <c>ON</c>/<c>OFF</c> (Home Assistant's default payloads); commands
    /// <c>ON</c>, <c>OFF</c>, <c>TOGGLE</c> in any case, surrounding white space ignored.
    /// </summary>
    public sealed class SwitchEntity : Entity
    {
        private bool _on;

        /// <summary>Creates a switch, initially off.</summary>
        public SwitchEntity(string id, string name)
            : base(id, name, EntityKind.Switch)
        {
        }

        /// <summary>True when on.</summary>
        public bool IsOn
        {
            get { return _on; }
        }

        /// <inheritdoc />
        public override bool Writable
        {
            get { return true; }
        }

        /// <inheritdoc />
        public override string Component
        {
            get { return "switch"; }
        }

        /// <summary>Sets the state; raises <see cref="Entity.Changed"/> only when it changes.</summary>
        public void Set(bool on)
        {
            if (_on == on)
            {
                return;
            }

            _on = on;
            NotifyChanged();
        }

        /// <summary>Inverts the state.</summary>
        public void Toggle()
        {
            Set(!_on);
        }

        /// <inheritdoc />
        public override void WriteState(ByteBuffer buffer)
        {
            buffer.AppendUtf8(_on ? "ON" : "OFF");
        }

        /// <inheritdoc />
        public override string ApplyCommand(byte[] payload, int offset, int count)
        {
            count = Utf8.Trim(payload, ref offset, count);
            if (Utf8.EqualsIgnoreCase(payload, offset, count, "ON"))
            {
                Set(true);
            }
            else if (Utf8.EqualsIgnoreCase(payload, offset, count, "OFF"))
            {
                Set(false);
            }
            else if (Utf8.EqualsIgnoreCase(payload, offset, count, "TOGGLE"))
            {
                Toggle();
            }
            else
            {
                return "expected ON, OFF or TOGGLE";
            }

            return null;
        }

        /// <inheritdoc />
        public override void WriteDescription(JsonWriter json)
        {
            json.Property("states", OnOff);
        }

        private static readonly string[] OnOff = new string[] { "ON", "OFF" };
    }
}
