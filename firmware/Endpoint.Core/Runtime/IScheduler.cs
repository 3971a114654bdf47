namespace Endpoint.Core.Runtime
{
    /// <summary>A unit of work run on an endpoint's loop.</summary>
    public delegate void LoopAction();

    /// <summary>
    /// Timers and the event queue of one endpoint loop (ESPHome's set_interval/set_timeout/defer).
    /// Every callback runs on the loop, one at a time, so components need no locks.
    /// </summary>
    public interface IScheduler
    {
        /// <summary>Runs <paramref name="action"/> once after <paramref name="delayMs"/>. Returns a handle for <see cref="Cancel"/>.</summary>
        int SetTimeout(long delayMs, LoopAction action);

        /// <summary>Runs <paramref name="action"/> every <paramref name="periodMs"/>, first after one period. Returns a handle for <see cref="Cancel"/>.</summary>
        int SetInterval(long periodMs, LoopAction action);

        /// <summary>Cancels a timer; unknown or already-fired handles are ignored.</summary>
        void Cancel(int handle);

        /// <summary>Queues <paramref name="action"/> to run on the loop soon. The only member that is safe to call from any thread.</summary>
        void Post(LoopAction action);
    }
}
