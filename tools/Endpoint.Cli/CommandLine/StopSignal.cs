using System;
using System.Runtime.InteropServices;
using System.Threading;

namespace Endpoint.Cli.CommandLine;

/// <summary>
/// Ctrl-C and SIGTERM for long-running commands: the first asks for a clean stop
/// (<see cref="Stopping"/>), a second one gives up on waiting (<see cref="Aborting"/>).
/// </summary>
public sealed class StopSignal : IDisposable
{
    private readonly CancellationTokenSource _stopping = new();
    private readonly CancellationTokenSource _aborting = new();
    private readonly PosixSignalRegistration _term;
    private readonly ConsoleCancelEventHandler _cancel;
    private int _count;

    /// <summary>Starts listening.</summary>
    public StopSignal()
    {
        _cancel = (_, e) =>
        {
            e.Cancel = true;
            Signal();
        };
        Console.CancelKeyPress += _cancel;
        _term = PosixSignalRegistration.Create(PosixSignal.SIGTERM, ctx =>
        {
            ctx.Cancel = true;
            Signal();
        });
    }

    /// <summary>Set by the first Ctrl-C or SIGTERM (or <see cref="Signal"/>).</summary>
    public CancellationToken Stopping => _stopping.Token;

    /// <summary>Set by the second.</summary>
    public CancellationToken Aborting => _aborting.Token;

    /// <summary>Acts as if Ctrl-C was pressed (a command's own end, such as <c>--duration</c>).</summary>
    public void Signal()
    {
        if (Interlocked.Increment(ref _count) == 1)
        {
            _stopping.Cancel();
        }
        else
        {
            _aborting.Cancel();
        }
    }

    /// <summary>Waits for a stop, at most <paramref name="timeoutMs"/> (-1: forever); true when stopping.</summary>
    public bool Wait(int timeoutMs) => _stopping.Token.WaitHandle.WaitOne(timeoutMs);

    /// <inheritdoc />
    public void Dispose()
    {
        Console.CancelKeyPress -= _cancel;
        _term.Dispose();
    }
}
