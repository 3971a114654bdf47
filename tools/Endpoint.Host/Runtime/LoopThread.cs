using System;
using System.Threading;
using Endpoint.Core.Runtime;

namespace Endpoint.Host.Runtime;

/// <summary>
/// Runs one loop on a dedicated thread, as the device's main thread does: run what is due, then
/// sleep until the next timer or until work is posted. 
/// </summary>
public sealed class LoopThread : IDisposable
{
    private readonly EventLoop _loop;
    private readonly AutoResetEvent _wake = new(false);
    private readonly Thread _thread;
    private volatile bool _stopping;

    /// <summary>Starts running <paramref name="loop"/>.</summary>
    public LoopThread(EventLoop loop, string name = "endpoint-loop")
    {
        _loop = loop;
        _loop.WakeRequested += _ => _wake.Set();
        _thread = new Thread(Run) { IsBackground = true, Name = name };
        _thread.Start();
    }

    /// <summary>Runs <paramref name="action"/> on the loop and waits for it to finish.</summary>
    public void Invoke(Action action, int timeoutMs = 10000)
    {
        using var done = new ManualResetEventSlim(false);
        Exception error = null;
        _loop.Post(() =>
        {
            try { action(); }
            catch (Exception ex) { error = ex; }
            finally { done.Set(); }
        });
        if (!done.Wait(timeoutMs))
        {
            throw new TimeoutException("the endpoint loop did not run the action in time");
        }

        if (error != null)
        {
            throw new InvalidOperationException(error.Message, error);
        }
    }

    private void Run()
    {
        while (!_stopping)
        {
            _loop.RunDue();
            long wait = _loop.NextDueMs == long.MaxValue ? 1000 : _loop.NextDueMs - _loop.Clock.UptimeMs;
            if (_loop.HasPosted)
            {
                continue;
            }

            if (wait > 0)
            {
                _wake.WaitOne((int)Math.Min(wait, 1000));
            }
        }
    }

    /// <summary>Stops the thread after the current pass.</summary>
    public void Dispose()
    {
        _stopping = true;
        _wake.Set();
        if (Thread.CurrentThread != _thread)
        {
            _thread.Join(5000);
        }
    }
}
