using Endpoint.Core.Json;
using Endpoint.Core.Text;

namespace Endpoint.Core.Model
{
    /// <summary>Raised on the loop when an entity's state changed (or an event fired).</summary>
    public delegate void EntityChangedHandler(Entity entity);

    /// <summary>
    /// One thing a device exposes: a switch, a reading, a light, a button event, a setting.
    /// The entity is the single source of truth for its state: drivers follow it, the hub publishes it.
    /// Subclasses define the state payload, how commands are parsed, and the kind-specific fields of
    /// the description and Home Assistant discovery documents.
    /// </summary>
    public abstract class Entity
    {
        /// <summary>Creates an entity.</summary>
        /// <param name="id">Topic segment: a–z, 0–9, '_' (DESIGN.md §5).</param>
        /// <param name="name">Human name.</param>
        /// <param name="kind">What it is.</param>
        protected Entity(string id, string name, EntityKind kind)
        {
            Id = id;
            Name = name;
            Kind = kind;
        }

        /// <summary>Topic segment and key.</summary>
        public string Id { get; private set; }

        /// <summary>Human name.</summary>
        public string Name { get; private set; }

        /// <summary>What it is.</summary>
        public EntityKind Kind { get; private set; }

        /// <summary>Home Assistant device class (outlet, temperature, power, …), or null.</summary>
        public string DeviceClass { get; set; }

        /// <summary>Material Design icon (mdi:…), or null.</summary>
        public string Icon { get; set; }

        /// <summary>Where Home Assistant shows it.</summary>
        public EntityCategory Category { get; set; }

        /// <summary>True when the entity accepts commands on its <c>set</c> topic.</summary>
        public abstract bool Writable { get; }

        /// <summary>True when the entity has a retained state to publish (events and buttons do not).</summary>
        public virtual bool HasState
        {
            get { return true; }
        }

        /// <summary>True when a state is known and can be published.</summary>
        public virtual bool HasValue
        {
            get { return true; }
        }

        /// <summary>The Home Assistant MQTT component: switch, sensor, binary_sensor, light, event, select, button.</summary>
        public abstract string Component { get; }

        /// <summary>State changes (raised on the loop).</summary>
        public event EntityChangedHandler Changed;

        /// <summary>Set by the hub client: <c>endpoint/&lt;id&gt;/&lt;entity&gt;/state</c>.</summary>
        public string StateTopic { get; internal set; }

        /// <summary>Set by the hub client: <c>endpoint/&lt;id&gt;/&lt;entity&gt;/set</c>, or null when read-only.</summary>
        public string CommandTopic { get; internal set; }

        /// <summary>
        /// The topic this entity's state or events go to, under the device's base topic
        /// (<c>endpoint/&lt;id&gt;</c>): <c>…/&lt;entity&gt;/state</c> by default; null for none.
        /// </summary>
        public virtual string MakeStateTopic(string deviceTopic)
        {
            return deviceTopic + "/" + Id + "/state";
        }

        /// <summary>Writes the state payload (e.g. <c>ON</c>, <c>21.50</c>, or JSON) into <paramref name="buffer"/>.</summary>
        public abstract void WriteState(ByteBuffer buffer);

        /// <summary>
        /// Applies a command payload. Returns null on success, or a short reason the command was
        /// refused, in which case the state must be unchanged. Only called when <see cref="Writable"/>.
        /// </summary>
        public virtual string ApplyCommand(byte[] payload, int offset, int count)
        {
            return "entity is read-only";
        }

        /// <summary>Writes the kind-specific members of the entity's entry in the description document.</summary>
        public virtual void WriteDescription(JsonWriter json)
        {
        }

        /// <summary>Writes the kind-specific members of the Home Assistant discovery config.</summary>
        public virtual void WriteDiscovery(JsonWriter json)
        {
        }

        /// <summary>Raises <see cref="Changed"/>.</summary>
        protected void NotifyChanged()
        {
            EntityChangedHandler handler = Changed;
            if (handler != null)
            {
                handler(this);
            }
        }
    }
}
