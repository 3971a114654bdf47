using System;
using System.Collections;
using System.Net.Sockets;
using System.Security.Cryptography.X509Certificates;
using System.Text;
using System.Threading;
using Endpoint.Core.Hub;
using nanoFramework.M2Mqtt;
using nanoFramework.M2Mqtt.Exceptions;
using nanoFramework.M2Mqtt.Messages;

namespace Endpoint.Device
{
    /// <summary>
    /// <see cref="IMqttTransport"/> over nanoFramework.M2Mqtt (MQTT 3.1.1).
    /// </summary>
    /// <remarks>
    /// What it relies on in nanoFramework.M2Mqtt (M2Mqtt/MqttClient.cs):
    /// <list type="bullet">
    /// <item>The <c>MqttClient(host, port, secure, caCert, clientCert, MqttSslProtocols)</c> constructor resolves
    /// the host (<c>Dns.GetHostEntry</c> in <c>MqttNetworkChannel</c>) and <c>Connect(...)</c> opens the socket, does
    /// the TLS handshake and waits up to <c>MqttSettings.DefaultTimeout</c> (30 s, a constant) for CONNACK; both block,
    /// so each attempt runs on its own worker thread with a fresh client.</item>
    /// <item><c>Connect</c> returns the CONNACK code as <c>MqttReasonCode</c> (3.1.1 codes 1–5 share values with
    /// v5 names, so it is compared as an int); it throws <c>MqttConnectionException</c> (socket or TLS failure,
    /// cause in InnerException) or <c>MqttCommunicationException</c> (no CONNACK in time, or the broker closed).</item>
    /// <item>After a refused CONNACK the client's receive thread still runs, so the client is <c>Close()</c>d.</item>
    /// <item><c>MqttMsgPublishReceived</c> (topic, payload), <c>MqttMsgPublished</c> (message id, acknowledged) and
    /// <c>ConnectionClosed</c> are raised on the client's dispatch thread; ConnectionClosed fires when the link drops,
    /// the keep-alive PINGRESP is missed, or after <c>Disconnect()</c>. Handlers are detached from a client
    /// before it is dropped, and events from any client but the current one are ignored.</item>
    /// <item>The will message is a string in M2Mqtt, so the will payload must be UTF-8 text (it is "offline").</item>
    /// <item>TLS: <c>MqttSslProtocols.TLSv1_2</c>; the CA is <c>new X509Certificate(byte[])</c> over the PEM text plus a
    /// terminating NUL (mbedTLS parses PEM only with the terminator; nanoFramework's X509Certificate(string)
    /// constructor appends the same). No CA means the device's own CA store. Certificate dates are checked, so
    /// the clock must be set (SNTP) before a TLS connect.</item>
    /// </list>
    /// QoS 1 publishes are remembered until M2Mqtt reports the PUBACK; M2Mqtt clears its in-flight queue when a
    /// connection closes, so the unacknowledged ones (at most <see cref="MaxPendingQos1"/>, oldest dropped) are
    /// published again right after the next CONNACK, before <see cref="Connected"/> is raised.
    /// Events are raised on the connect worker or M2Mqtt's threads; details never contain the password.
    /// </remarks>
    public sealed class M2MqttTransport : IMqttTransport
    {
        /// <summary>Unacknowledged QoS 1 messages kept for re-sending after a reconnect.</summary>
        public const int MaxPendingQos1 = 32;

        // MqttSettings.DefaultTimeout: M2Mqtt's fixed wait for CONNACK.
        private const int ConnackTimeoutMs = 30000;

        private readonly object _sync = new object();
        private readonly ArrayList _pending = new ArrayList();
        private MqttClient _client;
        private bool _connecting;
        private bool _connected;
        private bool _disconnectRequested;

        /// <inheritdoc />
        public event MqttMessageHandler MessageReceived;

        /// <inheritdoc />
        public event MqttConnectedHandler Connected;

        /// <inheritdoc />
        public event MqttClosedHandler Closed;

        /// <inheritdoc />
        public bool IsConnected
        {
            get
            {
                lock (_sync)
                {
                    return _connected;
                }
            }
        }

        /// <inheritdoc />
        /// <remarks><see cref="MqttConnectOptions.ConnectTimeoutMs"/> cannot shorten M2Mqtt's fixed 30 s CONNACK wait.</remarks>
        public void Connect(MqttConnectOptions options)
        {
            if (options == null)
            {
                throw new ArgumentNullException("options");
            }

            lock (_sync)
            {
                if (_connecting || _connected)
                {
                    return;
                }

                _connecting = true;
                _disconnectRequested = false;
            }

            Thread worker = new Thread(() => ConnectWorker(options));
            worker.Start();
        }

        /// <inheritdoc />
        public void Disconnect()
        {
            MqttClient client;
            bool wasConnected;
            lock (_sync)
            {
                if (_connecting)
                {
                    // The connect worker sees this when Connect returns, disconnects and reports Requested.
                    _disconnectRequested = true;
                    return;
                }

                client = _client;
                wasConnected = _connected;
                _client = null;
                _connected = false;
            }

            if (client != null)
            {
                Detach(client);
                try
                {
                    // Sends DISCONNECT, so the broker discards the will, then closes the socket.
                    client.Disconnect();
                }
                catch (Exception)
                {
                    CloseQuietly(client);
                }
            }

            if (wasConnected)
            {
                RaiseClosed(MqttCloseReason.Requested, "disconnected on request");
            }
        }

        /// <inheritdoc />
        public bool Publish(string topic, byte[] payload, int offset, int count, int qos, bool retain)
        {
            byte[] message = new byte[count];
            if (count > 0)
            {
                Array.Copy(payload, offset, message, 0, count);
            }

            lock (_sync)
            {
                if (!_connected || _client == null)
                {
                    return false;
                }

                try
                {
                    ushort id = _client.Publish(topic, message, null, null, ToQos(qos), retain);
                    if (qos >= 1)
                    {
                        _pending.Add(new PendingPublish(topic, message, retain, id));
                        if (_pending.Count > MaxPendingQos1)
                        {
                            _pending.RemoveAt(0);
                        }
                    }

                    return true;
                }
                catch (Exception)
                {
                    return false;
                }
            }
        }

        /// <inheritdoc />
        public void Subscribe(string topicFilter, int qos)
        {
            lock (_sync)
            {
                if (!_connected || _client == null)
                {
                    return;
                }

                try
                {
                    _client.Subscribe(new string[] { topicFilter }, new MqttQoSLevel[] { ToQos(qos) });
                }
                catch (Exception)
                {
                    // The link is going down; the core subscribes again after the next Connected.
                }
            }
        }

        private void ConnectWorker(MqttConnectOptions options)
        {
            string target = options.Host + ":" + options.Port;

            X509Certificate ca = null;
            if (options.UseTls && options.CaCertificatePem != null)
            {
                try
                {
                    byte[] pem = Encoding.UTF8.GetBytes(options.CaCertificatePem);
                    byte[] terminated = new byte[pem.Length + 1];
                    Array.Copy(pem, terminated, pem.Length);
                    ca = new X509Certificate(terminated);
                }
                catch (Exception ex)
                {
                    FailAttempt(null, MqttCloseReason.TlsFailed, "the CA certificate could not be parsed: " + Describe(ex));
                    return;
                }
            }

            MqttClient client;
            try
            {
                client = new MqttClient(
                    options.Host,
                    options.Port,
                    options.UseTls,
                    ca,
                    null,
                    options.UseTls ? MqttSslProtocols.TLSv1_2 : MqttSslProtocols.None);
            }
            catch (Exception ex)
            {
                FailAttempt(null, MqttCloseReason.Unreachable, "cannot resolve " + options.Host + ": " + Describe(ex));
                return;
            }

            client.ProtocolVersion = MqttProtocolVersion.Version_3_1_1;
            client.MqttMsgPublishReceived += OnPublishReceived;
            client.MqttMsgPublished += OnPublished;
            client.ConnectionClosed += OnConnectionClosed;
            lock (_sync)
            {
                _client = client;
            }

            bool will = options.WillTopic != null;
            string willMessage = will && options.WillPayload != null
                ? Encoding.UTF8.GetString(options.WillPayload, 0, options.WillPayload.Length)
                : (will ? string.Empty : null);
            long started = Environment.TickCount64;
            MqttReasonCode code;
            try
            {
                code = client.Connect(
                    options.ClientId,
                    EmptyToNull(options.Username),
                    EmptyToNull(options.Password),
                    options.WillRetain,
                    ToQos(options.WillQos),
                    will,
                    options.WillTopic,
                    willMessage,
                    options.CleanSession,
                    KeepAlive(options.KeepAliveSeconds));
            }
            catch (MqttConnectionException ex)
            {
                if (FindSocketException(ex) == null && options.UseTls)
                {
                    FailAttempt(client, MqttCloseReason.TlsFailed, "TLS handshake with " + target + " failed: " + Describe(ex));
                }
                else
                {
                    FailAttempt(client, MqttCloseReason.Unreachable, "cannot reach " + target + ": " + Describe(ex));
                }

                return;
            }
            catch (MqttCommunicationException ex)
            {
                if (Environment.TickCount64 - started >= ConnackTimeoutMs - 1000)
                {
                    FailAttempt(client, MqttCloseReason.Timeout, "no CONNACK from " + target + " within " + (ConnackTimeoutMs / 1000) + " s");
                }
                else
                {
                    FailAttempt(client, MqttCloseReason.ConnectionLost, target + " closed the connection before CONNACK: " + Describe(ex));
                }

                return;
            }
            catch (Exception ex)
            {
                FailAttempt(client, MqttCloseReason.ProtocolError, "connecting to " + target + " failed: " + Describe(ex));
                return;
            }

            int connack = (int)code;
            if (connack != 0)
            {
                FailAttempt(client, RefusalReason(connack), target + " refused the connection: " + RefusalText(connack) + " (CONNACK " + connack + ")");
                return;
            }

            bool abandon;
            lock (_sync)
            {
                _connecting = false;
                abandon = _disconnectRequested;
                if (!abandon)
                {
                    _connected = true;
                }
            }

            if (abandon)
            {
                Detach(client);
                try
                {
                    client.Disconnect();
                }
                catch (Exception)
                {
                    CloseQuietly(client);
                }

                lock (_sync)
                {
                    if (_client == client)
                    {
                        _client = null;
                    }
                }

                RaiseClosed(MqttCloseReason.Requested, "disconnected on request while connecting");
                return;
            }

            ResendPending(client);
            RaiseConnected();

            // ConnectionClosed may have fired before _connected was set: report that drop now (once).
            if (!client.IsConnected)
            {
                LoseConnection(client, "the connection to " + target + " dropped right after CONNACK");
            }
        }

        private void FailAttempt(MqttClient client, MqttCloseReason reason, string detail)
        {
            if (client != null)
            {
                Detach(client);
                CloseQuietly(client);
            }

            lock (_sync)
            {
                if (client == null || _client == client)
                {
                    _client = null;
                }

                _connecting = false;
            }

            RaiseClosed(reason, detail);
        }

        private void LoseConnection(object client, string detail)
        {
            lock (_sync)
            {
                if (client != _client || !_connected)
                {
                    return;
                }

                _client = null;
                _connected = false;
            }

            Detach((MqttClient)client);
            RaiseClosed(MqttCloseReason.ConnectionLost, detail);
        }

        private void ResendPending(MqttClient client)
        {
            lock (_sync)
            {
                for (int i = 0; i < _pending.Count; i++)
                {
                    PendingPublish message = (PendingPublish)_pending[i];
                    try
                    {
                        message.MessageId = client.Publish(message.Topic, message.Payload, null, null, MqttQoSLevel.AtLeastOnce, message.Retain);
                    }
                    catch (Exception)
                    {
                        return;
                    }
                }
            }
        }

        private void OnPublishReceived(object sender, MqttMsgPublishEventArgs e)
        {
            lock (_sync)
            {
                if (sender != _client)
                {
                    return;
                }
            }

            MqttMessageHandler handler = MessageReceived;
            if (handler != null)
            {
                try
                {
                    handler(e.Topic, e.Message != null ? e.Message : new byte[0]);
                }
                catch (Exception)
                {
                    // Never let a handler kill M2Mqtt's dispatch thread.
                }
            }
        }

        private void OnPublished(object sender, MqttMsgPublishedEventArgs e)
        {
            if (!e.IsPublished)
            {
                // Retries exhausted: keep it, it goes out again after the next connect.
                return;
            }

            lock (_sync)
            {
                if (sender != _client)
                {
                    return;
                }

                for (int i = 0; i < _pending.Count; i++)
                {
                    if (((PendingPublish)_pending[i]).MessageId == e.MessageId)
                    {
                        _pending.RemoveAt(i);
                        return;
                    }
                }
            }
        }

        private void OnConnectionClosed(object sender, EventArgs e)
        {
            LoseConnection(sender, "the connection to the broker was lost");
        }

        private void Detach(MqttClient client)
        {
            client.MqttMsgPublishReceived -= OnPublishReceived;
            client.MqttMsgPublished -= OnPublished;
            client.ConnectionClosed -= OnConnectionClosed;
        }

        private void RaiseConnected()
        {
            MqttConnectedHandler handler = Connected;
            if (handler != null)
            {
                try
                {
                    handler();
                }
                catch (Exception)
                {
                }
            }
        }

        private void RaiseClosed(MqttCloseReason reason, string detail)
        {
            MqttClosedHandler handler = Closed;
            if (handler != null)
            {
                try
                {
                    handler(reason, detail);
                }
                catch (Exception)
                {
                }
            }
        }

        private static void CloseQuietly(MqttClient client)
        {
            try
            {
                client.Close();
            }
            catch (Exception)
            {
            }
        }

        private static MqttQoSLevel ToQos(int qos)
        {
            switch (qos)
            {
                case 0:
                    return MqttQoSLevel.AtMostOnce;
                case 2:
                    return MqttQoSLevel.ExactlyOnce;
                default:
                    return MqttQoSLevel.AtLeastOnce;
            }
        }

        private static ushort KeepAlive(int seconds)
        {
            if (seconds < 0)
            {
                return 0;
            }

            return seconds > 65535 ? (ushort)65535 : (ushort)seconds;
        }

        private static string EmptyToNull(string value)
        {
            return value == null || value.Length == 0 ? null : value;
        }

        // CONNACK codes: MQTT 3.1.1 §3.2.2.3 (1–5); the 0x84–0x89 MQTT 5 equivalents in case a broker answers with them.
        private static MqttCloseReason RefusalReason(int code)
        {
            switch (code)
            {
                case 1:
                case 0x84:
                    return MqttCloseReason.UnacceptableProtocolVersion;
                case 2:
                case 0x85:
                    return MqttCloseReason.IdentifierRejected;
                case 3:
                case 0x88:
                case 0x89:
                    return MqttCloseReason.ServerUnavailable;
                case 4:
                case 0x86:
                    return MqttCloseReason.BadCredentials;
                case 5:
                case 0x87:
                    return MqttCloseReason.NotAuthorized;
                default:
                    return MqttCloseReason.ProtocolError;
            }
        }

        private static string RefusalText(int code)
        {
            switch (RefusalReason(code))
            {
                case MqttCloseReason.UnacceptableProtocolVersion:
                    return "MQTT 3.1.1 not supported";
                case MqttCloseReason.IdentifierRejected:
                    return "client id rejected";
                case MqttCloseReason.ServerUnavailable:
                    return "server unavailable";
                case MqttCloseReason.BadCredentials:
                    return "bad user name or password";
                case MqttCloseReason.NotAuthorized:
                    return "not authorized";
                default:
                    return "unexpected reason code";
            }
        }

        private static SocketException FindSocketException(Exception ex)
        {
            for (Exception e = ex; e != null; e = e.InnerException)
            {
                if (e is SocketException)
                {
                    return (SocketException)e;
                }
            }

            return null;
        }

        // Exception messages along the chain; M2Mqtt, sockets and TLS never put credentials in them.
        private static string Describe(Exception ex)
        {
            SocketException socket = FindSocketException(ex);
            string text = null;
            for (Exception e = ex; e != null; e = e.InnerException)
            {
                if (e.Message != null && e.Message.Length > 0)
                {
                    text = text == null ? e.Message : text + ": " + e.Message;
                }
            }

            if (socket != null)
            {
                text = (text == null ? string.Empty : text + " ") + "(socket error " + socket.ErrorCode + ")";
            }

            return text == null ? "no detail" : text;
        }

        private sealed class PendingPublish
        {
            public readonly string Topic;
            public readonly byte[] Payload;
            public readonly bool Retain;
            public ushort MessageId;

            public PendingPublish(string topic, byte[] payload, bool retain, ushort messageId)
            {
                Topic = topic;
                Payload = payload;
                Retain = retain;
                MessageId = messageId;
            }
        }
    }
}
