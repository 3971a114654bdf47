using Endpoint.Core.Json;
using Endpoint.Core.Text;

namespace Endpoint.Core.Model
{
    /// <summary>Runs when a <see cref="ButtonEntity"/> is pressed from the hub.</summary>
    public delegate void ButtonPressedHandler();

    /// <summary>
    /// A stateless trigger (Home Assistant <c>button</c>): restart, identify. Pressed by the payload
    /// <c>PRESS</c> on its <c>set</c> topic, like any writable entity.
    /// </summary>
    public sealed class ButtonEntity : Entity
    {
        private readonly ButtonPressedHandler _pressed;

        /// <summary>Creates a button that calls <paramref name="pressed"/>.</summary>
        public ButtonEntity(string id, string name, ButtonPressedHandler pressed)
            : base(id, name, EntityKind.Button)
        {
            _pressed = pressed;
        }

        /// <inheritdoc />
        public override bool Writable
        {
            get { return true; }
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
            get { return "button"; }
        }

        /// <inheritdoc />
        public override string MakeStateTopic(string deviceTopic)
        {
            return null;
        }

        /// <inheritdoc />
        public override void WriteState(ByteBuffer buffer)
        {
        }

        /// <inheritdoc />
        public override string ApplyCommand(byte[] payload, int offset, int count)
        {
            count = Utf8.Trim(payload, ref offset, count);
            if (!Utf8.EqualsIgnoreCase(payload, offset, count, "PRESS"))
            {
                return "expected PRESS";
            }

            _pressed();
            return null;
        }

        /// <inheritdoc />
        public override void WriteDiscovery(JsonWriter json)
        {
            json.Property("payload_press", "PRESS");
        }
    }
}
