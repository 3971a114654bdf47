using System;
using System.Collections.Generic;
using System.Net;
using System.Net.Sockets;
using System.Threading;

namespace Endpoint.Host.Ble;

/// <summary>
/// This process's transmitter on the simulated air: it sends the advertisement of every attached
/// <see cref="SimulatedBleRadio"/> to every scanner registered in the air folder — at once when an
/// advertisement changes, and again every <see cref="IntervalMs"/> as a real radio repeats it.
/// One background thread and one UDP socket serve all radios of the process. A radio attached with the
/// address of one already attached replaces it (the same device after a simulated reboot).
/// </summary>
public sealed class BleAir : IDisposable
{
    /// <summary>How often the list of scanners is re-read.</summary>
    public const int RegistryRefreshMs = 1000;

    private readonly object _lock = new();
    private readonly Dictionary<string, SimulatedBleRadio> _radios = new(StringComparer.Ordinal);
    private readonly Socket _socket = new(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp);
    private readonly AutoResetEvent _wake = new(false);
    private readonly Thread _thread;
    private List<int> _ports = new();
    private long _portsReadAt = -RegistryRefreshMs;
    private volatile bool _stopping;
    private long _sent;

    /// <summary>Opens the air in <paramref name="directory"/> (default <see cref="AirDirectory.Default"/>).</summary>
    public BleAir(string directory = null, int intervalMs = 1000)
    {
        if (intervalMs < 10)
        {
            throw new ArgumentOutOfRangeException(nameof(intervalMs), "the advertising interval must be at least 10 ms");
        }

        Directory = directory ?? AirDirectory.Default();
        IntervalMs = intervalMs;
        AirDirectory.Ensure(Directory);
        _thread = new Thread(Run) { IsBackground = true, Name = "ble-air" };
        _thread.Start();
    }

    /// <summary>The air folder.</summary>
    public string Directory { get; }

    /// <summary>Period at which each advertisement is repeated.</summary>
    public int IntervalMs { get; }

    /// <summary>Datagrams sent so far (one per advertisement per scanner).</summary>
    public long Sent => Interlocked.Read(ref _sent);

    /// <summary>Puts <paramref name="radio"/> on this air (replacing a radio with the same address).</summary>
    internal void Attach(SimulatedBleRadio radio)
    {
        lock (_lock)
        {
            _radios[radio.Address] = radio;
        }
    }

    /// <summary>Takes <paramref name="radio"/> off the air unless another radio has replaced it.</summary>
    internal void Detach(SimulatedBleRadio radio)
    {
        lock (_lock)
        {
            if (_radios.TryGetValue(radio.Address, out var current) && ReferenceEquals(current, radio))
            {
                _radios.Remove(radio.Address);
            }
        }
    }

    /// <summary>A radio's advertisement changed: send it now.</summary>
    internal void Wake() => _wake.Set();

    /// <inheritdoc />
    public void Dispose()
    {
        _stopping = true;
        _wake.Set();
        _thread.Join(2000);
        _socket.Dispose();
        _wake.Dispose();
    }

    private void Run()
    {
        long nextRepeat = Environment.TickCount64 + IntervalMs;
        while (!_stopping)
        {
            long wait = Math.Max(0, nextRepeat - Environment.TickCount64);
            _wake.WaitOne(TimeSpan.FromMilliseconds(wait));
            if (_stopping)
            {
                return;
            }

            bool repeat = Environment.TickCount64 >= nextRepeat;
            if (repeat)
            {
                nextRepeat = Environment.TickCount64 + IntervalMs;
            }

            SimulatedBleRadio[] radios;
            lock (_lock)
            {
                radios = new SimulatedBleRadio[_radios.Count];
                _radios.Values.CopyTo(radios, 0);
            }

            List<int> ports = Ports();
            foreach (var radio in radios)
            {
                AirDatagram datagram = radio.TakeDatagram(onlyIfChanged: !repeat);
                if (datagram == null || ports.Count == 0)
                {
                    continue;
                }

                byte[] bytes = datagram.ToBytes();
                foreach (int port in ports)
                {
                    try
                    {
                        // Counted before sending, so a listener never hears more than Sent says.
                        Interlocked.Increment(ref _sent);
                        _socket.SendTo(bytes, new IPEndPoint(IPAddress.Loopback, port));
                    }
                    catch (SocketException)
                    {
                        // A scanner that just went away; its registration is pruned on the next refresh.
                    }
                }
            }
        }
    }

    private List<int> Ports()
    {
        long now = Environment.TickCount64;
        if (now - _portsReadAt >= RegistryRefreshMs)
        {
            _ports = AirDirectory.LivePorts(Directory);
            _portsReadAt = now;
        }

        return _ports;
    }
}
