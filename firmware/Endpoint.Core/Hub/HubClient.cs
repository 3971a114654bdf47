using System;
using System.Collections;
using Endpoint.Core.Hardware;
using Endpoint.Core.Json;
using Endpoint.Core.Model;
using Endpoint.Core.Net;
using Endpoint.Core.Runtime;
using Endpoint.Core.Storage;
using Endpoint.Core.Text;

namespace Endpoint.Core.Hub
{
    /// <summary>
    /// Speaks the hub protocol (DESIGN.md §5) over an <see cref="IMqttTransport"/>: availability with a
    /// will, retained entity states at QoS 1, the description document, Home Assistant discovery,
    /// telemetry, commands with validation and error replies, reconnect with backoff, and an offline
    /// queue. Transport events arrive on network threads and are posted into the loop; everything
    /// else runs on the loop.
    /// </summary>
    public sealed class HubClient
    {
        private const string Tag = "hub";
        private const string Online = "online";
        private const string Offline = "offline";
        private const string FlushSuffix = "flush";

        private readonly DeviceIdentity _identity;
        private readonly IMqttTransport _mqtt;
        private readonly IScheduler _scheduler;
        private readonly IClock _clock;
        private readonly ILog _log;
        private readonly ISystemInfo _system;
        private readonly IWifiStation _wifi;
        private readonly HubOptions _options;
        private readonly ArrayList _entities = new ArrayList();
        private readonly Hashtable _commands = new Hashtable();
        private readonly Hashtable _commandLimits = new Hashtable();
        private readonly ArrayList _extraTopics = new ArrayList();
        private readonly ArrayList _extraHandlers = new ArrayList();
        private readonly ByteBuffer _buffer = new ByteBuffer(512);
        private readonly JsonWriter _json;
        private readonly JsonWriter _resultJson = new JsonWriter(new ByteBuffer(128));
        private int _statePublishes;
        private readonly Backoff _backoff;
        private readonly OfflineQueue _queue;
        private readonly ArrayList _flushes = new ArrayList();
        private bool _flushSubscribed;
        private int _flushSequence;

        private MqttConnectOptions _connect;
        private HubState _state = HubState.Stopped;
        private int _retryTimer;
        private int _telemetryTimer;
        private string _base;
        private string _statusTopic;
        private string _descriptionTopic;
        private string _telemetryTopic;
        private string _cmdPrefix;
        private string _haStatusTopic;

        /// <summary>
        /// What a <see cref="DeviceCommandHandler"/> returns for a message it ignores on purpose: no result is
        /// published and nothing is counted (the OTA command ignores the empty payload that clears a retained
        /// offer, MQTT 3.1.1 §3.3.1.3). Compared by reference, so no error text can be mistaken for it.
        /// </summary>
        public static readonly string Ignored = "ignored";

        /// <summary>Creates the client; call <see cref="Configure"/> and <see cref="Start"/> to connect.</summary>
        public HubClient(DeviceIdentity identity, Platform platform, HubOptions options)
        {
            _identity = identity;
            _mqtt = platform.Mqtt;
            _scheduler = platform.Loop;
            _clock = platform.Clock;
            _log = platform.Log;
            _system = platform.SystemInfo;
            _wifi = platform.Wifi;
            _options = options;
            _json = new JsonWriter(_buffer);
            _backoff = new Backoff(options.BackoffInitialMs, options.BackoffMaxMs, platform.Random != null ? platform.Random : new Random());
            _queue = new OfflineQueue(options.OfflineQueueCapacity);
            SetTopics();

            _mqtt.Connected += () => _scheduler.Post(OnConnected);
            _mqtt.Closed += (reason, detail) => _scheduler.Post(() => OnClosed(reason, detail));
            _mqtt.MessageReceived += (topic, payload) => _scheduler.Post(() => OnMessage(topic, payload));

            RegisterCommand("telemetry", (payload, offset, count, result) =>
            {
                PublishTelemetry();
                return null;
            });
        }

        /// <summary>Connection state changes (on the loop).</summary>
        public event HubStateChangedHandler StateChanged;

        /// <summary>Current state.</summary>
        public HubState State
        {
            get { return _state; }
        }

        /// <summary>Protocol options.</summary>
        public HubOptions Options
        {
            get { return _options; }
        }

        /// <summary>True once <see cref="Configure"/> has been given a broker.</summary>
        public bool IsConfigured
        {
            get { return _connect != null; }
        }

        /// <summary>The broker as a URL without credentials (<c>mqtt://host:port</c>, <c>mqtts://…</c>), or null when none is configured.</summary>
        public string BrokerUrl
        {
            get { return _connect == null ? null : (_connect.UseTls ? "mqtts://" : "mqtt://") + _connect.Host + ":" + _connect.Port; }
        }

        /// <summary>The device's base topic, <c>endpoint/&lt;id&gt;</c>.</summary>
        public string BaseTopic
        {
            get { return _base; }
        }

        /// <summary>The offline queue (for diagnostics and tests).</summary>
        public OfflineQueue Queue
        {
            get { return _queue; }
        }

        /// <summary>
        /// CRC-32 of the description and discovery documents last announced (0 before any). With
        /// <see cref="HubOptions.SkipUnchangedAnnouncements"/>, a device that sleeps keeps it across boots
        /// (in its settings) and sets it back before connecting, so an unchanged device does not resend them.
        /// </summary>
        public uint AnnouncedHash { get; set; }

        /// <summary>Successful connects.</summary>
        public int Connects { get; private set; }

        /// <summary>Failed or lost connections.</summary>
        public int Disconnects { get; private set; }

        /// <summary>Messages handed to the transport.</summary>
        public int Published { get; private set; }

        /// <summary>Commands applied.</summary>
        public int CommandsApplied { get; private set; }

        /// <summary>Commands refused with an error reply.</summary>
        public int CommandsRefused { get; private set; }

        /// <summary>Sets the broker. The will (status <c>offline</c>, retained) is added here.</summary>
        public void Configure(MqttConnectOptions options)
        {
            options.ClientId = _identity.Id;
            options.WillTopic = _statusTopic;
            options.WillPayload = new byte[] { (byte)'o', (byte)'f', (byte)'f', (byte)'l', (byte)'i', (byte)'n', (byte)'e' };
            options.WillQos = 1;
            options.WillRetain = true;
            _connect = options;
        }

        /// <summary>Adds an entity: its state is published on change, its commands routed to it.</summary>
        public void AddEntity(Entity entity)
        {
            entity.StateTopic = entity.MakeStateTopic(_base);
            entity.CommandTopic = entity.Writable ? _base + "/" + entity.Id + "/set" : null;
            entity.Changed += OnEntityChanged;
            _entities.Add(entity);
        }

        /// <summary>The registered entities, in order.</summary>
        public Entity[] Entities
        {
            get
            {
                Entity[] all = new Entity[_entities.Count];
                for (int i = 0; i < all.Length; i++)
                {
                    all[i] = (Entity)_entities[i];
                }

                return all;
            }
        }

        /// <summary>Finds an entity by id, or null.</summary>
        public Entity FindEntity(string id)
        {
            for (int i = 0; i < _entities.Count; i++)
            {
                Entity e = (Entity)_entities[i];
                if (e.Id == id)
                {
                    return e;
                }
            }

            return null;
        }

        /// <summary>Adds a device command, <c>endpoint/&lt;id&gt;/cmd/&lt;name&gt;</c>.</summary>
        public void RegisterCommand(string name, DeviceCommandHandler handler)
        {
            _commands[name] = handler;
        }

        /// <summary>
        /// Adds a device command whose payloads may be up to <paramref name="maxPayloadBytes"/> instead of
        /// <see cref="HubOptions.MaxCommandBytes"/> (an OTA offer carries a whole manifest).
        /// </summary>
        public void RegisterCommand(string name, DeviceCommandHandler handler, int maxPayloadBytes)
        {
            _commands[name] = handler;
            _commandLimits[name] = maxPayloadBytes;
        }

        /// <summary>
        /// Subscribes to one exact topic under the device's base topic (e.g. <c>ota/block</c> for
        /// <c>endpoint/&lt;id&gt;/ota/block</c>) for a feature beyond entities and commands (OTA, provisioning).
        /// The subscription is renewed on every connect; the handler runs on the loop.
        /// </summary>
        public void Subscribe(string suffix, MqttMessageHandler handler)
        {
            string topic = _base + "/" + suffix;
            _extraTopics.Add(topic);
            _extraHandlers.Add(handler);
            if (_state == HubState.Online)
            {
                _mqtt.Subscribe(topic, 1);
            }
        }

        /// <summary>
        /// Publishes to <c>endpoint/&lt;id&gt;/&lt;suffix&gt;</c>; while offline the message is queued
        /// (a non-null <paramref name="key"/> keeps only the newest message with that key).
        /// </summary>
        public void Publish(string suffix, byte[] payload, int offset, int count, int qos, bool retain, string key)
        {
            string topic = _base + "/" + suffix;
            if (_state == HubState.Online && _mqtt.Publish(topic, payload, offset, count, qos, retain))
            {
                Published++;
                return;
            }

            _queue.Enqueue(key, topic, payload, offset, count, qos, retain, false);
        }

        /// <summary>Starts connecting (and keeps reconnecting) until <see cref="Stop()"/>.</summary>
        public void Start()
        {
            if (_connect == null)
            {
                LogAt(LogLevel.Error, "no hub configured");
                return;
            }

            if (_state != HubState.Stopped)
            {
                return;
            }

            if (_telemetryTimer == 0 && _options.TelemetryIntervalMs > 0)
            {
                _telemetryTimer = _scheduler.SetInterval(_options.TelemetryIntervalMs, PublishTelemetry);
            }

            ConnectNow();
        }

        /// <summary>Announces <c>offline</c> and disconnects cleanly; no further reconnects.</summary>
        public void Stop()
        {
            Stop(true);
        }

        /// <summary>
        /// Disconnects cleanly; no further reconnects. With <paramref name="announceOffline"/> false the
        /// status stays <c>online</c>: a device going to deep sleep is not gone, and the clean DISCONNECT
        /// makes the broker discard the will.
        /// </summary>
        public void Stop(bool announceOffline)
        {
            HubState previous = _state;
            SetState(HubState.Stopped, "stopped");
            Cancel(ref _retryTimer);
            Cancel(ref _telemetryTimer);
            FailFlushes();
            if (previous == HubState.Online && announceOffline)
            {
                // A clean DISCONNECT makes the broker discard the will (MQTT 3.1.1 §3.1.2.5), so say offline ourselves.
                _buffer.Clear();
                _buffer.AppendUtf8(Offline);
                Send(_statusTopic, 1, true);
            }

            _mqtt.Disconnect();
        }

        /// <summary>Publishes the telemetry document now.</summary>
        public void PublishTelemetry()
        {
            _json.Reset();
            _json.BeginObject();
            _json.Property("uptime", _clock.UptimeMs / 1000);
            if (_wifi != null)
            {
                _json.Property("rssi", (long)_wifi.Rssi);
                if (_wifi.IpAddress != null)
                {
                    _json.Property("ip", _wifi.IpAddress);
                }
            }

            if (_system != null)
            {
                _json.Property("free_memory", _system.FreeMemory);
                _json.Property("reset_reason", _system.ResetReason);
            }

            _json.Property("firmware", _identity.FirmwareVersion);
            _json.EndObject();
            PublishOrQueue("telemetry", _telemetryTopic, 0, false, true);
        }

        /// <summary>Publishes the description document and, when enabled, every discovery config.</summary>
        public void PublishAnnouncements()
        {
            WriteDescription(_json);
            Send(_descriptionTopic, 1, true);
            if (_options.Discovery)
            {
                PublishDiscovery();
            }

            AnnouncedHash = ComputeAnnouncementsHash();
        }

        /// <summary>CRC-32 over the description document and every discovery config with its topic, as they would be published now.</summary>
        public uint ComputeAnnouncementsHash()
        {
            WriteDescription(_json);
            uint crc = Crc32.Compute(_json.Buffer.Data, 0, _json.Buffer.Length);
            if (_options.Discovery)
            {
                for (int i = 0; i < _entities.Count; i++)
                {
                    Entity e = (Entity)_entities[i];
                    _buffer.Clear();
                    _buffer.AppendUtf8(DiscoveryTopic(e));
                    crc = Crc32.Update(crc, _buffer.Data, 0, _buffer.Length);
                    WriteDiscovery(e, _json);
                    crc = Crc32.Update(crc, _json.Buffer.Data, 0, _json.Buffer.Length);
                }
            }

            return crc;
        }

        /// <summary>
        /// Calls <paramref name="done"/> with true once the broker has received everything published before
        /// this call, or with false after <paramref name="timeoutMs"/>, when offline, or when the hub stops.
        /// The transport has no acknowledgement API, so a QoS 1 marker goes to <c>endpoint/&lt;id&gt;/flush</c>,
        /// which the client subscribes to: a broker handles one connection's packets in order, so when the
        /// marker comes back every earlier publish has arrived. A device calls this before deep sleep.
        /// </summary>
        public void Flush(long timeoutMs, HubFlushHandler done)
        {
            if (_state != HubState.Online)
            {
                done(false);
                return;
            }

            if (!_flushSubscribed)
            {
                _flushSubscribed = true;
                Subscribe(FlushSuffix, OnFlushEcho);
            }

            PendingFlush pending = new PendingFlush();
            pending.Sequence = ++_flushSequence;
            pending.Done = done;
            pending.Timer = _scheduler.SetTimeout(timeoutMs, () => CompleteFlushes(pending.Sequence, false));
            _flushes.Add(pending);
            _buffer.Clear();
            _buffer.AppendInteger(pending.Sequence);
            Send(_base + "/" + FlushSuffix, 1, false);
        }

        /// <summary>Writes the device description document (DESIGN.md §5) into <paramref name="json"/>.</summary>
        public void WriteDescription(JsonWriter json)
        {
            json.Reset();
            json.BeginObject();
            json.Property("id", _identity.Id);
            json.Property("name", _identity.Name);
            json.Property("type", _identity.Type);
            json.Property("board", _identity.Board);
            json.Property("firmware", _identity.FirmwareVersion);
            json.Property("topic", _base);
            json.Name("entities");
            json.BeginArray();
            for (int i = 0; i < _entities.Count; i++)
            {
                Entity e = (Entity)_entities[i];
                json.BeginObject();
                json.Property("id", e.Id);
                json.Property("name", e.Name);
                json.Property("kind", e.Component);
                json.Property("writable", e.Writable);
                if (e.DeviceClass != null)
                {
                    json.Property("device_class", e.DeviceClass);
                }

                if (e.Category != EntityCategory.None)
                {
                    json.Property("category", CategoryName(e.Category));
                }

                if (e.StateTopic != null)
                {
                    json.Property(e.HasState ? "state_topic" : "event_topic", e.StateTopic);
                }

                if (e.CommandTopic != null)
                {
                    json.Property("command_topic", e.CommandTopic);
                }

                e.WriteDescription(json);
                json.EndObject();
            }

            json.EndArray();
            json.Name("commands");
            json.BeginArray();
            foreach (object name in _commands.Keys)
            {
                json.String((string)name);
            }

            json.EndArray();
            json.EndObject();
        }

        /// <summary>The discovery topic of <paramref name="entity"/>: <c>homeassistant/&lt;component&gt;/&lt;id&gt;_&lt;entity&gt;/config</c>.</summary>
        public string DiscoveryTopic(Entity entity)
        {
            return _options.DiscoveryPrefix + "/" + entity.Component + "/" + _identity.Id + "_" + entity.Id + "/config";
        }

        /// <summary>Writes the Home Assistant MQTT discovery config of <paramref name="entity"/>.</summary>
        public void WriteDiscovery(Entity entity, JsonWriter json)
        {
            json.Reset();
            json.BeginObject();
            json.Property("name", entity.Name);
            json.Property("unique_id", _identity.Id + "_" + entity.Id);
            if (entity.StateTopic != null)
            {
                json.Property("state_topic", entity.StateTopic);
            }

            if (entity.CommandTopic != null)
            {
                json.Property("command_topic", entity.CommandTopic);
            }

            if (_options.Availability)
            {
                json.Property("availability_topic", _statusTopic);
                json.Property("payload_available", Online);
                json.Property("payload_not_available", Offline);
            }

            json.Property("qos", 1);
            if (entity.DeviceClass != null)
            {
                json.Property("device_class", entity.DeviceClass);
            }

            if (entity.Icon != null)
            {
                json.Property("icon", entity.Icon);
            }

            if (entity.Category != EntityCategory.None)
            {
                json.Property("entity_category", CategoryName(entity.Category));
            }

            entity.WriteDiscovery(json);
            json.Name("device");
            json.BeginObject();
            json.Name("identifiers");
            json.BeginArray();
            json.String("endpoint_" + _identity.Id);
            json.EndArray();
            json.Property("name", _identity.Name);
            json.Property("manufacturer", "Endpoint");
            json.Property("model", _identity.Type);
            json.Property("hw_version", _identity.Board);
            json.Property("sw_version", _identity.FirmwareVersion);
            json.EndObject();
            json.Name("origin");
            json.BeginObject();
            json.Property("name", "Endpoint");
            json.Property("sw_version", _identity.FirmwareVersion);
            json.EndObject();
            json.EndObject();
        }

        private void PublishDiscovery()
        {
            for (int i = 0; i < _entities.Count; i++)
            {
                Entity e = (Entity)_entities[i];
                WriteDiscovery(e, _json);
                Send(DiscoveryTopic(e), 1, true);
            }
        }

        private void ConnectNow()
        {
            SetState(HubState.Connecting, Target());
            _mqtt.Connect(_connect);
        }

        private void OnConnected()
        {
            if (_state == HubState.Stopped)
            {
                return;
            }

            Connects++;
            _backoff.Reset();
            _mqtt.Subscribe(_base + "/+/set", 1);
            _mqtt.Subscribe(_cmdPrefix + "+", 1);
            if (_options.Discovery)
            {
                _mqtt.Subscribe(_haStatusTopic, 1);
            }

            for (int i = 0; i < _extraTopics.Count; i++)
            {
                _mqtt.Subscribe((string)_extraTopics[i], 1);
            }

            SetState(HubState.Online, Target());
            _buffer.Clear();
            _buffer.AppendUtf8(Online);
            Send(_statusTopic, 1, true);
            if (_options.SkipUnchangedAnnouncements && AnnouncedHash != 0 && ComputeAnnouncementsHash() == AnnouncedHash)
            {
                LogAt(LogLevel.Debug, "announcements unchanged: not resent");
            }
            else
            {
                PublishAnnouncements();
            }

            // After a broker restart its retained store may be empty: every connect republishes every state.
            for (int i = 0; i < _entities.Count; i++)
            {
                Entity e = (Entity)_entities[i];
                if (e.HasState && e.HasValue)
                {
                    PublishState(e);
                }
            }

            _queue.Flush(_mqtt);
            PublishTelemetry();
        }

        private void OnFlushEcho(string topic, byte[] payload)
        {
            int sequence = 0;
            for (int i = 0; i < payload.Length && i < 10; i++)
            {
                byte b = payload[i];
                if (b < (byte)'0' || b > (byte)'9')
                {
                    return; // not our marker: ignore
                }

                sequence = (sequence * 10) + (b - '0');
            }

            CompleteFlushes(sequence, true);
        }

        // Completes every pending flush up to sequence (markers come back in order).
        private void CompleteFlushes(int sequence, bool confirmed)
        {
            while (_flushes.Count > 0)
            {
                PendingFlush first = (PendingFlush)_flushes[0];
                if (first.Sequence > sequence)
                {
                    return;
                }

                _flushes.RemoveAt(0);
                _scheduler.Cancel(first.Timer);
                first.Done(confirmed);
            }
        }

        private void FailFlushes()
        {
            CompleteFlushes(int.MaxValue, false);
        }

        private void OnClosed(MqttCloseReason reason, string detail)
        {
            if (_state == HubState.Stopped || _state == HubState.WaitingToRetry)
            {
                return;
            }

            Disconnects++;
            long delay;
            bool refused = reason == MqttCloseReason.BadCredentials || reason == MqttCloseReason.NotAuthorized
                || reason == MqttCloseReason.IdentifierRejected || reason == MqttCloseReason.UnacceptableProtocolVersion;
            if (refused)
            {
                delay = _options.RefusedRetryMs;
            }
            else
            {
                delay = _backoff.NextDelayMs();
            }

            string what = _state == HubState.Online ? "connection lost" : "cannot connect";
            string message = what + ": " + detail + "; retrying in " + Seconds(delay) + " s";
            LogAt(refused ? LogLevel.Error : LogLevel.Warning, message);
            SetState(HubState.WaitingToRetry, message);
            _retryTimer = _scheduler.SetTimeout(delay, () =>
            {
                _retryTimer = 0;
                if (_state == HubState.WaitingToRetry)
                {
                    ConnectNow();
                }
            });
        }

        private void OnMessage(string topic, byte[] payload)
        {
            if (_state == HubState.Stopped)
            {
                return;
            }

            if (topic == _haStatusTopic)
            {
                // Home Assistant restarted: it forgets discovered entities unless they are announced again.
                if (Utf8.EqualsIgnoreCase(payload, 0, payload.Length, Online) && _options.Discovery)
                {
                    PublishDiscovery();
                    RepublishStates();
                }

                return;
            }

            if (!StartsWith(topic, _base, 0) || topic.Length <= _base.Length + 1 || topic[_base.Length] != '/')
            {
                return;
            }

            int rest = _base.Length + 1;
            for (int i = 0; i < _extraTopics.Count; i++)
            {
                if (topic == (string)_extraTopics[i])
                {
                    ((MqttMessageHandler)_extraHandlers[i])(topic, payload);
                    return;
                }
            }

            if (StartsWith(topic, _cmdPrefix, 0) && topic.Length > _cmdPrefix.Length)
            {
                HandleDeviceCommand(topic.Substring(_cmdPrefix.Length), payload);
                return;
            }

            for (int i = 0; i < _entities.Count; i++)
            {
                Entity e = (Entity)_entities[i];
                if (e.CommandTopic != null && e.CommandTopic.Length == topic.Length && StartsWith(topic, e.CommandTopic, rest))
                {
                    HandleEntityCommand(e, payload);
                    return;
                }
            }

            if (topic.EndsWith("/set"))
            {
                ReplyError(topic + "/result", "unknown entity");
            }
        }

        private void HandleEntityCommand(Entity entity, byte[] payload)
        {
            int before = _statePublishes;
            string error = CheckPayload(payload, _options.MaxCommandBytes);
            if (error == null)
            {
                error = entity.ApplyCommand(payload, 0, payload.Length);
            }

            if (error != null)
            {
                CommandsRefused++;
                LogAt(LogLevel.Warning, entity.Id + ": command refused: " + error);
                ReplyError(entity.CommandTopic + "/result", error);
                return;
            }

            CommandsApplied++;
            if (_log != null && _log.IsEnabled(LogLevel.Info))
            {
                int shown = payload.Length > 64 ? 64 : payload.Length;
                _log.Write(LogLevel.Info, Tag, "command " + entity.Id + " <- " + System.Text.Encoding.UTF8.GetString(payload, 0, shown));
            }

            // Commands are idempotent: a command that changed nothing still confirms the state
            // (a change has already been published by OnEntityChanged).
            if (entity.HasState && entity.HasValue && _statePublishes == before)
            {
                PublishState(entity);
            }
        }

        private void HandleDeviceCommand(string name, byte[] payload)
        {
            string resultTopic = _cmdPrefix + name + "/result";
            DeviceCommandHandler handler = (DeviceCommandHandler)_commands[name];
            object limit = _commandLimits[name];
            string error = handler == null ? "unknown command" : CheckPayload(payload, limit == null ? _options.MaxCommandBytes : (int)limit);

            // The result has its own buffer: handlers may publish (telemetry) through the shared one.
            JsonWriter result = _resultJson;
            result.Reset();
            result.BeginObject();
            if (error == null)
            {
                result.Property("ok", true);
                try
                {
                    error = handler(payload, 0, payload.Length, result);
                }
                catch (Exception ex)
                {
                    error = "command failed: " + ex.Message;
                }

                if (object.ReferenceEquals(error, Ignored))
                {
                    LogAt(LogLevel.Debug, "command " + name + " ignored");
                    return;
                }
            }

            if (error != null)
            {
                CommandsRefused++;
                LogAt(LogLevel.Warning, "command " + name + " refused: " + error);
                ReplyError(resultTopic, error);
                return;
            }

            CommandsApplied++;
            LogAt(LogLevel.Info, "command " + name + " done");
            result.EndObject();
            if (_state == HubState.Online && _mqtt.Publish(resultTopic, result.Buffer.Data, 0, result.Buffer.Length, 1, false))
            {
                Published++;
                return;
            }

            _queue.Enqueue(null, resultTopic, result.Buffer.Data, 0, result.Buffer.Length, 1, false, false);
        }

        private static string CheckPayload(byte[] payload, int maxBytes)
        {
            if (payload.Length > maxBytes)
            {
                return "payload too large (" + payload.Length + " bytes, at most " + maxBytes + ")";
            }

            if (!Utf8.IsValid(payload, 0, payload.Length))
            {
                return "payload is not valid UTF-8";
            }

            return null;
        }

        private void ReplyError(string topic, string error)
        {
            _json.Reset();
            _json.BeginObject();
            _json.Property("ok", false);
            _json.Property("error", error);
            _json.EndObject();
            PublishOrQueue(null, topic, 1, false, false);
        }

        private void OnEntityChanged(Entity entity)
        {
            if (entity.StateTopic == null)
            {
                return;
            }

            if (!entity.HasState)
            {
                // Events are not retained and not recoverable from the model: queue them while offline.
                _buffer.Clear();
                entity.WriteState(_buffer);
                PublishOrQueue(null, entity.StateTopic, 1, false, false);
                return;
            }

            if (_state == HubState.Online)
            {
                PublishState(entity);
            }
        }

        private void RepublishStates()
        {
            for (int i = 0; i < _entities.Count; i++)
            {
                Entity e = (Entity)_entities[i];
                if (e.HasState && e.HasValue)
                {
                    PublishState(e);
                }
            }
        }

        private void PublishState(Entity entity)
        {
            _statePublishes++;
            _buffer.Clear();
            entity.WriteState(_buffer);
            Send(entity.StateTopic, 1, true);
        }

        private void PublishOrQueue(string key, string topic, int qos, bool retain, bool droppable)
        {
            if (_state == HubState.Online && _mqtt.Publish(topic, _buffer.Data, 0, _buffer.Length, qos, retain))
            {
                Published++;
                return;
            }

            _queue.Enqueue(key, topic, _buffer.Data, 0, _buffer.Length, qos, retain, droppable);
        }

        private void Send(string topic, int qos, bool retain)
        {
            if (_mqtt.Publish(topic, _buffer.Data, 0, _buffer.Length, qos, retain))
            {
                Published++;
            }
        }

        private string Target()
        {
            return _connect.Port == 0 ? _connect.Host : _connect.Host + ":" + _connect.Port;
        }

        private void SetTopics()
        {
            _base = _options.TopicPrefix + "/" + _identity.Id;
            _statusTopic = _base + "/status";
            _descriptionTopic = _base + "/description";
            _telemetryTopic = _base + "/telemetry";
            _cmdPrefix = _base + "/cmd/";
            _haStatusTopic = _options.DiscoveryPrefix + "/status";
        }

        private void SetState(HubState state, string detail)
        {
            if (_state == state)
            {
                return;
            }

            _state = state;
            if (state == HubState.Online)
            {
                LogAt(LogLevel.Info, "online at " + detail);
            }

            HubStateChangedHandler handler = StateChanged;
            if (handler != null)
            {
                handler(state, detail);
            }
        }

        private void Cancel(ref int timer)
        {
            if (timer != 0)
            {
                _scheduler.Cancel(timer);
                timer = 0;
            }
        }

        private void LogAt(LogLevel level, string message)
        {
            if (_log != null && _log.IsEnabled(level))
            {
                _log.Write(level, Tag, message);
            }
        }

        private static string CategoryName(EntityCategory category)
        {
            return category == EntityCategory.Config ? "config" : "diagnostic";
        }

        private static long Seconds(long ms)
        {
            return (ms + 500) / 1000;
        }

        // Ordinal comparison of s against text[start…] without allocating.
        private static bool StartsWith(string text, string s, int start)
        {
            if (text.Length < s.Length)
            {
                return false;
            }

            for (int i = start; i < s.Length; i++)
            {
                if (text[i] != s[i])
                {
                    return false;
                }
            }

            return true;
        }

        private sealed class PendingFlush
        {
            public int Sequence;
            public int Timer;
            public HubFlushHandler Done;
        }
    }
}
