using System;
using System.Collections.Generic;
using System.Text;
using System.Text.Json;
using System.Threading;
using Endpoint.Core.Hub;
using Endpoint.Core.Runtime;

namespace Endpoint.Host.Hub;

/// <summary>
/// The hub's view of every endpoint, built only from what the endpoints publish (README "Hub
/// protocol"): retained <c>status</c> and <c>description</c>, entity <c>state</c>s, <c>telemetry</c> and
/// <c>ota/status</c>. Generic: the description says which entities exist, with kind and unit, so a
/// new app needs no code here. Used by <c>endpoint monitor</c> and <c>endpoint dashboard</c>.
/// <para>
/// It connects through any <see cref="IMqttTransport"/> (a client to a broker, or the in-process
/// hub) and reconnects by itself. Events are raised on the transport's receive thread, in the
/// order the messages arrived; handlers must be quick and must not block.
/// </para>
/// </summary>
public sealed class HubObserver : IDisposable
{
    private readonly object _lock = new();
    private readonly IMqttTransport _transport;
    private readonly MqttConnectOptions _connect;
    private readonly string _prefix;
    private readonly ILog _log;
    private readonly Dictionary<string, DeviceState> _devices = new(StringComparer.Ordinal);
    private readonly Timer _retry;
    private int _retryDelayMs = 1000;
    private bool _stopped = true;

    /// <summary>Creates the observer; <see cref="Start"/> connects.</summary>
    /// <param name="transport">The MQTT connection to use (owned by the caller).</param>
    /// <param name="connect">Broker and credentials; the client id is made unique when it is null.</param>
    /// <param name="topicPrefix">First topic level of device topics.</param>
    /// <param name="log">Connection events, or null.</param>
    public HubObserver(IMqttTransport transport, MqttConnectOptions connect, string topicPrefix = "endpoint", ILog log = null)
    {
        _transport = transport ?? throw new ArgumentNullException(nameof(transport));
        _connect = connect ?? throw new ArgumentNullException(nameof(connect));
        _connect.ClientId ??= "endpoint-hub-" + Guid.NewGuid().ToString("N")[..10];
        _prefix = topicPrefix;
        _log = log;
        _retry = new Timer(_ => Reconnect());
        _transport.Connected += OnConnected;
        _transport.Closed += OnClosed;
        _transport.MessageReceived += OnMessage;
    }

    /// <summary>A reading arrived (a state, a member of a JSON state, a numeric telemetry field).</summary>
    public event Action<Reading> ReadingReceived;

    /// <summary>Something about the device with this id changed; <see cref="Device"/> gives its new snapshot.</summary>
    public event Action<string> DeviceChanged;

    /// <summary>The connection to the hub came up (true) or went down (false, with the reason).</summary>
    public event Action<bool, string> ConnectionChanged;

    /// <summary>True while connected to the hub.</summary>
    public bool IsConnected => _transport.IsConnected;

    /// <summary>Why the last connection attempt failed or ended, or null.</summary>
    public string LastError { get; private set; }

    /// <summary>Connects, subscribes, and keeps reconnecting until <see cref="Stop"/>.</summary>
    public void Start()
    {
        lock (_lock)
        {
            if (!_stopped)
            {
                return;
            }

            _stopped = false;
        }

        _transport.Connect(_connect);
    }

    /// <summary>Disconnects and stops reconnecting.</summary>
    public void Stop()
    {
        lock (_lock)
        {
            _stopped = true;
        }

        _retry.Change(Timeout.Infinite, Timeout.Infinite);
        _transport.Disconnect();
    }

    /// <inheritdoc />
    public void Dispose()
    {
        Stop();
        _retry.Dispose();
    }

    /// <summary>Snapshots of every device seen, ordered by id (numbers in ids in numeric order: plug-2 before plug-10).</summary>
    public List<ObservedDevice> Devices()
    {
        lock (_lock)
        {
            var all = new List<ObservedDevice>(_devices.Count);
            foreach (var d in _devices.Values)
            {
                all.Add(d.Snapshot());
            }

            all.Sort((a, b) => NaturalOrder.Compare(a.Id, b.Id));
            return all;
        }
    }

    /// <summary>A snapshot of one device, or null when it was never seen.</summary>
    public ObservedDevice Device(string id)
    {
        lock (_lock)
        {
            return _devices.TryGetValue(id, out var d) ? d.Snapshot() : null;
        }
    }

    /// <summary>
    /// Sends a command to an entity after checking it against the entity's description
    /// (<see cref="CommandCheck"/>). Returns null when sent, otherwise why not (one sentence).
    /// </summary>
    public string SendCommand(string deviceId, string entityId, string command)
    {
        ObservedEntity entity;
        lock (_lock)
        {
            if (!_devices.TryGetValue(deviceId, out var d))
            {
                return $"no device '{deviceId}'";
            }

            entity = d.Snapshot().Entity(entityId);
        }

        if (entity == null)
        {
            return $"device '{deviceId}' has no entity '{entityId}'";
        }

        string error = CommandCheck.Check(entity, command, out string payload);
        if (error != null)
        {
            return error;
        }

        byte[] bytes = Encoding.UTF8.GetBytes(payload);
        return _transport.Publish(entity.CommandTopic, bytes, 0, bytes.Length, 1, false) ? null : "not connected to the hub";
    }

    private void OnConnected()
    {
        _retryDelayMs = 1000;
        LastError = null;
        foreach (string suffix in new[] { "status", "description", "+/state", "telemetry", "ota/status" })
        {
            _transport.Subscribe(_prefix + "/+/" + suffix, 1);
        }

        ConnectionChanged?.Invoke(true, "connected");
    }

    private void OnClosed(MqttCloseReason reason, string detail)
    {
        bool again;
        lock (_lock)
        {
            again = !_stopped;
        }

        LastError = reason == MqttCloseReason.Requested ? null : detail;
        ConnectionChanged?.Invoke(false, detail);
        if (again)
        {
            if (_log != null && _log.IsEnabled(LogLevel.Warning))
            {
                _log.Write(LogLevel.Warning, "hub", detail + $"; retrying in {_retryDelayMs / 1000} s");
            }

            _retry.Change(_retryDelayMs, Timeout.Infinite);
            _retryDelayMs = Math.Min(_retryDelayMs * 2, 10_000);
        }
    }

    private void Reconnect()
    {
        lock (_lock)
        {
            if (_stopped)
            {
                return;
            }
        }

        _transport.Connect(_connect);
    }

    private void OnMessage(string topic, byte[] payload)
    {
        // <prefix>/<id>/<rest>
        if (!topic.StartsWith(_prefix, StringComparison.Ordinal) || topic.Length <= _prefix.Length + 1 || topic[_prefix.Length] != '/')
        {
            return;
        }

        int idEnd = topic.IndexOf('/', _prefix.Length + 1);
        if (idEnd < 0)
        {
            return;
        }

        string id = topic.Substring(_prefix.Length + 1, idEnd - _prefix.Length - 1);
        string rest = topic[(idEnd + 1)..];
        string text;
        try
        {
            text = new UTF8Encoding(false, true).GetString(payload);
        }
        catch (ArgumentException)
        {
            return; // not UTF-8: not from an endpoint
        }

        var now = DateTime.UtcNow;
        var readings = new List<Reading>();
        bool changed;
        lock (_lock)
        {
            if (!_devices.TryGetValue(id, out var d))
            {
                d = new DeviceState(id);
                _devices.Add(id, d);
            }

            changed = rest switch
            {
                "status" => d.OnStatus(text),
                "description" => d.OnDescription(text),
                "telemetry" => d.OnTelemetry(text, now, readings),
                "ota/status" => d.OnOta(text, now),
                _ when rest.EndsWith("/state", StringComparison.Ordinal) && rest.IndexOf('/') == rest.Length - 6 =>
                    d.OnState(rest[..^6], text, now, readings),
                _ => false,
            };

            // Retained messages replayed by the broker are no sign of life (the transport does not say
            // which ones are retained; ota/status is retained too): the device was seen when it sent
            // telemetry, said online, or published while online.
            if (changed && (rest is "telemetry" || d.IsOnline))
            {
                d.LastSeen = now;
            }
        }

        foreach (var r in readings)
        {
            ReadingReceived?.Invoke(r);
        }

        if (changed || readings.Count > 0)
        {
            DeviceChanged?.Invoke(id);
        }
    }

    /// <summary>The mutable record of one device, guarded by the observer's lock.</summary>
    private sealed class DeviceState(string id)
    {
        private readonly List<ObservedEntity> _entities = new();
        private Dictionary<string, string> _telemetry = new();
        private ObservedDevice _snapshot;
        private string _name, _type, _board, _firmware;
        private bool? _online;
        private int? _rssi;
        private OtaProgress _ota;
        private DateTime? _lastSeen;

        public bool IsOnline => _online == true;

        public DateTime? LastSeen
        {
            set
            {
                _lastSeen = value;
                _snapshot = null;
            }
        }

        public ObservedDevice Snapshot() => _snapshot ??= new ObservedDevice
        {
            Id = id,
            Name = _name ?? id,
            Type = _type,
            Board = _board,
            Firmware = _firmware ?? (_telemetry.TryGetValue("firmware", out var f) ? f : null),
            Online = _online,
            LastSeen = _lastSeen,
            Rssi = _rssi,
            Entities = _entities.ToArray(),
            Telemetry = _telemetry,
            Ota = _ota,
        };

        public bool OnStatus(string text)
        {
            bool? online = text switch
            {
                "online" => true,
                "offline" => false,
                _ => _online,
            };
            bool changed = online != _online;
            _online = online;
            _snapshot = null;
            return changed;
        }

        public bool OnDescription(string text)
        {
            JsonDocument doc;
            try
            {
                doc = JsonDocument.Parse(text);
            }
            catch (JsonException)
            {
                return false;
            }

            using (doc)
            {
                var root = doc.RootElement;
                if (root.ValueKind != JsonValueKind.Object)
                {
                    return false;
                }

                _name = Str(root, "name");
                _type = Str(root, "type");
                _board = Str(root, "board");
                _firmware = Str(root, "firmware");
                var described = new List<ObservedEntity>();
                if (root.TryGetProperty("entities", out var list) && list.ValueKind == JsonValueKind.Array)
                {
                    foreach (var e in list.EnumerateArray())
                    {
                        string eid = e.ValueKind == JsonValueKind.Object ? Str(e, "id") : null;
                        if (eid == null)
                        {
                            continue;
                        }

                        var old = Find(eid);
                        described.Add(new ObservedEntity
                        {
                            Id = eid,
                            Name = Str(e, "name") ?? eid,
                            Kind = Str(e, "kind") ?? "unknown",
                            Unit = Str(e, "unit"),
                            Writable = e.TryGetProperty("writable", out var w) && w.ValueKind == JsonValueKind.True,
                            Category = Str(e, "category"),
                            DeviceClass = Str(e, "device_class"),
                            FromTelemetry = Str(e, "source") == "telemetry",
                            Options = Strings(e, "options"),
                            Min = e.TryGetProperty("min", out var min) ? StateText.Number(min) : null,
                            Max = e.TryGetProperty("max", out var max) ? StateText.Number(max) : null,
                            BrightnessScale = e.TryGetProperty("brightness_scale", out var bs) && bs.TryGetInt32(out int scale) ? scale : null,
                            CommandTopic = Str(e, "command_topic"),
                            State = old?.State,
                            StateAt = old?.StateAt,
                        });
                    }
                }

                // States seen before the description are kept (their entity may be described later).
                foreach (var e in _entities)
                {
                    if (e.State != null && described.TrueForAll(x => x.Id != e.Id))
                    {
                        described.Add(e with { Kind = "unknown" });
                    }
                }

                _entities.Clear();
                _entities.AddRange(described);
                _snapshot = null;
                return true;
            }
        }

        public bool OnState(string entity, string text, DateTime now, List<Reading> readings)
        {
            var old = Find(entity);
            var updated = (old ?? new ObservedEntity { Id = entity, Name = entity }) with { State = text, StateAt = now };
            if (old == null)
            {
                _entities.Add(updated);
            }
            else
            {
                _entities[_entities.IndexOf(old)] = updated;
            }

            foreach (var (key, value) in StateText.Flatten(entity, text))
            {
                readings.Add(new Reading(now, id, key, value, key == entity ? updated.Unit ?? "" : ""));
            }

            _snapshot = null;
            return true;
        }

        public bool OnTelemetry(string text, DateTime now, List<Reading> readings)
        {
            JsonDocument doc;
            try
            {
                doc = JsonDocument.Parse(text);
            }
            catch (JsonException)
            {
                return false;
            }

            using (doc)
            {
                if (doc.RootElement.ValueKind != JsonValueKind.Object)
                {
                    return false;
                }

                var fields = new Dictionary<string, string>(StringComparer.Ordinal);
                foreach (var m in doc.RootElement.EnumerateObject())
                {
                    string value = StateText.Scalar(m.Value);
                    if (value == null)
                    {
                        continue;
                    }

                    fields[m.Name] = value;
                    if (m.Value.ValueKind == JsonValueKind.Number)
                    {
                        readings.Add(new Reading(now, id, m.Name, value, Find(m.Name)?.Unit ?? ""));
                    }
                }

                _telemetry = fields;
                _rssi = doc.RootElement.TryGetProperty("rssi", out var r) && r.TryGetInt32(out int rssi) ? rssi : _rssi;
                _snapshot = null;
                return true;
            }
        }

        public bool OnOta(string text, DateTime now)
        {
            try
            {
                using var doc = JsonDocument.Parse(text);
                var o = doc.RootElement;
                if (o.ValueKind != JsonValueKind.Object)
                {
                    return false;
                }

                long? Long(string name) => o.TryGetProperty(name, out var v) && v.TryGetInt64(out long l) ? l : null;
                long? percent = Long("percent");
                _ota = new OtaProgress(Str(o, "state") ?? "unknown", percent.HasValue ? (int)Math.Clamp(percent.Value, 0, 100) : null,
                    Long("done"), Long("total"), Str(o, "version"), Str(o, "error"), now);
                _snapshot = null;
                return true;
            }
            catch (JsonException)
            {
                return false;
            }
        }

        private ObservedEntity Find(string entity)
        {
            foreach (var e in _entities)
            {
                if (e.Id == entity)
                {
                    return e;
                }
            }

            return null;
        }

        private static string Str(JsonElement o, string name) =>
            o.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.String ? v.GetString() : null;

        private static IReadOnlyList<string> Strings(JsonElement o, string name)
        {
            if (!o.TryGetProperty(name, out var v) || v.ValueKind != JsonValueKind.Array)
            {
                return null;
            }

            var list = new List<string>();
            foreach (var s in v.EnumerateArray())
            {
                if (s.ValueKind == JsonValueKind.String)
                {
                    list.Add(s.GetString());
                }
            }

            return list;
        }
    }
}
