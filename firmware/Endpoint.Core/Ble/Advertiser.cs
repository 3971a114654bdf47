using System;
using System.Collections;
using Endpoint.Core.Model;
using Endpoint.Core.Runtime;

namespace Endpoint.Core.Ble
{
    /// <summary>
    /// The owner of the radio's one advertising slot. Advertises entities as BTHome v2: a component that reads
    /// the bound entities into BTHome objects, lays them out with <see cref="AdvertisementBuilder"/> and puts
    /// the packet on the air — at once when an entity changes, and every <see cref="IntervalMs"/> to move
    /// to the next packet when the readings need several (rotation). Other users of the air register an
    /// <see cref="IAdvertisementSource"/> (Improv provisioning) and get their turn in the same rotation.
    /// </summary>
    /// <remarks>
    /// Rotation: the BTHome packets (when any entity is bound) take one turn, each registered source one turn,
    /// one turn per interval — so with Improv running, BTHome and Improv alternate and each is on the air every
    /// other interval, whatever the number of BTHome packets ("If the device cannot fit all of its advertising
    /// data in 31 bytes, it should cycle between advertising data", improv-wifi.com/ble). A change — an entity
    /// (new readings or an event) or a source (<see cref="Update"/>: an Improv state change, which "MUST be
    /// advertised … when the state changes") — goes on the air at once. The radio is called only when the bytes
    /// on the air change. Without bound entities nothing but the sources is advertised, and nothing at all
    /// when there are none.
    /// <para>Packet id (object 0x00, bthome.io/format): a receiver drops a packet whose id it has just seen, so
    /// the id changes exactly when a packet with different content goes on the air (a change, or the next
    /// packet of a rotation) and stays the same while the same packet is repeated. An event (button press)
    /// is carried by one packet id only — its packet stays on the air until the next interval and the
    /// event is not sent again — so receivers fire it once. With encryption, the counter also advances per
    /// new packet; the first value must be one this key has never used (persist a block reservation).
    /// After warm-up a refresh allocates nothing.</para>
    /// </remarks>
    public sealed class Advertiser : Component
    {
        /// <summary>Default rotation and refresh period.</summary>
        public const long DefaultIntervalMs = 1000;

        /// <summary>Default time new advertising data stays on the air before the device may sleep.</summary>
        public const long DefaultBurstMs = 1000;

        /// <summary>The name this advertiser holds <see cref="StayAwake"/> under.</summary>
        public const string AwakeHolder = "ble";

        private const int Capacity = 24;

        private readonly IBleRadio _radio;
        private readonly string _name;
        private readonly BthomeEncoder _encoder = new BthomeEncoder();
        private readonly AdvertisementBuilder _builder;
        private readonly BthomeReadings _readings = new BthomeReadings(Capacity);
        private readonly ArrayList _bindings = new ArrayList();
        private readonly ArrayList _sources = new ArrayList();
        private readonly byte[] _air = new byte[AdType.LegacyLimit];
        private readonly byte[] _sourceAir = new byte[AdType.LegacyLimit];
        private readonly byte[] _shown = new byte[AdType.LegacyLimit];
        private readonly byte[] _onAir = new byte[AdType.LegacyLimit];
        private readonly byte[] _candidate = new byte[AdType.LegacyLimit];
        private readonly LoopAction _refreshAction;
        private readonly LoopAction _burstAction;
        private int _burstTimer;
        private long _burstUntil;
        private bool _burstPending;
        private int _burstLeft;
        private int _airLength;
        private int _shownLength = -1;
        private int _slot;
        private int _onAirLength = -1;
        private int _onAirGroup = -1;
        private int _group;
        private int _changedObject = -1;
        private bool _refreshPosted;
        private bool _forceNewPacket;
        private bool _started;
        private byte _packetId;
        private uint _counter;
        private int _advertisements;

        /// <summary>Creates an advertiser named <paramref name="name"/> (the local name in every packet).</summary>
        public Advertiser(IBleRadio radio, string name)
            : base("ble")
        {
            if (radio == null)
            {
                throw new ArgumentNullException("radio");
            }

            _radio = radio;
            _name = name;
            _builder = new AdvertisementBuilder(name, _encoder, true, Capacity);
            _refreshAction = RunPostedRefresh;
            _burstAction = OnBurstTimer;
            IntervalMs = DefaultIntervalMs;
            BurstMs = DefaultBurstMs;
        }

        /// <summary>Rotation and refresh period in milliseconds; set before the endpoint starts.</summary>
        public long IntervalMs { get; set; }

        /// <summary>
        /// How long new advertising data must stay on the air before the device may deep-sleep (held on
        /// <see cref="Awake"/>): the radio sends it once per advertising event, and a scanner hears only the events
        /// that fall into its scan windows, so a sleepy device advertises a burst rather than a single packet.
        /// </summary>
        public long BurstMs { get; set; }

        /// <summary>The device's stay-awake seam (set by the runtime); null: nothing is held.</summary>
        public StayAwake Awake { get; set; }

        /// <summary>Marks the device trigger-based in the device information byte (sleepy sensors).</summary>
        public bool TriggerBased
        {
            get { return _encoder.TriggerBased; }
            set { _encoder.TriggerBased = value; }
        }

        /// <summary>Packets in the current rotation (1 when everything fits one advertisement).</summary>
        public int PacketCount
        {
            get { return _builder.GroupCount; }
        }

        /// <summary>Packet id of the packet on the air.</summary>
        public byte PacketId
        {
            get { return _packetId; }
        }

        /// <summary>Encryption counter of the packet on the air.</summary>
        public uint Counter
        {
            get { return _counter; }
        }

        /// <summary>How many times a new BTHome packet was handed to the radio.</summary>
        public int Advertisements
        {
            get { return _advertisements; }
        }

        /// <summary>The builder (name shortening, room per packet).</summary>
        public AdvertisementBuilder Builder
        {
            get { return _builder; }
        }

        /// <summary>
        /// Encrypts every packet with the 16-byte <paramref name="bindKey"/>, counting from
        /// <paramref name="firstCounter"/> (exclusive: the first packet uses firstCounter + 1).
        /// </summary>
        public void EnableEncryption(byte[] bindKey, uint firstCounter)
        {
            byte[] mac = new byte[6];
            if (!BleAddress.TryParse(_radio.Address, mac))
            {
                throw new ArgumentException("radio address '" + _radio.Address + "' is not AA:BB:CC:DD:EE:FF");
            }

            _encoder.EnableEncryption(bindKey, mac);
            _counter = firstCounter;
        }

        /// <summary>Advertises a switch as a binary object (e.g. 0x10 power).</summary>
        public void Add(SwitchEntity entity, byte objectId)
        {
            Bind(entity, new SwitchSource(entity, objectId));
        }

        /// <summary>Advertises a binary sensor (0x11 opening, 0x1A door, 0x21 motion, 0x23 occupancy, …).</summary>
        public void Add(BinarySensorEntity entity, byte objectId)
        {
            Bind(entity, new BinarySource(entity, objectId));
        }

        /// <summary>Advertises a sensor as a numeric object (0x02 temperature, 0x0B power, …).</summary>
        public void Add(SensorEntity entity, byte objectId)
        {
            Bind(entity, new SensorSource(entity, objectId, -1));
        }

        /// <summary>
        /// Advertises a sensor as <paramref name="objectId"/>, or as <paramref name="widerObjectId"/> when
        /// the value does not fit (0x0C voltage → 0x4A for mains, 0x0A energy → 0x4D).
        /// </summary>
        public void Add(SensorEntity entity, byte objectId, byte widerObjectId)
        {
            Bind(entity, new SensorSource(entity, objectId, widerObjectId));
        }

        /// <summary>Advertises button events (0x3A): press, double_press, triple_press, long_press, … hold_press.</summary>
        public void Add(EventEntity entity)
        {
            Bind(entity, new EventSource(entity));
        }

        /// <inheritdoc />
        public override void Setup()
        {
            _started = true;
            if (_bindings.Count > 0)
            {
                Refresh(false);
            }
            else if (_sources.Count > 0)
            {
                ShowSource(0);
            }

            Scheduler.SetInterval(IntervalMs, Tick);
        }

        /// <summary>
        /// Gives <paramref name="source"/> a turn in the rotation and puts it on the air at once (nothing when it
        /// is registered already).
        /// </summary>
        public void AddSource(IAdvertisementSource source)
        {
            if (source == null)
            {
                throw new ArgumentNullException("source");
            }

            if (_sources.Contains(source))
            {
                return;
            }

            _sources.Add(source);
            Update(source);
        }

        /// <summary>
        /// Takes <paramref name="source"/> out of the rotation. If it was on the air, the next turn's data replaces
        /// it at once; when nothing is left to advertise, advertising stops.
        /// </summary>
        public void RemoveSource(IAdvertisementSource source)
        {
            int index = _sources.IndexOf(source);
            if (index < 0)
            {
                return;
            }

            _sources.RemoveAt(index);
            int slot = index + 1;
            if (_slot > slot)
            {
                _slot--;
                return;
            }

            if (_slot < slot || !_started)
            {
                return;
            }

            if (_bindings.Count > 0)
            {
                _slot = 0;
                Refresh(false);
            }
            else if (_sources.Count > 0)
            {
                ShowSource(index < _sources.Count ? index : 0);
            }
            else
            {
                _slot = 0;
                _shownLength = -1;
                _radio.StopAdvertising();
            }
        }

        /// <summary>The content of <paramref name="source"/> changed: puts it on the air now (if it is registered).</summary>
        public void Update(IAdvertisementSource source)
        {
            int index = _sources.IndexOf(source);
            if (index >= 0 && _started)
            {
                ShowSource(index);
            }
        }

        /// <summary>True while <paramref name="source"/> has a turn in the rotation.</summary>
        public bool Has(IAdvertisementSource source)
        {
            return _sources.Contains(source);
        }

        /// <inheritdoc />
        public override void DumpConfig()
        {
            if (_bindings.Count == 0)
            {
                return;
            }

            // Before the first reading there is nothing to pack yet (no empty packet goes on the air).
            string packets = _builder.GroupCount == 0 ? "advertised once read" : "in " + _builder.GroupCount + " packet(s)";
            LogInfo("BTHome v2 as '" + _name + "' (" + _radio.Address + "): " + _bindings.Count + " reading(s) "
                + packets + ", every " + IntervalMs + " ms"
                + (_builder.NameShortened ? ", name shortened to " + _builder.NameLength + " bytes" : string.Empty)
                + (_encoder.Encrypted ? ", encrypted" : string.Empty)
                + (_encoder.TriggerBased ? ", trigger-based" : string.Empty));
        }

        /// <summary>
        /// Reads the entities and puts the current BTHome packet on the air if its content changed (or if it is
        /// BTHome's turn and another source's data is on the air). With <paramref name="advance"/>, moves to the
        /// next packet of the BTHome rotation first.
        /// </summary>
        public void Refresh(bool advance)
        {
            if (_bindings.Count == 0)
            {
                return;
            }

            _readings.Clear();
            for (int i = 0; i < _bindings.Count; i++)
            {
                Source source = (Source)_bindings[i];
                if (!source.Collect(_readings) && !source.Warned)
                {
                    source.Warned = true;
                    LogWarning("value of '" + source.EntityId + "' does not fit BTHome object 0x" + source.ObjectId.ToString("X2") + "; not advertised");
                }
            }

            if (_readings.Count == 0)
            {
                return; // no entity has a value yet (a sensor before its first reading): nothing worth a packet
            }

            int groups = _builder.Split(_readings);
            if (_changedObject >= 0)
            {
                // Show a change (or an event) at once rather than when its packet's turn comes.
                int g = _builder.GroupOf(_changedObject);
                _group = g >= 0 ? g : _group;
                _changedObject = -1;
            }
            else if (advance)
            {
                _group++;
            }

            if (_group >= groups)
            {
                _group = 0;
            }

            BthomeReadings objects = _builder.GroupAt(_group);
            int length = BthomeEncoder.WriteObjects(false, 0, objects, _candidate, 0);
            if (!_forceNewPacket && _group == _onAirGroup && length == _onAirLength && Same(_candidate, _onAir, length))
            {
                if (_slot != 0)
                {
                    return; // unchanged readings never take another source's turn
                }

                Put(_air, _airLength);
                return;
            }

            _forceNewPacket = false;

            _packetId++;
            if (_encoder.Encrypted)
            {
                _counter++;
            }

            _airLength = _builder.Render(_group, _packetId, _counter, _air, 0);
            _slot = 0;
            Put(_air, _airLength);
            HoldForBurst(groups);
            _advertisements++;
            Array.Copy(_candidate, _onAir, length);
            _onAirLength = length;
            _onAirGroup = _group;

            // Events ride in exactly one packet id: consume those just put on the air.
            for (int i = 0; i < _bindings.Count; i++)
            {
                ((Source)_bindings[i]).Advertised(objects);
            }

            if (IsLogEnabled(LogLevel.Debug))
            {
                LogDebug("packet " + _packetId + " (" + (_group + 1) + "/" + groups + "), " + _airLength + " bytes");
            }
        }

        private void Bind(Entity entity, Source source)
        {
            _bindings.Add(source);
            entity.Changed += e =>
            {
                if (source.OnChanged())
                {
                    // An event outranks a state change: its packet must go on the air now.
                    if (_changedObject < 0 || source.IsEvent)
                    {
                        _changedObject = source.ObjectId;
                    }

                    // A repeated event (press, press) must go out under a new packet id even though
                    // the packet looks the same as the one on the air.
                    _forceNewPacket |= source.IsEvent;
                    _burstPending = true;

                    RequestRefresh();
                }
            };
        }

        private void RequestRefresh()
        {
            if (!_started || _refreshPosted)
            {
                return;
            }

            _refreshPosted = true;
            Scheduler.Post(_refreshAction);
        }

        private void RunPostedRefresh()
        {
            _refreshPosted = false;
            Refresh(false);
        }

        // One turn per interval: BTHome (its next packet), then each source in order.
        private void Tick()
        {
            if (_sources.Count > 0)
            {
                _slot = (_slot + 1) % (_sources.Count + 1);
                if (_slot == 0 && _bindings.Count == 0)
                {
                    _slot = 1;
                }

                if (_slot > 0)
                {
                    ShowSource(_slot - 1);
                    return;
                }
            }

            Refresh(true);
        }

        private void ShowSource(int index)
        {
            IAdvertisementSource source = (IAdvertisementSource)_sources[index];
            int count = source.Render(_sourceAir, 0);
            _slot = index + 1;
            Put(_sourceAir, count);
        }

        // Hands data to the radio unless exactly these bytes are on the air already.
        private void Put(byte[] data, int count)
        {
            if (count == _shownLength && Same(data, _shown, count))
            {
                return;
            }

            _radio.Advertise(data, 0, count);
            Array.Copy(data, _shown, count);
            _shownLength = count;
        }

        // A packet of new readings went on the air: no deep sleep until it has been there for BurstMs and, when
        // the readings need several packets, until every one of them has had its turn and its burst (one timer,
        // pushed on by each packet of the change). Rotation alone (nothing changed) holds nothing.
        private void HoldForBurst(int groups)
        {
            if (_burstPending)
            {
                _burstPending = false;
                _burstLeft = groups;
            }

            if (_burstLeft == 0 || Awake == null || BurstMs <= 0)
            {
                return;
            }

            _burstLeft--;
            Awake.Hold(AwakeHolder);
            _burstUntil = Clock.UptimeMs + BurstMs;
            if (_burstTimer == 0)
            {
                _burstTimer = Scheduler.SetTimeout(BurstMs, _burstAction);
            }
        }

        private void OnBurstTimer()
        {
            long left = _burstUntil - Clock.UptimeMs;
            if (_burstLeft > 0 && left <= 0)
            {
                left = IntervalMs; // the next packet of the change has not had its turn yet
            }

            if (left > 0)
            {
                _burstTimer = Scheduler.SetTimeout(left, _burstAction);
                return;
            }

            _burstTimer = 0;
            Awake.Release(AwakeHolder);
        }

        private static bool Same(byte[] a, byte[] b, int length)
        {
            for (int i = 0; i < length; i++)
            {
                if (a[i] != b[i])
                {
                    return false;
                }
            }

            return true;
        }

        /// <summary>One bound entity and the object it is advertised as.</summary>
        private abstract class Source
        {
            protected Source(string entityId, byte objectId)
            {
                EntityId = entityId;
                ObjectId = objectId;
            }

            public string EntityId { get; private set; }

            public byte ObjectId { get; private set; }

            public bool Warned { get; set; }

            /// <summary>True for momentary events, which must be advertised once, promptly.</summary>
            public virtual bool IsEvent
            {
                get { return false; }
            }

            /// <summary>Adds the current value; false when it cannot be represented.</summary>
            public abstract bool Collect(BthomeReadings readings);

            /// <summary>The entity changed; true when the advertisement should follow at once.</summary>
            public virtual bool OnChanged()
            {
                return true;
            }

            /// <summary><paramref name="packet"/> (the objects of the packet just put on the air) went on the air.</summary>
            public virtual void Advertised(BthomeReadings packet)
            {
            }
        }

        private sealed class SwitchSource : Source
        {
            private readonly SwitchEntity _entity;

            public SwitchSource(SwitchEntity entity, byte objectId)
                : base(entity.Id, objectId)
            {
                _entity = entity;
            }

            public override bool Collect(BthomeReadings readings)
            {
                return readings.AddRaw(ObjectId, _entity.IsOn ? 1 : 0);
            }
        }

        private sealed class BinarySource : Source
        {
            private readonly BinarySensorEntity _entity;

            public BinarySource(BinarySensorEntity entity, byte objectId)
                : base(entity.Id, objectId)
            {
                _entity = entity;
            }

            public override bool Collect(BthomeReadings readings)
            {
                return !_entity.HasValue || readings.AddRaw(ObjectId, _entity.IsOn ? 1 : 0);
            }
        }

        private sealed class SensorSource : Source
        {
            private readonly SensorEntity _entity;
            private readonly int _wider;

            public SensorSource(SensorEntity entity, byte objectId, int widerObjectId)
                : base(entity.Id, objectId)
            {
                _entity = entity;
                _wider = widerObjectId;
            }

            public override bool Collect(BthomeReadings readings)
            {
                if (!_entity.HasValue)
                {
                    return true;
                }

                double value = _entity.Value;
                return readings.AddValue(ObjectId, value) || (_wider >= 0 && readings.AddValue(_wider, value));
            }
        }

        private sealed class EventSource : Source
        {
            private readonly EventEntity _entity;
            private int _pending;

            public EventSource(EventEntity entity)
                : base(entity.Id, BthomeObjects.Button)
            {
                _entity = entity;
            }

            public override bool IsEvent
            {
                get { return true; }
            }

            public override bool Collect(BthomeReadings readings)
            {
                return _pending <= 0 || readings.AddRaw(ObjectId, _pending);
            }

            public override bool OnChanged()
            {
                int code = BthomeObjects.ButtonEventCode(_entity.LastEvent);
                if (code <= 0)
                {
                    return false;
                }

                _pending = code;
                return true;
            }

            public override void Advertised(BthomeReadings packet)
            {
                for (int i = 0; _pending > 0 && i < packet.Count; i++)
                {
                    if (packet.IdAt(i) == ObjectId && packet.RawAt(i) == _pending)
                    {
                        _pending = 0;
                    }
                }
            }
        }
    }
}
