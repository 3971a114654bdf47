using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Text.Json;
using Endpoint.Core.Boards;
using Endpoint.Core.Hub;
using Endpoint.Core.Ota;
using Endpoint.Host.Ota;
using Endpoint.Host.Runtime;
using Endpoint.Host.Simulation;

namespace Endpoint.Tests.Support;

/// <summary>
/// A simulated endpoint with OTA (the plug unless told otherwise) on a manual clock, and the hub's side played in-process: the rig
/// delivers offers, answers block requests from a <see cref="BundleFile"/>, accepts connects,
/// reboots the device when it asks, and can cut the power at any flash write (counted across
/// reboots) or cut the link with blocks in flight.
/// </summary>
public sealed class OtaRig : IDisposable
{
    private readonly string _base;

    private readonly bool _ownsDir;
    private readonly Queue<byte[]> _inFlight = new();
    private readonly HashSet<(string Bundle, int File, int Offset)> _served = new();
    private int _offerMark;
    private bool _rebootRequested;
    private int _accepted;
    private long _cutAt;

    public OtaRig(string stateDir = null, OtaOptions options = null, int maxTrialBoots = 3, bool boot = true, string app = "plug", BoardInfo board = null, string id = "plug-1", FakeRangeFetcher http = null)
    {
        Http = http ?? new FakeRangeFetcher();
        App = app;
        Board = board ?? TestBoards.DevKitC();
        Id = id;
        _base = "endpoint/" + id;
        _ownsDir = stateDir == null;
        StateDir = stateDir ?? Path.Combine(Path.GetTempPath(), "endpoint-ota-" + Guid.NewGuid().ToString("N"));
        Options = options ?? new OtaOptions { TrialTimeoutMs = 60_000, RequestTimeoutMs = 5_000, StallTimeoutMs = 60_000 };
        MaxTrialBoots = maxTrialBoots;
        if (boot)
        {
            Boot();
        }
    }

    public string App { get; }
    public BoardInfo Board { get; }
    public string Id { get; }
    public string StateDir { get; }
    public OtaOptions Options { get; }
    public int MaxTrialBoots { get; }
    public ManualClock Clock { get; } = new();
    public TestLog Log { get; } = new();
    public SimulatedEndpoint Device { get; private set; }

    /// <summary>The HTTP server the device fetches from when an offer has a URL (kept across boots).</summary>
    public FakeRangeFetcher Http { get; }
    public FakeMqttTransport Transport { get; private set; }

    /// <summary>The broker's retained messages, kept across boots (delivered with each subscription).</summary>
    public Dictionary<string, byte[]> Retained { get; } = new();

    /// <summary>True: the broker sends each publish back to a subscriber of its topic (the sensor's flush marker is confirmed).</summary>
    public bool Echo { get; set; }

    /// <summary>False: the broker never accepts (a trial app that cannot connect).</summary>
    public bool AcceptConnects { get; set; } = true;

    /// <summary>Boots so far (power-ons and reboots).</summary>
    public int Boots { get; private set; }

    /// <summary>Flash writes over every boot so far.</summary>
    public long Writes => WritesBefore + (Device?.Flash.Writes ?? 0);

    private long WritesBefore { get; set; }

    /// <summary>True when the power has been cut and not restored.</summary>
    public bool PowerIsCut => Device == null || Device.Flash.PowerIsCut;

    /// <summary>False: blocks the hub sends stay in flight until it is true again.</summary>
    public bool DeliverBlocks { get; set; } = true;

    /// <summary>Blocks sent but not yet delivered.</summary>
    public int BlocksInFlight => _inFlight.Count;

    /// <summary>What the hub serves block requests from.</summary>
    public BundleFile Serving { get; set; }

    public long BytesServed { get; private set; }
    public long BytesResent { get; private set; }
    public int BlocksServed { get; private set; }

    /// <summary>Every ota/status message, across boots.</summary>
    public List<JsonElement> Statuses { get; } = new();

    /// <summary>Every cmd/ota/result message, across boots.</summary>
    public List<JsonElement> Results { get; } = new();

    public string Version => Device.Identity.FirmwareVersion;

    public BootRecord Record => new BootRecordStore(new SimulatedFlash(StateDir)).Read();

    public JsonElement LastStatus => Statuses[^1];

    /// <summary>The deep sleep the device asked for ends: it boots again with reset reason deep_sleep.</summary>
    public void Wake()
    {
        if (Device?.System.SleepRequestedMs == null)
        {
            throw new InvalidOperationException("not asleep");
        }

        Boot("deep_sleep");
    }

    /// <summary>Powers the device on (again): a new flash instance over the same folder, the boot rules, the app.</summary>
    public void Boot() => Boot("power_on");

    private void Boot(string resetReason)
    {
        _inFlight.Clear();
        while (true)
        {
            if (Device != null)
            {
                WritesBefore += Device.Flash.Writes;
            }

            Device = null;
            Boots++;
            var flash = new SimulatedFlash(StateDir, Boots);
            long remaining = _cutAt - WritesBefore;
            if (_cutAt > 0 && remaining > 0)
            {
                flash.CutPowerAtWrite((int)remaining);
            }

            Transport = new FakeMqttTransport { Retained = Retained, Echo = Echo };
            _accepted = 0;
            try
            {
                Device = SimulatedEndpoint.Create(new SimulatedEndpointOptions
                {
                    App = App,
                    Id = Id,
                    Board = Board,
                    Flash = flash,
                    StateDir = StateDir,
                    Transport = Transport,
                    Hub = new MqttConnectOptions { Host = "broker.test", Port = 1883 },
                    Clock = Clock,
                    Log = Log,
                    OtaPublicKey = OtaKit.PublicKey,
                    Ota = Options,
                    MaxTrialBoots = MaxTrialBoots,
                    ResetReason = resetReason,
                    Http = Http,
                });
            }
            catch (PowerCutException)
            {
                // The power went during the boot decision itself: the next power-on starts over.
                WritesBefore += flash.Writes;
                continue;
            }

            break;
        }

        Device.System.RebootRequested += _ => _rebootRequested = true;
        Transport.PublishedMessage += OnPublished;
        Device.Start();
        Pump();
    }

    /// <summary>Cuts the power during flash write number <paramref name="k"/>, counted over every boot from the first (1-based).</summary>
    public void CutPowerAtWrite(long k)
    {
        _cutAt = k;
        if (Device != null && k > Writes)
        {
            Device.Flash.CutPowerAtWrite((int)(k - Writes));
        }
    }

    /// <summary>Delivers an offer of <paramref name="bundle"/> and serves it from then on.</summary>
    public void Offer(BundleFile bundle, int window = 1, int blockSize = 4096)
    {
        Serving = bundle;
        Deliver("cmd/ota", OtaKit.OfferSigned(bundle.ManifestBytes, bundle.Signature, blockSize, window));
    }

    /// <summary>
    /// Offers <paramref name="bundle"/> for download from <paramref name="url"/>, served by <see cref="Http"/>; the offer
    /// is also left retained, as the publisher does, so the device gets it again at each connection. MQTT block
    /// requests are not answered (the publisher with a URL does not answer them).
    /// </summary>
    public void OfferUrl(BundleFile bundle, string url = "http://files.test/plug.epk", int blockSize = 4096)
    {
        Serving = null;
        Http.File = bundle.Data;
        byte[] signature = bundle.Signature;
        var json = new Endpoint.Core.Json.JsonWriter(new Endpoint.Core.Text.ByteBuffer(Endpoint.Core.Ota.OtaLimits.MaxOfferBytes));
        new OtaOffer(bundle.ManifestBytes, signature, blockSize, 1, url).Write(json);
        byte[] offer = json.Buffer.ToArray();
        Retained[_base + "/cmd/ota"] = offer;
        Deliver("cmd/ota", offer);
    }

    /// <summary>Delivers a raw command or message to the device's topic suffix.</summary>
    public void Deliver(string suffix, byte[] payload)
    {
        if (suffix == "cmd/ota")
        {
            _offerMark = Statuses.Count;
        }

        Transport.Deliver(_base + "/" + suffix, payload);
        Pump();
    }

    /// <summary>Delivers the oldest block in flight, and only that one, then runs what it caused.</summary>
    public void DeliverOneBlock()
    {
        bool deliver = DeliverBlocks;
        DeliverBlocks = false;
        Transport.Deliver(_base + "/ota/block", _inFlight.Dequeue());
        Pump();
        DeliverBlocks = deliver;
    }

    /// <summary>The link drops: blocks in flight are lost, the device reconnects after its backoff.</summary>
    public void CutLink()
    {
        _inFlight.Clear();
        Transport.Close(MqttCloseReason.ConnectionLost, "link cut");
        Pump();
    }

    /// <summary>Runs <paramref name="ms"/> of device time, handling reboots, connects and blocks as they come.</summary>
    public void Run(long ms)
    {
        long end = Clock.UptimeMs + ms;
        while (!PowerIsCut)
        {
            Pump();
            if (PowerIsCut)
            {
                return;
            }

            long next = Device.Loop.NextDueMs;
            if (next > end)
            {
                break;
            }

            Clock.Advance(Math.Max(0, next - Clock.UptimeMs));
        }

        if (!PowerIsCut && end > Clock.UptimeMs)
        {
            Clock.Advance(end - Clock.UptimeMs);
            Pump();
        }
    }

    /// <summary>
    /// Runs until the device has reported <paramref name="state"/> since the last offer (true), or
    /// <paramref name="ms"/> passed or the power is cut (false).
    /// </summary>
    public bool RunUntilStatus(string state, long ms = 120_000)
    {
        long end = Clock.UptimeMs + ms;
        while (true)
        {
            if (Statuses.Skip(_offerMark).Any(s => s.GetProperty("state").GetString() == state))
            {
                return true;
            }

            if (PowerIsCut || Clock.UptimeMs >= end)
            {
                return false;
            }

            Run(500);
        }
    }

    /// <summary>Runs everything that is due now: loop work, reboots, connects, blocks in flight.</summary>
    public void Pump()
    {
        for (int guard = 0; guard < 1_000_000 && Device != null; guard++)
        {
            LoopStepper.Drain(Device.Loop);
            if (Device.Flash.PowerIsCut)
            {
                return;
            }

            if (_rebootRequested)
            {
                _rebootRequested = false;
                Boot();
                return;
            }

            if (AcceptConnects && !Transport.IsConnected && Transport.ConnectAttempts.Count > _accepted)
            {
                _accepted = Transport.ConnectAttempts.Count;
                Transport.AcceptConnect();
                continue;
            }

            if (DeliverBlocks && _inFlight.Count > 0 && Transport.IsConnected)
            {
                Transport.Deliver(_base + "/ota/block", _inFlight.Dequeue());
                continue;
            }

            if (Device.Loop.HasPosted || Device.Loop.NextDueMs <= Clock.UptimeMs)
            {
                continue;
            }

            return;
        }
    }

    /// <summary>Null when the slot the boot record starts holds a complete app signed by the test key, else why not.</summary>
    public string VerifyBootableSlot()
    {
        var record = Record;
        if (record == null || record.Active == BootRecord.None)
        {
            return "no slot to start";
        }

        return SlotVerifier.Verify(new SlotStore(new SimulatedFlash(StateDir)), record.Active, OtaKit.PublicKey);
    }

    public void Dispose()
    {
        if (_ownsDir && Directory.Exists(StateDir))
        {
            Directory.Delete(StateDir, true);
        }
    }

    private void OnPublished(FakeMqttTransport.Sent sent)
    {
        if (sent.Topic == _base + "/ota/status")
        {
            Statuses.Add(JsonDocument.Parse(sent.Bytes).RootElement.Clone());
            return;
        }

        if (sent.Topic == _base + "/cmd/ota/result")
        {
            Results.Add(JsonDocument.Parse(sent.Bytes).RootElement.Clone());
            return;
        }

        if (sent.Topic != _base + "/ota/request" || Serving == null)
        {
            return;
        }

        var r = BlockRequest.Parse(sent.Bytes, 0, sent.Bytes.Length);
        if (r.Bundle != Serving.BundleIdHex)
        {
            return;
        }

        var block = new byte[BlockMessage.HeaderSize + r.Length];
        BlockMessage.WriteHeader(block, 0, Serving.BundleId, r.File, r.Offset);
        Array.Copy(Serving.Data, Serving.AssemblyOffset(r.File) + r.Offset, block, BlockMessage.HeaderSize, r.Length);
        BlocksServed++;
        BytesServed += r.Length;
        if (!_served.Add((r.Bundle, r.File, r.Offset)))
        {
            BytesResent += r.Length;
        }

        _inFlight.Enqueue(block);
    }
}
