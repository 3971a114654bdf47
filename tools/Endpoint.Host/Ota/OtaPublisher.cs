using System;
using System.Collections.Generic;
using System.Linq;
using System.Text;
using System.Text.Json;
using System.Threading;
using System.Threading.Tasks;
using Endpoint.Core.Json;
using Endpoint.Core.Ota;
using Endpoint.Core.Text;
using Endpoint.Host.Mqtt;

namespace Endpoint.Host.Ota;

/// <summary>Where one device's update stands, as the hub side sees it.</summary>
public sealed class DeviceUpdate
{
    private readonly HashSet<(int File, int Offset)> _served = new();

    internal DeviceUpdate(string id) => Id = id;

    /// <summary>Device id.</summary>
    public string Id { get; }

    /// <summary>waiting (for the device to be online), offered, downloading, rebooting, done, failed.</summary>
    public string State { get; internal set; } = "waiting";

    /// <summary>Bytes the device has stored, as it reports.</summary>
    public long Done { get; internal set; }

    /// <summary>Bytes it needs from the hub.</summary>
    public long Total { get; internal set; }

    /// <summary>Percent, as it reports.</summary>
    public int Percent { get; internal set; }

    /// <summary>Why it failed, or null.</summary>
    public string Error { get; internal set; }

    /// <summary>Version the device runs (from its last status).</summary>
    public string Running { get; internal set; }

    /// <summary>True once done or failed.</summary>
    public bool Finished => State is "done" or "failed";

    /// <summary>Block payload bytes sent (data only, without headers).</summary>
    public long BytesServed { get; internal set; }

    /// <summary>Block payload bytes sent more than once (after cuts or timeouts).</summary>
    public long BytesResent { get; internal set; }

    /// <summary>Blocks sent.</summary>
    public int BlocksServed { get; internal set; }

    /// <summary>Bytes of every MQTT payload sent to the device (offer and blocks, headers included).</summary>
    public long PayloadBytesSent { get; internal set; }

    /// <summary>
    /// MQTT bytes sent towards the device (offer and blocks as PUBLISH packets at QoS 1: fixed header,
    /// topic, packet id, payload), i.e. what its link carries downstream above TCP.
    /// </summary>
    public long MqttBytesDown { get; internal set; }

    /// <summary>
    /// MQTT bytes the device sent for the update (its requests, statuses and command result as
    /// PUBLISH packets, and a 4-byte PUBACK per block and offer it received).
    /// </summary>
    public long MqttBytesUp { get; internal set; }

    /// <summary>When the device reported every assembly stored and verified (state rebooting).</summary>
    public DateTime? DownloadedAt { get; internal set; }

    /// <summary>When the first block was sent.</summary>
    public DateTime? FirstBlockAt { get; internal set; }

    /// <summary>When the last block was sent.</summary>
    public DateTime? LastBlockAt { get; internal set; }

    /// <summary>When the update finished.</summary>
    public DateTime? FinishedAt { get; internal set; }

    internal bool Reoffer { get; set; }

    /// <summary>True while the broker holds this run's offer retained for the device (on the current connection's broker).</summary>
    internal bool OfferRetained { get; set; }

    internal bool MarkServed(int file, int offset) => _served.Add((file, offset));
}

/// <summary>How the publisher serves a bundle.</summary>
public sealed class PublisherOptions
{
    /// <summary>Topic prefix of the hub protocol.</summary>
    public string TopicPrefix { get; set; } = "endpoint";

    /// <summary>Block size offered to devices.</summary>
    public int BlockSize { get; set; } = OtaLimits.DefaultBlockBytes;

    /// <summary>Requests a device keeps outstanding.</summary>
    public int Window { get; set; } = 1;

    /// <summary>
    /// Where the <c>.epk</c> is served with byte ranges (Ota/README.md, "Delivery over HTTP"): the offer names it and
    /// the devices fetch the assemblies there; block requests over MQTT are then not answered. Null: blocks over MQTT.
    /// </summary>
    public string Url { get; set; }
}

/// <summary>
/// The hub side of an update (Ota/README.md, "Delivery"): offers a bundle to each device once it is
/// online, answers its block requests from memory — for any number of devices at once, over one MQTT
/// connection — and follows each to <c>done</c> (the device runs the new build) or <c>failed</c> (with
/// the device's reason). The offer is published <b>retained</b>: a battery sensor asleep when it is made
/// finds it in its subscription at its next reporting wake (before the broker confirms its readings, so
/// the transfer holds it awake), and a device that drops off mid-download finds it again when it is back.
/// The offer is cleared (an empty retained message, MQTT 3.1.1 §3.3.1.3) as soon as the device is done or
/// failed, and for every device still unfinished when the run ends, so no offer outlives its run.
/// The devices' <c>ota/status</c> is retained, so a device that already runs this bundle — updated by a run
/// that lost its connection at the end — is done at once.
/// </summary>
public sealed class OtaPublisher
{
    private MqttClient _client;
    private readonly BundleFile _bundle;
    private readonly PublisherOptions _options;
    private readonly Dictionary<string, DeviceUpdate> _devices;
    private readonly object _lock = new();
    private readonly byte[] _offer;

    /// <summary>Creates the publisher for <paramref name="deviceIds"/> over a connected <paramref name="client"/>.</summary>
    public OtaPublisher(MqttClient client, BundleFile bundle, IEnumerable<string> deviceIds, PublisherOptions options = null)
    {
        _client = client;
        _bundle = bundle;
        _options = options ?? new PublisherOptions();
        _devices = deviceIds.Distinct(StringComparer.Ordinal).ToDictionary(id => id, id => new DeviceUpdate(id), StringComparer.Ordinal);
        var json = new JsonWriter(new ByteBuffer(OtaLimits.MaxOfferBytes));
        new OtaOffer(bundle.ManifestBytes, bundle.Signature, _options.BlockSize, _options.Window, _options.Url).Write(json);
        _offer = json.Buffer.ToArray();
        _client.MessageReceived += OnMessage;
    }

    /// <summary>
    /// Makes a new connection when the one in use is lost while devices are unfinished (null: no new connection
    /// now, tried again a second later). Without it a lost connection ends in the timeout. After a reconnect the
    /// devices' retained <c>ota/status</c> says where each stands (a <c>done</c> given while disconnected included).
    /// </summary>
    public Func<Task<MqttClient>> Reconnect { get; set; }

    /// <summary>Raised (on an MQTT thread) when a device's state or progress changes.</summary>
    public event Action<DeviceUpdate> Changed;

    /// <summary>The devices.</summary>
    public IReadOnlyList<DeviceUpdate> Devices
    {
        get
        {
            lock (_lock)
            {
                return _devices.Values.ToList();
            }
        }
    }

    /// <summary>True when every device is done or failed.</summary>
    public bool AllFinished
    {
        get
        {
            lock (_lock)
            {
                return _devices.Values.All(d => d.Finished);
            }
        }
    }

    /// <summary>Subscribes to the devices' topics; offers follow as each device reports <c>online</c>.</summary>
    public async Task StartAsync()
    {
        string p = _options.TopicPrefix;
        foreach (string suffix in new[] { "ota/request", "ota/status", "cmd/ota/result", "status" })
        {
            if (_devices.Count == 1)
            {
                await _client.SubscribeAsync($"{p}/{_devices.Keys.First()}/{suffix}", 1).ConfigureAwait(false);
            }
            else
            {
                await _client.SubscribeAsync($"{p}/+/{suffix}", 1).ConfigureAwait(false);
            }
        }
    }

    /// <summary>Waits until every device finished or <paramref name="timeout"/> passed; unfinished devices then fail.</summary>
    public async Task<bool> WaitAsync(TimeSpan timeout, CancellationToken cancel = default)
    {
        var deadline = DateTime.UtcNow + timeout;
        var nextReconnect = DateTime.MinValue;
        while (!AllFinished && DateTime.UtcNow < deadline && !cancel.IsCancellationRequested)
        {
            if (Reconnect != null && !_client.IsConnected && DateTime.UtcNow >= nextReconnect)
            {
                nextReconnect = DateTime.UtcNow.AddSeconds(1);
                var client = await Reconnect().ConfigureAwait(false);
                if (client != null)
                {
                    lock (_lock)
                    {
                        _client.MessageReceived -= OnMessage;
                        _client = client;
                        _client.MessageReceived += OnMessage;

                        // The connection may have been lost to a broker restart, which can lose retained messages:
                        // offer again when each device is next seen online.
                        foreach (var d in _devices.Values)
                        {
                            d.OfferRetained = false;
                        }
                    }

                    await StartAsync().ConfigureAwait(false);
                }
            }

            await Task.Delay(50, CancellationToken.None).ConfigureAwait(false);
        }

        bool ok;
        lock (_lock)
        {
            foreach (var d in _devices.Values.Where(d => !d.Finished))
            {
                Fail(d, cancel.IsCancellationRequested ? "interrupted" : $"no result within {timeout.TotalSeconds:0} s (last state: {d.State})");
                ClearOffer(d);
            }

            ok = _devices.Values.All(d => d.State == "done");
        }

        // The clearing messages must reach the broker before the caller disconnects (a lost link has nothing to wait for).
        if (_client.IsConnected)
        {
            await Task.WhenAny(_client.FlushAsync(), Task.Delay(TimeSpan.FromSeconds(5))).ConfigureAwait(false);
        }
        return ok;
    }

    private void OnMessage(string topic, byte[] payload)
    {
        string prefix = _options.TopicPrefix + "/";
        if (!topic.StartsWith(prefix, StringComparison.Ordinal))
        {
            return;
        }

        int slash = topic.IndexOf('/', prefix.Length);
        if (slash < 0)
        {
            return;
        }

        string id = topic[prefix.Length..slash];
        string suffix = topic[(slash + 1)..];
        DeviceUpdate changed = null;
        lock (_lock)
        {
            if (!_devices.TryGetValue(id, out var d) || d.Finished)
            {
                return;
            }

            if (suffix != "status")
            {
                d.MqttBytesUp += PublishPacketBytes(topic, payload.Length);
            }

            changed = suffix switch
            {
                "status" => OnAvailability(d, payload),
                "ota/request" => OnRequest(d, payload),
                "ota/status" => OnStatus(d, payload),
                "cmd/ota/result" => OnResult(d, payload),
                _ => null,
            };

            if (d.Finished)
            {
                // Done or failed: the retained offer must not reach the device again (a sleeping one at every wake).
                ClearOffer(d);
            }
        }

        if (changed != null)
        {
            Changed?.Invoke(changed);
        }
    }

    // A device that is (back) online gets the offer, unless it is rebooting into the new build:
    // then it reports done or rolled-back by itself. The offer is retained, so a device that connects again
    // while it is unanswered (a battery sensor leaves "online" retained while it sleeps, so the first offer
    // found it asleep) or that dropped off mid-download gets it with its subscription, before it could
    // sleep again: it is published again only when the broker may have lost it (a new publisher connection).
    private DeviceUpdate OnAvailability(DeviceUpdate d, byte[] payload)
    {
        string text = Encoding.UTF8.GetString(payload);
        if (text != "online")
        {
            if (d.State is "offered" or "downloading")
            {
                d.Reoffer = true;
            }

            return null;
        }

        if (d.State == "waiting" || ((d.State == "offered" || d.Reoffer) && !d.OfferRetained))
        {
            d.Reoffer = false;
            d.State = "offered";
            d.OfferRetained = Send(d, "cmd/ota", _offer, _offer.Length, retain: true);
            return d;
        }

        return null;
    }

    private DeviceUpdate OnRequest(DeviceUpdate d, byte[] payload)
    {
        if (_options.Url != null)
        {
            // The devices fetch from the URL. One resuming after a reboot asks here until the retained offer (with
            // the URL) reaches it; that request is left unanswered on purpose: the blocks travel by HTTP.
            return null;
        }

        BlockRequest r;
        try
        {
            r = BlockRequest.Parse(payload, 0, payload.Length);
        }
        catch (OtaException)
        {
            return null;
        }

        var assemblies = _bundle.Manifest.Assemblies;
        if (r.Bundle != _bundle.BundleIdHex || r.File >= assemblies.Length || r.Offset + (long)r.Length > assemblies[r.File].Size)
        {
            return null;
        }

        byte[] block = new byte[BlockMessage.HeaderSize + r.Length];
        BlockMessage.WriteHeader(block, 0, _bundle.BundleId, r.File, r.Offset);
        Array.Copy(_bundle.Data, _bundle.AssemblyOffset(r.File) + r.Offset, block, BlockMessage.HeaderSize, r.Length);
        Send(d, "ota/block", block, block.Length);
        d.BlocksServed++;
        d.BytesServed += r.Length;
        if (!d.MarkServed(r.File, r.Offset))
        {
            d.BytesResent += r.Length;
        }

        var now = DateTime.UtcNow;
        d.FirstBlockAt ??= now;
        d.LastBlockAt = now;
        if (d.State == "offered")
        {
            d.State = "downloading";
            return d;
        }

        return null;
    }

    private DeviceUpdate OnStatus(DeviceUpdate d, byte[] payload)
    {
        JsonElement s;
        try
        {
            s = JsonDocument.Parse(payload).RootElement;
        }
        catch (JsonException)
        {
            return null;
        }

        string state = Str(s, "state");
        string bundle = Str(s, "bundle");
        d.Running = Str(s, "running") ?? d.Running;
        bool ours = bundle == _bundle.BundleIdHex;
        if (d.State == "waiting" && !(state == "done" && ours))
        {
            // ota/status is retained: before this run's offer, what it holds is about an earlier one (another
            // bundle, or a failure of this one that the offer may now overcome). Only "done" for this very bundle
            // (the id is the manifest's SHA-256) is final already: the device runs it.
            return null;
        }

        switch (state)
        {
            case "downloading" when ours:
                d.State = "downloading";
                d.Done = Num(s, "done");
                d.Total = Num(s, "total");
                d.Percent = (int)Num(s, "percent");
                return d;
            case "rebooting" when ours:
                d.State = "rebooting";
                d.DownloadedAt = DateTime.UtcNow;
                d.Percent = 100;
                d.Done = d.Total;
                return d;
            case "done" when ours:
                d.State = "done";
                d.Percent = 100;
                d.FinishedAt = DateTime.UtcNow;
                return d;
            case "refused" or "failed" when ours || (bundle == null && d.State is "offered" or "downloading"):
                Fail(d, Str(s, "error") ?? state);
                return d;
            case "rolled-back" when ours:
                Fail(d, "rolled back: " + (Str(s, "error") ?? "the new build did not confirm itself"));
                return d;
            default:
                return null;
        }
    }

    private DeviceUpdate OnResult(DeviceUpdate d, byte[] payload)
    {
        JsonElement s;
        try
        {
            s = JsonDocument.Parse(payload).RootElement;
        }
        catch (JsonException)
        {
            return null;
        }

        if (s.TryGetProperty("ok", out var ok) && ok.ValueKind == JsonValueKind.False)
        {
            Fail(d, Str(s, "error") ?? "refused");
            return d;
        }

        if (Str(s, "state") == "up-to-date")
        {
            d.State = "done";
            d.Percent = 100;
            d.FinishedAt = DateTime.UtcNow;
            return d;
        }

        if (s.TryGetProperty("download", out var download) && download.TryGetInt64(out long total))
        {
            d.Total = total;
        }

        return d;
    }

    private void Fail(DeviceUpdate d, string error)
    {
        d.State = "failed";
        d.Error = error;
        d.FinishedAt = DateTime.UtcNow;
    }

    // An empty retained message removes the retained offer (MQTT 3.1.1 §3.3.1.3); the device ignores it. Sent for
    // every finished device, offered in this run or not: it also removes an offer a crashed earlier run left behind.
    private void ClearOffer(DeviceUpdate d)
    {
        d.OfferRetained = false;
        _client.Publish($"{_options.TopicPrefix}/{d.Id}/cmd/ota", Array.Empty<byte>(), 0, 0, 1, true);
    }

    private bool Send(DeviceUpdate d, string suffix, byte[] payload, int count, bool retain = false)
    {
        string topic = $"{_options.TopicPrefix}/{d.Id}/{suffix}";
        if (!_client.Publish(topic, payload, 0, count, 1, retain))
        {
            return false;
        }

        d.PayloadBytesSent += count;
        d.MqttBytesDown += PublishPacketBytes(topic, count);
        d.MqttBytesUp += 4; // the device's PUBACK
        return true;
    }

    /// <summary>Size of a QoS 1 PUBLISH (MQTT 3.1.1 §3.3): fixed header, remaining length, topic, packet id, payload.</summary>
    public static long PublishPacketBytes(string topic, int payload)
    {
        int remaining = 2 + Encoding.UTF8.GetByteCount(topic) + 2 + payload;
        int lengthBytes = remaining < 128 ? 1 : remaining < 16384 ? 2 : remaining < 2097152 ? 3 : 4;
        return 1 + lengthBytes + remaining;
    }

    private static string Str(JsonElement e, string name) =>
        e.ValueKind == JsonValueKind.Object && e.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.String ? v.GetString() : null;

    private static long Num(JsonElement e, string name) =>
        e.ValueKind == JsonValueKind.Object && e.TryGetProperty(name, out var v) && v.TryGetInt64(out long n) ? n : 0;
}
