using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using Endpoint.Core.Ble;
using Endpoint.Core.Model;
using Endpoint.Core.Runtime;
using Endpoint.Host.Runtime;
using Endpoint.Host.Simulation;
using Endpoint.Tests.Support;

namespace Endpoint.Tests.Core.Ble;

public sealed class AdvertiserTests : IDisposable
{
    private static readonly byte[] Key = Convert.FromHexString("231d39c1d7cc1ab1aee224cd096db932");
    private static readonly byte[] Mac = Convert.FromHexString("5448E68F80A5");

    private readonly string _dir = Path.Combine(Path.GetTempPath(), "endpoint-test-" + Guid.NewGuid().ToString("N"));
    private readonly ManualClock _clock = new();
    private readonly RecordingBleRadio _radio = new();
    private readonly TestLog _log = new();
    private readonly EventLoop _loop;
    private readonly EndpointRuntime _runtime;

    public AdvertiserTests()
    {
        _loop = new EventLoop(_clock, _log);
        var platform = new Platform { Clock = _clock, Loop = _loop, Log = _log, Files = new SimulatedFlash(_dir), Random = new Random(1), Mqtt = new FakeMqttTransport() };
        _runtime = new EndpointRuntime(new DeviceIdentity("sens1", "sensor", "esp32-devkitc", "1.0.0"), platform);
    }

    public void Dispose()
    {
        if (Directory.Exists(_dir))
        {
            Directory.Delete(_dir, true);
        }
    }

    private Advertiser Start(Action<Advertiser> bind, string name = "sens1")
    {
        var advertiser = new Advertiser(_radio, name);
        bind(advertiser);
        _runtime.Add(advertiser);
        _runtime.Start();
        Run();
        return advertiser;
    }

    private void Run(long ms = 0) => LoopStepper.Advance(_loop, _clock, ms);

    private static Dictionary<int, long> Readings(BthomePacket p) =>
        Enumerable.Range(0, p.Count).ToDictionary(i => (int)p.IdAt(i), i => p.RawAt(i));

    [Fact]
    public void Start_Switch_AdvertisesPowerWithPacketId()
    {
        var relay = new SwitchEntity("relay", "Relay");
        relay.Set(true);
        Start(a => a.Add(relay, BthomeObjects.PowerOn));

        var p = RecordingBleRadio.Bthome(_radio.Last);
        Assert.Single(_radio.Advertisements);
        Assert.Equal(1, p.PacketId);
        Assert.Equal(1, Readings(p)[BthomeObjects.PowerOn]);
    }

    [Fact]
    public void EntityChange_NewPacketAtOnceWithNextPacketId()
    {
        var relay = new SwitchEntity("relay", "Relay");
        Start(a => a.Add(relay, BthomeObjects.PowerOn));

        relay.Set(true);
        Run();

        Assert.Equal(2, _radio.Advertisements.Count);
        var p = RecordingBleRadio.Bthome(_radio.Last);
        Assert.Equal(2, p.PacketId);
        Assert.Equal(1, Readings(p)[BthomeObjects.PowerOn]);
    }

    [Fact]
    public void Interval_NothingChanged_SamePacketLeftOnTheAir()
    {
        var relay = new SwitchEntity("relay", "Relay");
        var advertiser = Start(a => a.Add(relay, BthomeObjects.PowerOn));

        Run(10_000);

        Assert.Single(_radio.Advertisements);
        Assert.Equal(1, advertiser.PacketId);
    }

    [Fact]
    public void Rotation_ReadingsNeedingSeveralPackets_EachIntervalNextPacketNewIdAllReadingsCovered()
    {
        var sensors = new List<SensorEntity>();
        var advertiser = Start(a =>
        {
            int[] ids = [BthomeObjects.Temperature, BthomeObjects.Humidity, BthomeObjects.Pressure, BthomeObjects.Illuminance, BthomeObjects.Power, BthomeObjects.Energy, BthomeObjects.Voltage, BthomeObjects.Current];
            foreach (int id in ids)
            {
                var s = new SensorEntity("s" + id, "S", null, 2);
                s.Update(1.5 + (id / 100.0));
                sensors.Add(s);
                a.Add(s, (byte)id);
            }
        }, name: "a-twenty-char-name-x");

        Assert.True(advertiser.PacketCount >= 2, $"expected a rotation, got {advertiser.PacketCount} packet(s)");
        for (int i = 1; i < advertiser.PacketCount * 2; i++)
        {
            Run(advertiser.IntervalMs);
        }

        Assert.Equal(advertiser.PacketCount * 2, _radio.Advertisements.Count);
        var packets = _radio.Advertisements.Select(a => RecordingBleRadio.Bthome(a)).ToList();
        Assert.Equal(Enumerable.Range(1, packets.Count).Select(i => (int)(byte)i), packets.Select(p => (int)p.PacketId));
        var union = packets.Take(advertiser.PacketCount).SelectMany(p => Readings(p).Keys).OrderBy(k => k).ToList();
        Assert.Equal(sensors.Select(s => int.Parse(s.Id[1..])).OrderBy(k => k), union);
    }

    [Fact]
    public void Rotation_ChangeJumpsToThePacketCarryingIt()
    {
        SensorEntity last = null;
        var advertiser = Start(a =>
        {
            int[] ids = [BthomeObjects.Pressure, BthomeObjects.Illuminance, BthomeObjects.Power, BthomeObjects.Energy];
            foreach (int id in ids)
            {
                last = new SensorEntity("s" + id, "S", null, 2);
                last.Update(5);
                a.Add(last, (byte)id);
            }
        }, name: "a-twenty-char-name-x");
        Assert.True(advertiser.PacketCount >= 2);

        last.Update(7); // energy, in the last packet
        Run();

        var readings = Readings(RecordingBleRadio.Bthome(_radio.Last));
        Assert.Equal(7000, readings[BthomeObjects.Energy]);
    }

    [Fact]
    public void ButtonEvent_CarriedByExactlyOnePacketId()
    {
        var relay = new SwitchEntity("relay", "Relay");
        var button = new EventEntity("button", "Button", ["press", "double_press", "long_press"]);
        var advertiser = Start(a =>
        {
            a.Add(relay, BthomeObjects.PowerOn);
            a.Add(button);
        });

        button.Fire("double_press");
        Run();
        var withEvent = RecordingBleRadio.Bthome(_radio.Last);
        Run(advertiser.IntervalMs * 3);
        var after = RecordingBleRadio.Bthome(_radio.Last);

        Assert.Equal(0x02, Readings(withEvent)[BthomeObjects.Button]);
        Assert.False(Readings(after).ContainsKey(BthomeObjects.Button));
        Assert.NotEqual(withEvent.PacketId, after.PacketId);
        Assert.Equal(1, _radio.Advertisements.Select(a => RecordingBleRadio.Bthome(a)).Count(p => Readings(p).ContainsKey(BthomeObjects.Button)));
    }

    [Fact]
    public void ButtonEvent_PressedTwiceWithinInterval_TwoPacketIds()
    {
        var button = new EventEntity("button", "Button", ["press"]);
        Start(a => a.Add(button));

        button.Fire("press");
        Run();
        button.Fire("press");
        Run();

        var presses = _radio.Advertisements.Select(a => RecordingBleRadio.Bthome(a)).Where(p => Readings(p).ContainsKey(BthomeObjects.Button)).ToList();
        Assert.Equal(2, presses.Count);
        Assert.NotEqual(presses[0].PacketId, presses[1].PacketId);
    }

    [Fact]
    public void Encryption_EveryNewPacketNextCounterAndDecryptsWithRadioAddress()
    {
        var relay = new SwitchEntity("relay", "Relay");
        Start(a =>
        {
            a.Add(relay, BthomeObjects.PowerOn);
            a.EnableEncryption(Key, 1000);
        });
        relay.Set(true);
        Run();

        var first = RecordingBleRadio.Bthome(_radio.Advertisements[0], Key, Mac);
        var second = RecordingBleRadio.Bthome(_radio.Advertisements[1], Key, Mac);
        Assert.True(first.IsEncrypted);
        Assert.Equal(1001u, first.Counter);
        Assert.Equal(1002u, second.Counter);
        Assert.Equal(1, Readings(second)[BthomeObjects.PowerOn]);
    }

    [Fact]
    public void Sensor_ValueTooLargeForObject_WiderObjectUsed()
    {
        var voltage = new SensorEntity("voltage", "Voltage", "V", 1);
        voltage.Update(230.4);
        Start(a => a.Add(voltage, BthomeObjects.Voltage, BthomeObjects.VoltageDeci));

        var readings = Readings(RecordingBleRadio.Bthome(_radio.Last));
        Assert.False(readings.ContainsKey(BthomeObjects.Voltage));
        Assert.Equal(2304, readings[BthomeObjects.VoltageDeci]);
    }

    [Fact]
    public void Sensor_ValueNotRepresentable_WarnedOnceOthersStillAdvertised()
    {
        var hot = new SensorEntity("probe", "Probe", "°C", 1);
        hot.Update(500); // sint16 × 0.01 stops at 327.67
        var relay = new SwitchEntity("relay", "Relay");
        Start(a =>
        {
            a.Add(hot, BthomeObjects.Temperature);
            a.Add(relay, BthomeObjects.PowerOn);
        });
        relay.Set(true);
        Run();

        var readings = Readings(RecordingBleRadio.Bthome(_radio.Last));
        Assert.False(readings.ContainsKey(BthomeObjects.Temperature));
        Assert.Equal(1, readings[BthomeObjects.PowerOn]);
        Assert.Single(_log.Lines, l => l.Contains("'probe' does not fit BTHome object 0x02"));
    }

    [Fact]
    public void Sensors_WithoutValueOrUnknownBinary_NotAdvertised()
    {
        var temperature = new SensorEntity("t", "T", "°C", 1);
        var door = new BinarySensorEntity("door", "Door", "door");
        Start(a =>
        {
            a.Add(temperature, BthomeObjects.Temperature);
            a.Add(door, BthomeObjects.Door);
        });
        Assert.Empty(_radio.Advertisements); // no value yet: no packet (a sleepy sensor's quiet wake stays off the air)

        door.Update(true);
        temperature.Update(-3.25);
        Run();

        var readings = Readings(RecordingBleRadio.Bthome(_radio.Last));
        Assert.Equal(-325, readings[BthomeObjects.Temperature]);
        Assert.Equal(1, readings[BthomeObjects.Door]);
    }

    [Fact]
    public void TriggerBased_SetInDeviceInformation()
    {
        var door = new BinarySensorEntity("door", "Door", "door");
        Start(a =>
        {
            a.TriggerBased = true;
            a.Add(door, BthomeObjects.Door);
        });
        door.Update(false);
        Run();
        Assert.True(RecordingBleRadio.Bthome(_radio.Last).IsTriggerBased);
    }

    [Fact]
    public void NewData_HoldsStayAwakeForTheBurstPushedOnByLaterData()
    {
        var awake = _runtime.Awake;
        var t = new SensorEntity("t", "T", "°C", 1);
        var advertiser = Start(a =>
        {
            a.Awake = awake;
            a.Add(t, BthomeObjects.Temperature);
        });
        Assert.False(awake.IsHeld); // nothing on the air yet

        t.Update(20.5);
        Run();
        Assert.True(awake.IsHeldBy(Advertiser.AwakeHolder));

        Run(advertiser.BurstMs - 200);
        t.Update(21.5); // new data 200 ms before the burst ends: another full burst from now
        Run();
        Run(advertiser.BurstMs - 1);
        Assert.True(awake.IsHeld);

        Run(1);
        Assert.False(awake.IsHeld);

        Run(5_000); // repeating the same packet is no new data
        Assert.False(awake.IsHeld);
    }
    [Fact]
    public void Source_WithEntities_OnTheAirAtOnceThenAlternatesWithBthomeEveryInterval()
    {
        var relay = new SwitchEntity("relay", "Relay");
        var advertiser = Start(a => a.Add(relay, BthomeObjects.PowerOn));
        var improv = new FixedSource(0x01);

        advertiser.AddSource(improv);
        Assert.Equal(improv.Bytes, _radio.Last);
        for (int i = 0; i < 4; i++)
        {
            Run(advertiser.IntervalMs);
            Assert.Equal(1, RecordingBleRadio.Bthome(_radio.Last).PacketId); // same readings: same packet id
            Run(advertiser.IntervalMs);
            Assert.Equal(improv.Bytes, _radio.Last);
        }

        Assert.Equal(10, _radio.Advertisements.Count);
    }

    [Fact]
    public void Source_Update_PutOnTheAirAtOnceEvenDuringBthomesTurn()
    {
        var relay = new SwitchEntity("relay", "Relay");
        var advertiser = Start(a => a.Add(relay, BthomeObjects.PowerOn));
        var improv = new FixedSource(0x01);
        advertiser.AddSource(improv);
        Run(advertiser.IntervalMs);
        Assert.NotNull(RecordingBleRadio.Bthome(_radio.Last));

        improv.State = 0x02;
        advertiser.Update(improv);

        Assert.Equal(improv.Bytes, _radio.Last);
        Run(advertiser.IntervalMs);
        Assert.NotNull(RecordingBleRadio.Bthome(_radio.Last)); // the rotation goes on from the source's turn
    }

    [Fact]
    public void Source_EntityChangesDuringItsTurn_NewReadingsAtOnceThenTheSourceAgain()
    {
        var relay = new SwitchEntity("relay", "Relay");
        var advertiser = Start(a => a.Add(relay, BthomeObjects.PowerOn));
        var improv = new FixedSource(0x01);
        advertiser.AddSource(improv);

        relay.Set(true);
        Run();
        var p = RecordingBleRadio.Bthome(_radio.Last);
        Assert.Equal(1, Readings(p)[BthomeObjects.PowerOn]);
        Assert.Equal(2, p.PacketId);
        Run(advertiser.IntervalMs);
        Assert.Equal(improv.Bytes, _radio.Last);
    }

    [Fact]
    public void Source_Removed_BthomeBackAtOnceAndAlone()
    {
        var relay = new SwitchEntity("relay", "Relay");
        var advertiser = Start(a => a.Add(relay, BthomeObjects.PowerOn));
        var improv = new FixedSource(0x01);
        advertiser.AddSource(improv);

        advertiser.RemoveSource(improv);
        Assert.Equal(1, RecordingBleRadio.Bthome(_radio.Last).PacketId);
        int count = _radio.Advertisements.Count;
        Run(advertiser.IntervalMs * 5);
        Assert.Equal(count, _radio.Advertisements.Count); // nothing changed, nothing handed to the radio
        Assert.False(advertiser.Has(improv));
    }

    [Fact]
    public void Source_RotationOfSeveralBthomePackets_SourceEveryOtherIntervalAllReadingsCovered()
    {
        var sensors = new List<SensorEntity>();
        var advertiser = Start(a =>
        {
            foreach (int id in new[] { BthomeObjects.Pressure, BthomeObjects.Illuminance, BthomeObjects.Power, BthomeObjects.Energy })
            {
                var s = new SensorEntity("s" + id, "S", null, 2);
                s.Update(5);
                sensors.Add(s);
                a.Add(s, (byte)id);
            }
        }, name: "a-twenty-char-name-x");
        Assert.True(advertiser.PacketCount >= 2);
        var improv = new FixedSource(0x02);
        advertiser.AddSource(improv);

        var seen = new HashSet<int>();
        for (int i = 0; i < advertiser.PacketCount * 2; i++)
        {
            Run(advertiser.IntervalMs);
            seen.UnionWith(Readings(RecordingBleRadio.Bthome(_radio.Last)).Keys);
            Run(advertiser.IntervalMs);
            Assert.Equal(improv.Bytes, _radio.Last);
        }

        Assert.Equal(sensors.Select(s => int.Parse(s.Id[1..])).ToHashSet(), seen);
        Assert.All(_radio.Advertisements, a => Assert.True(a.Length <= 31));
    }

    [Fact]
    public void Source_NoEntities_SourceAloneUntilRemovedThenSilence()
    {
        var advertiser = Start(a => { });
        Assert.Empty(_radio.Advertisements);
        var improv = new FixedSource(0x01);

        advertiser.AddSource(improv);
        Run(advertiser.IntervalMs * 3);
        Assert.Equal(new[] { improv.Bytes }, _radio.Advertisements);

        advertiser.RemoveSource(improv);
        Assert.False(_radio.IsAdvertising);
        Run(advertiser.IntervalMs * 3);
        Assert.Single(_radio.Advertisements);
    }

    [Fact]
    public void Source_TwoSources_EachTakesItsTurn()
    {
        var advertiser = Start(a => { });
        var first = new FixedSource(0x01);
        var second = new FixedSource(0x02);
        advertiser.AddSource(first);
        advertiser.AddSource(second);

        Run(advertiser.IntervalMs);
        Assert.Equal(first.Bytes, _radio.Last);
        Run(advertiser.IntervalMs);
        Assert.Equal(second.Bytes, _radio.Last);

        advertiser.RemoveSource(second);
        Assert.Equal(first.Bytes, _radio.Last);
    }

    /// <summary>An Improv advertisement in a given state.</summary>
    private sealed class FixedSource(byte state) : IAdvertisementSource
    {
        public byte State { get; set; } = state;

        public byte[] Bytes
        {
            get
            {
                var b = new byte[31];
                ImprovServiceData.WriteAdvertisement(State, 0x03, b, 0);
                return b;
            }
        }

        public int Render(byte[] output, int offset) => ImprovServiceData.WriteAdvertisement(State, 0x03, output, offset) - offset;
    }
}
