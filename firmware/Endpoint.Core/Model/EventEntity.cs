using Endpoint.Core.Json;
using Endpoint.Core.Text;

namespace Endpoint.Core.Model
{
    /// <summary>
    /// Momentary events such as button presses (Home Assistant <c>event</c>). Each event is published,
    /// not retained, as <c>{"event_type":"press"}</c> on <c>endpoint/&lt;id&gt;/&lt;entity&gt;/event</c>:
    /// retaining it would replay the press whenever a client subscribes.
    /// </summary>
    public sealed class EventEntity : Entity
    {
        private readonly string[] _types;
        private string _last;

        /// <summary>Creates an event entity firing one of <paramref name="eventTypes"/>.</summary>
        public EventEntity(string id, string name, string[] eventTypes)
            : base(id, name, EntityKind.Event)
        {
            _types = eventTypes;
        }

        /// <summary>The event types.</summary>
        public string[] EventTypes
        {
            get { return _types; }
        }

        /// <summary>The most recent event type, or null.</summary>
        public string LastEvent
        {
            get { return _last; }
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
            get { return _last != null; }
        }

        /// <inheritdoc />
        public override string Component
        {
            get { return "event"; }
        }

        /// <summary>Fires <paramref name="eventType"/>, which must be one of <see cref="EventTypes"/>.</summary>
        public void Fire(string eventType)
        {
            _last = eventType;
            NotifyChanged();
        }

        /// <inheritdoc />
        public override string MakeStateTopic(string deviceTopic)
        {
            return deviceTopic + "/" + Id + "/event";
        }

        /// <inheritdoc />
        public override void WriteState(ByteBuffer buffer)
        {
            buffer.AppendUtf8("{\"event_type\":\"");
            buffer.AppendUtf8(_last);
            buffer.AppendUtf8("\"}");
        }

        /// <inheritdoc />
        public override void WriteDescription(JsonWriter json)
        {
            json.Property("event_types", _types);
        }

        /// <inheritdoc />
        public override void WriteDiscovery(JsonWriter json)
        {
            json.Property("event_types", _types);
        }
    }
}
