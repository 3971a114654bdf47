using System;
using System.Net;
using System.Net.Sockets;
using System.Threading;
using Endpoint.Core.Provisioning.Portal;
using Endpoint.Core.Runtime;
using Endpoint.Core.Text;
using Iot.Device.DhcpServer;

namespace Endpoint.Device
{
    /// <summary>
    /// The servers on the device's access point while the captive portal is up: DHCP (nanoFramework.IoT.Device's
    /// <c>DhcpServer</c>, as the WiFiAP sample uses it, handing out the portal as the DNS server and as the captive
    /// portal URL, DHCP option 114, RFC 8910), the captive DNS on UDP 53 (the portable <see cref="DnsResponder"/>)
    /// and HTTP on TCP 80 — a plain <c>System.Net.Sockets.Socket</c> server that reads each request with the
    /// portable <see cref="HttpRequestParser"/> and has the <see cref="PortalHandler"/> answer it on the endpoint's
    /// loop. One request per connection, one connection at a time: a portal serves one phone.
    /// </summary>
    /// <remarks>
    /// On the ESP32 the access point exists from boot or not at all (<see cref="SoftAccessPointAdapter"/>), so the
    /// servers start once, at boot, when it is up, and live until the restart that closes it.
    /// </remarks>
    public sealed class CaptivePortalServer
    {
        private const int ReceiveTimeoutMs = 5000;
        private const int LoopTimeoutMs = 5000;

        private readonly EventLoop _loop;
        private readonly CaptivePortal _portal;
        private readonly ILog _log;
        private readonly IPAddress _address;
        private DhcpServer _dhcp;

        /// <summary>Creates the servers for <paramref name="portal"/>, answering on <paramref name="loop"/>.</summary>
        public CaptivePortalServer(EventLoop loop, CaptivePortal portal, ILog log)
        {
            _loop = loop;
            _portal = portal;
            _log = log;
            _address = IPAddress.Parse(SoftAccessPointAdapter.DefaultAddress);
        }

        /// <summary>Starts DHCP, DNS and HTTP on the access point.</summary>
        public void Start()
        {
            _dhcp = new DhcpServer();
            _dhcp.CaptivePortalUrl = _portal.Handler.Url;
            _dhcp.DnsServer = _address;
            if (!_dhcp.Start(_address, IPAddress.Parse(SoftAccessPointAdapter.SubnetMask)))
            {
                Log(LogLevel.Error, "DHCP server did not start: phones get no address on the access point");
            }

            new Thread(RunDns).Start();
            new Thread(RunHttp).Start();
        }

        private void RunDns()
        {
            byte[] query = new byte[DnsResponder.MaxResponseBytes];
            byte[] response = new byte[DnsResponder.MaxResponseBytes];
            using (Socket socket = new Socket(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp))
            {
                socket.Bind(new IPEndPoint(IPAddress.Any, 53));
                while (true)
                {
                    try
                    {
                        EndPoint remote = new IPEndPoint(IPAddress.Any, 0);
                        int n = socket.ReceiveFrom(query, 0, query.Length, SocketFlags.None, ref remote);
                        int length = _portal.Dns.Answer(query, n, response);
                        if (length > 0)
                        {
                            socket.SendTo(response, 0, length, SocketFlags.None, remote);
                        }
                    }
                    catch (SocketException)
                    {
                        // A datagram larger than the buffer, or a client gone: the next query is answered.
                    }
                }
            }
        }

        private void RunHttp()
        {
            byte[] buffer = new byte[1024];
            ByteBuffer output = new ByteBuffer(8192);
            HttpRequestParser parser = new HttpRequestParser();
            using (Socket listener = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp))
            {
                listener.Bind(new IPEndPoint(IPAddress.Any, 80));
                listener.Listen(4);
                while (true)
                {
                    Socket client = null;
                    try
                    {
                        client = listener.Accept();
                        client.ReceiveTimeout = ReceiveTimeoutMs;
                        client.SendTimeout = ReceiveTimeoutMs;
                        parser.Reset();
                        HttpParseStatus status = HttpParseStatus.NeedMore;
                        while (status == HttpParseStatus.NeedMore)
                        {
                            int n = client.Receive(buffer, 0, buffer.Length, SocketFlags.None);
                            if (n <= 0)
                            {
                                break;
                            }

                            status = parser.Feed(buffer, 0, n);
                        }

                        if (status != HttpParseStatus.NeedMore)
                        {
                            HttpResponse response = status == HttpParseStatus.Complete ? OnLoop(parser.Request) : PortalHandler.Refused(parser.ErrorStatus, parser.Error);
                            output.Clear();
                            response.WriteTo(output);
                            int sent = 0;
                            while (sent < output.Length)
                            {
                                sent += client.Send(output.Data, sent, output.Length - sent, SocketFlags.None);
                            }
                        }
                    }
                    catch (SocketException)
                    {
                        // Timed out or reset by the phone: on to the next connection.
                    }
                    finally
                    {
                        if (client != null)
                        {
                            client.Close();
                        }
                    }
                }
            }
        }

        // The handler touches the endpoint's state, so it runs on the loop like every other event.
        private HttpResponse OnLoop(HttpRequest request)
        {
            HttpResponse response = null;
            ManualResetEvent done = new ManualResetEvent(false);
            _loop.Post(() =>
            {
                try
                {
                    response = _portal.Handler.Handle(request);
                }
                finally
                {
                    done.Set();
                }
            });
            if (!done.WaitOne(LoopTimeoutMs, false) || response == null)
            {
                return HttpResponse.PlainText(503, "the device did not answer in time\n");
            }

            return response;
        }

        private void Log(LogLevel level, string message)
        {
            if (_log != null && _log.IsEnabled(level))
            {
                _log.Write(level, "portal", message);
            }
        }
    }
}
