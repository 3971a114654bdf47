using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;

namespace Endpoint.Tests.Integration
{
    /// <summary>
    /// Tests of the broker fixture itself, with the reference clients (<c>mosquitto_pub</c> /
    /// <c>mosquitto_sub</c>) rather than our own MQTT client, so a failure here points at the fixture.
    /// </summary>
    public class MosquittoBrokerTests
    {
        static readonly TimeSpan Short = TimeSpan.FromSeconds(1);

        [Fact]
        public void Anonymous_round_trip()
        {
            using var broker = MosquittoBroker.Start();
            Assert.True(broker.IsRunning);
            Assert.NotEqual(0, broker.Port);
            Assert.Equal(0, broker.TlsPort);

            using var sub = MosquittoClients.StartSub(broker.ClientArgs(), "-t", "endpoint/#", "-v").WaitSubscribed();
            MosquittoClients.Pub(broker.ClientArgs(), "-t", "endpoint/dev1/status", "-m", "online").AssertSuccess();

            Assert.True(sub.WaitForMessages(1), sub.Output);
            Assert.Equal(new[] { "endpoint/dev1/status online" }, sub.Messages);
        }

        [Fact]
        public void Password_file_refuses_wrong_password_and_anonymous_and_accepts_right_one()
        {
            using var broker = MosquittoBroker.Start(new MosquittoOptions
            {
                Users = { ["dev1"] = "secret-1", ["hub"] = "hub pass with spaces" },
            });

            var wrong = MosquittoClients.Pub(broker.ClientArgs("dev1", "nope"), "-t", "endpoint/dev1/x", "-m", "1");
            Assert.True(wrong.ExitCode != 0, wrong.ToString());
            Assert.Contains("not authori", wrong.Output, StringComparison.OrdinalIgnoreCase);

            var anonymous = MosquittoClients.Pub(broker.ClientArgs(), "-t", "endpoint/dev1/x", "-m", "1");
            Assert.True(anonymous.ExitCode != 0, anonymous.ToString());

            using var sub = MosquittoClients.StartSub(broker.ClientArgs("hub", "hub pass with spaces"), "-t", "endpoint/#", "-v").WaitSubscribed();
            MosquittoClients.Pub(broker.ClientArgs("dev1", "secret-1"), "-t", "endpoint/dev1/x", "-m", "1").AssertSuccess();
            Assert.True(sub.WaitForMessages(1), sub.Output);
            Assert.Equal(new[] { "endpoint/dev1/x 1" }, sub.Messages);
        }

        [Fact]
        public void Acl_keeps_each_device_in_its_own_topics()
        {
            using var broker = MosquittoBroker.Start(new MosquittoOptions
            {
                Users = { ["dev1"] = "p1", ["dev2"] = "p2", ["hub"] = "ph" },
                Acl = MosquittoOptions.DeviceAcl("hub"),
            });

            using var hub = MosquittoClients.StartSub(broker.ClientArgs("hub", "ph"), "-t", "#", "-v").WaitSubscribed();

            // dev1 writes into dev2's topics: the broker accepts the PUBLISH (MQTT 3.1.1 has no way to
            // refuse it) and drops it. Then dev1 writes its own topic and Home Assistant discovery: those
            // arrive, and since they were sent after the forbidden one, its absence is conclusive.
            MosquittoClients.Pub(broker.ClientArgs("dev1", "p1"), "-t", "endpoint/dev2/light/set", "-m", "ON").AssertSuccess();
            MosquittoClients.Pub(broker.ClientArgs("dev1", "p1"), "-t", "endpoint/dev1/status", "-m", "online").AssertSuccess();
            MosquittoClients.Pub(broker.ClientArgs("dev1", "p1"), "-t", "homeassistant/light/dev1_light/config", "-m", "{}").AssertSuccess();

            Assert.True(hub.WaitForMessages(2), hub.Output);
            Assert.False(hub.WaitForMessages(3, Short), "unexpected: " + string.Join(" | ", hub.Messages));
            Assert.Equal(new[] { "endpoint/dev1/status online", "homeassistant/light/dev1_light/config {}" }, hub.Messages);

            // dev1 may not read dev2's topics either. Mosquitto grants the subscription and drops the
            // messages at delivery; dev2, subscribed after dev1, gets the hub's command, so dev1 had
            // its chance.
            using var snoop = MosquittoClients.StartSub(broker.ClientArgs("dev1", "p1"), "-t", "endpoint/dev2/#", "-v").WaitSubscribed();
            using var dev2 = MosquittoClients.StartSub(broker.ClientArgs("dev2", "p2"), "-t", "endpoint/dev2/#", "-v").WaitSubscribed();
            MosquittoClients.Pub(broker.ClientArgs("hub", "ph"), "-t", "endpoint/dev2/light/set", "-m", "OFF").AssertSuccess();
            Assert.True(dev2.WaitForMessages(1), dev2.Output);
            Assert.Equal(new[] { "endpoint/dev2/light/set OFF" }, dev2.Messages);
            Assert.False(snoop.WaitForMessages(1, Short), "dev1 read dev2's topic: " + string.Join(" | ", snoop.Messages));
        }

        [Fact]
        public void Tls_listener_trusts_the_test_ca_and_not_the_other_one()
        {
            using var broker = MosquittoBroker.Start(new MosquittoOptions { Tls = true });
            Assert.NotEqual(0, broker.TlsPort);
            Assert.NotEqual(broker.Port, broker.TlsPort);
            Assert.True(File.Exists(broker.CaPemPath));
            Assert.True(File.Exists(broker.OtherCaPemPath));

            using var sub = MosquittoClients.StartSub(broker.ClientArgs(tls: true), "-t", "t/#", "-v").WaitSubscribed();
            MosquittoClients.Pub(broker.ClientArgs(tls: true), "-t", "t/ip", "-m", "by-ip").AssertSuccess();
            // The certificate also names localhost (hostname verification is on in the reference clients).
            MosquittoClients.Pub("-h", "localhost", "-p", broker.TlsPort, "--cafile", broker.CaPemPath, "-t", "t/name", "-m", "by-name").AssertSuccess();
            Assert.True(sub.WaitForMessages(2), sub.Output);
            Assert.Equal(new[] { "t/ip by-ip", "t/name by-name" }, sub.Messages);

            var wrongCa = MosquittoClients.Pub(broker.ClientArgs(tls: true, otherCa: true), "-t", "t/x", "-m", "x");
            Assert.True(wrongCa.ExitCode != 0, wrongCa.ToString());

            // Plain MQTT on the TLS port is not accepted either.
            var plainOnTls = MosquittoClients.Pub("-h", MosquittoBroker.Host, "-p", broker.TlsPort, "-t", "t/x", "-m", "x");
            Assert.True(plainOnTls.ExitCode != 0, plainOnTls.ToString());
        }

        [Fact]
        public void Kill_and_restart_keep_the_ports()
        {
            using var broker = MosquittoBroker.Start(new MosquittoOptions { Tls = true });
            int port = broker.Port, tlsPort = broker.TlsPort, pid = broker.ProcessId;

            broker.Kill();
            Assert.False(broker.IsRunning);
            var down = MosquittoClients.Pub(broker.ClientArgs(), "-t", "t", "-m", "x");
            Assert.True(down.ExitCode != 0, down.ToString());

            broker.Restart();
            Assert.True(broker.IsRunning);
            Assert.NotEqual(pid, broker.ProcessId);
            Assert.Equal(port, broker.Port);
            Assert.Equal(tlsPort, broker.TlsPort);

            using var sub = MosquittoClients.StartSub(broker.ClientArgs(), "-t", "t", "-v").WaitSubscribed();
            MosquittoClients.Pub(broker.ClientArgs(tls: true), "-t", "t", "-m", "back").AssertSuccess();
            Assert.True(sub.WaitForMessages(1), sub.Output);
            Assert.Equal(new[] { "t back" }, sub.Messages);

            // Restart while running works too (clean stop first).
            broker.Restart();
            MosquittoClients.Pub(broker.ClientArgs(), "-t", "t", "-m", "again").AssertSuccess();
        }

        [Fact]
        public void Pause_freezes_the_broker_until_resumed()
        {
            using var broker = MosquittoBroker.Start();
            broker.Pause();
            try
            {
                var frozen = MosquittoClients.Run(MosquittoBroker.RequireTool("mosquitto_pub"),
                    broker.ClientArgs().Concat(new[] { "-t", "t", "-m", "x" }), TimeSpan.FromSeconds(2));
                Assert.True(frozen.TimedOut, frozen.ToString());
            }
            finally
            {
                broker.Resume();
            }
            MosquittoClients.Pub(broker.ClientArgs(), "-t", "t", "-m", "x").AssertSuccess();
        }

        [Fact]
        public void Persistence_keeps_retained_messages_across_a_clean_restart_but_not_without_it()
        {
            using var persistent = MosquittoBroker.Start(new MosquittoOptions { Persistence = true });
            MosquittoClients.Pub(persistent.ClientArgs(), "-t", "endpoint/dev1/status", "-m", "online", "-r", "-q", "1").AssertSuccess();
            persistent.Stop();
            persistent.Restart();
            var kept = MosquittoClients.Sub(persistent.ClientArgs(), "-t", "endpoint/dev1/status", "-C", "1", "-W", "5");
            Assert.Equal("online", kept.AssertSuccess().Stdout.Trim());

            using var volatileBroker = MosquittoBroker.Start();
            MosquittoClients.Pub(volatileBroker.ClientArgs(), "-t", "endpoint/dev1/status", "-m", "online", "-r").AssertSuccess();
            volatileBroker.Restart();
            var lost = MosquittoClients.Sub(volatileBroker.ClientArgs(), "-t", "endpoint/dev1/status", "-C", "1", "-W", "1");
            Assert.Equal(27, lost.ExitCode); // -W timed out: nothing retained
        }

        [Fact]
        public void Start_failure_reports_the_log()
        {
            var e = Assert.Throws<InvalidOperationException>(() =>
                MosquittoBroker.Start(new MosquittoOptions { ExtraConfig = "no_such_option 1" }));
            Assert.Contains("no_such_option", e.Message);
            Assert.Contains("log tail", e.Message);
        }

        [Fact]
        public void Dispose_stops_the_broker_and_deletes_its_directory()
        {
            var broker = MosquittoBroker.Start(new MosquittoOptions { Tls = true, Users = { ["a"] = "b" }, Acl = MosquittoOptions.DeviceAcl() });
            var dir = broker.Directory;
            Assert.Contains("mosquitto version", broker.ReadLog());
            broker.Dispose();
            Assert.False(broker.IsRunning);
            Assert.False(Directory.Exists(dir));
            var gone = MosquittoClients.Pub(broker.ClientArgs(), "-t", "t", "-m", "x");
            Assert.True(gone.ExitCode != 0, gone.ToString());
        }
    }

    public sealed class MosquittoFixtureTests : IClassFixture<MosquittoFixture>
    {
        readonly MosquittoBroker _broker;

        public MosquittoFixtureTests(MosquittoFixture fixture) => _broker = fixture.Broker;

        [Fact]
        public void Class_fixture_shares_one_running_broker()
        {
            Assert.True(_broker.IsRunning);
            var r = MosquittoClients.Sub(_broker.ClientArgs(), "-t", "$SYS/broker/version", "-C", "1", "-W", "5").AssertSuccess();
            Assert.StartsWith("mosquitto version", r.Stdout);
        }
    }
}
