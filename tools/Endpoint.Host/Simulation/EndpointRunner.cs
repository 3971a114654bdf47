using System;
using System.Threading;
using Endpoint.Core.Hub;
using Endpoint.Host.Runtime;

namespace Endpoint.Host.Simulation;

/// <summary>
/// Runs one simulated endpoint on its own loop thread and powers it up again whenever it reboots
/// (an OTA install, a restart command), as a board would: every boot is a new
/// <see cref="SimulatedEndpoint"/> over the same flash, made from <c>options(resetReason)</c>.
/// </summary>
public sealed class EndpointRunner : IDisposable
{
    private readonly Func<string, SimulatedEndpointOptions> _options;
    private readonly Thread _thread;
    private readonly ManualResetEventSlim _stop = new(false);
    private readonly AutoResetEvent _reboot = new(false);
    private volatile SimulatedEndpoint _current;
    private int _boots;

    /// <summary>Starts the first boot with reset reason <c>power_on</c>.</summary>
    public EndpointRunner(Func<string, SimulatedEndpointOptions> options, string name = "endpoint")
    {
        _options = options;
        _thread = new Thread(Run) { IsBackground = true, Name = name };
        _thread.Start();
    }

    /// <summary>The endpoint of the current boot (null between boots).</summary>
    public SimulatedEndpoint Current => _current;

    /// <summary>Boots so far.</summary>
    public int Boots => Volatile.Read(ref _boots);

    /// <summary>Raised on the runner's thread after each boot has started.</summary>
    public event Action<SimulatedEndpoint> Booted;

    private void Run()
    {
        string reason = "power_on";
        while (!_stop.IsSet)
        {
            var endpoint = SimulatedEndpoint.Create(_options(reason));
            endpoint.System.RebootRequested += _ => _reboot.Set();
            using (var loop = new LoopThread(endpoint.Loop, "endpoint-" + endpoint.Identity.Id))
            {
                endpoint.Start();
                _current = endpoint;
                Interlocked.Increment(ref _boots);
                Booted?.Invoke(endpoint);
                int which = WaitHandle.WaitAny([_stop.WaitHandle, _reboot]);
                _current = null;
                if (which == 0)
                {
                    try
                    {
                        loop.Invoke(endpoint.Runtime.Stop);
                    }
                    catch (TimeoutException)
                    {
                    }
                }

                WaitDisconnected(endpoint.Options.Transport);
            }

            (endpoint.Options.Transport as IDisposable)?.Dispose();
            reason = "software";
        }
    }

    private static void WaitDisconnected(IMqttTransport transport)
    {
        for (int i = 0; i < 40 && transport.IsConnected; i++)
        {
            Thread.Sleep(50);
        }
    }

    /// <summary>Stops the endpoint cleanly (offline, DISCONNECT) and the thread.</summary>
    public void Dispose()
    {
        _stop.Set();
        _thread.Join(10000);
    }
}
