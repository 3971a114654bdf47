using Endpoint.Core.Runtime;

namespace Endpoint.Host.Runtime;

/// <summary>Drives a loop on a <see cref="ManualClock"/>: runs everything due, advancing time timer by timer.</summary>
public static class LoopStepper
{
    /// <summary>Runs posted work and every timer due within <paramref name="ms"/>, moving the clock to each deadline in turn.</summary>
    public static void Advance(EventLoop loop, ManualClock clock, long ms)
    {
        long end = clock.UptimeMs + ms;
        Drain(loop);
        while (true)
        {
            long next = loop.NextDueMs;
            if (next > end)
            {
                break;
            }

            if (next > clock.UptimeMs)
            {
                clock.Advance(next - clock.UptimeMs);
            }

            // Work posted by a timer (a pin edge, a transport event) runs before time moves on, as it would on a device.
            Drain(loop);
        }

        if (end > clock.UptimeMs)
        {
            clock.Advance(end - clock.UptimeMs);
        }

        Drain(loop);
    }

    /// <summary>Runs posted work until none is left (work posted by that work included) and the timers already due, without moving time.</summary>
    public static void Drain(EventLoop loop)
    {
        loop.RunDue();
        for (int i = 0; i < 10000 && loop.HasPosted; i++)
        {
            loop.RunDue();
        }
    }
}
