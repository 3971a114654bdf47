using Endpoint.Core.Hardware;
using Endpoint.Core.Runtime;

namespace Endpoint.Drivers.BinaryInput
{
    /// <summary>Raised on the loop when a debounced input changes.</summary>
    public delegate void BinaryInputChangedHandler(BinaryInput input, bool active);

    /// <summary>
    /// A two-state input on a GPIO — a reed contact (door, window) or a PIR motion sensor's output —
    /// debounced on the scheduler: after an edge the level must stay put for <see cref="DebounceMs"/>
    /// before the change is reported, so a bouncing reed switch (contacts bounce for a few ms) gives one
    /// change, not a burst. Edges arrive on the interrupt thread and are posted into the loop; nothing blocks.
    /// </summary>
    public sealed class BinaryInput
    {
        private readonly IGpioPin _pin;
        private readonly bool _activeLow;
        private readonly IScheduler _scheduler;
        private bool _active;
        private int _debounceTimer;

        /// <summary>
        /// Creates the input; <paramref name="activeLow"/> when "active" (open, motion) is a low level.
        /// The current level is taken as the initial state without an event.
        /// </summary>
        public BinaryInput(IGpioPin pin, bool activeLow, IScheduler scheduler)
        {
            _pin = pin;
            _activeLow = activeLow;
            _scheduler = scheduler;
            DebounceMs = 50;
            _active = Sample();
            _pin.Changed += (p, high) => _scheduler.Post(OnEdge);
        }

        /// <summary>How long a new level must hold before it counts (default 50 ms).</summary>
        public long DebounceMs { get; set; }

        /// <summary>The debounced state: true when active (contact open, motion seen).</summary>
        public bool IsActive
        {
            get { return _active; }
        }

        /// <summary>Debounced changes.</summary>
        public event BinaryInputChangedHandler Changed;

        /// <summary>Reads the pin now, without debouncing (a battery device samples it once per wake).</summary>
        public bool Sample()
        {
            return _pin.Read() != _activeLow;
        }

        private void OnEdge()
        {
            if (_debounceTimer != 0)
            {
                _scheduler.Cancel(_debounceTimer);
            }

            _debounceTimer = _scheduler.SetTimeout(DebounceMs, Settle);
        }

        private void Settle()
        {
            _debounceTimer = 0;
            bool active = Sample();
            if (active == _active)
            {
                return;
            }

            _active = active;
            BinaryInputChangedHandler handler = Changed;
            if (handler != null)
            {
                handler(this, active);
            }
        }
    }
}
