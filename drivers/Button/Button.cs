using Endpoint.Core.Hardware;
using Endpoint.Core.Runtime;

namespace Endpoint.Drivers.Button
{
    /// <summary>Raised on the loop when a gesture is recognised.</summary>
    public delegate void ButtonPressHandler(Button button, ButtonPress press);

    /// <summary>
    /// A push button on a GPIO input: debounced, with short, double and long presses. Edges arrive
    /// on the interrupt thread and are posted into the loop; all timing runs on the scheduler, so the
    /// driver never blocks. A long press fires while the button is still held, so the user knows
    /// when to let go; the release that follows is not also a short press.
    /// </summary>
    public sealed class Button
    {
        private readonly IGpioPin _pin;
        private readonly bool _activeLow;
        private readonly IScheduler _scheduler;
        private bool _pressed;
        private bool _longFired;
        private bool _shortPending;
        private int _debounceTimer;
        private int _longTimer;
        private int _gapTimer;

        /// <summary>Creates the driver on an input pin (opened with a pull-up when active-low).</summary>
        public Button(IGpioPin pin, bool activeLow, IScheduler scheduler)
        {
            _pin = pin;
            _activeLow = activeLow;
            _scheduler = scheduler;
            DebounceMs = 30;
            LongPressMs = 5000;
            DoublePressGapMs = 300;
            _pin.Changed += (p, high) => _scheduler.Post(OnEdge);
        }

        /// <summary>Contacts settle within this time (typical tact switches bounce for under 10 ms).</summary>
        public long DebounceMs { get; set; }

        /// <summary>Hold time of a long press.</summary>
        public long LongPressMs { get; set; }

        /// <summary>Longest gap between the presses of a double press; 0 disables double presses (short presses then fire at release).</summary>
        public long DoublePressGapMs { get; set; }

        /// <summary>True while held (debounced).</summary>
        public bool IsPressed
        {
            get { return _pressed; }
        }

        /// <summary>Gestures.</summary>
        public event ButtonPressHandler Pressed;

        private void OnEdge()
        {
            if (_debounceTimer != 0)
            {
                _scheduler.Cancel(_debounceTimer);
            }

            _debounceTimer = _scheduler.SetTimeout(DebounceMs, Sample);
        }

        private void Sample()
        {
            _debounceTimer = 0;
            bool pressed = _pin.Read() != _activeLow;
            if (pressed == _pressed)
            {
                return;
            }

            _pressed = pressed;
            if (pressed)
            {
                _longFired = false;
                _longTimer = _scheduler.SetTimeout(LongPressMs, () =>
                {
                    _longTimer = 0;
                    _longFired = true;
                    CancelGap();
                    Fire(ButtonPress.Long);
                });
                return;
            }

            if (_longTimer != 0)
            {
                _scheduler.Cancel(_longTimer);
                _longTimer = 0;
            }

            if (_longFired)
            {
                return;
            }

            if (DoublePressGapMs <= 0)
            {
                Fire(ButtonPress.Short);
                return;
            }

            if (_shortPending)
            {
                CancelGap();
                Fire(ButtonPress.Double);
                return;
            }

            _shortPending = true;
            _gapTimer = _scheduler.SetTimeout(DoublePressGapMs, () =>
            {
                _gapTimer = 0;
                _shortPending = false;
                Fire(ButtonPress.Short);
            });
        }

        private void CancelGap()
        {
            _shortPending = false;
            if (_gapTimer != 0)
            {
                _scheduler.Cancel(_gapTimer);
                _gapTimer = 0;
            }
        }

        private void Fire(ButtonPress press)
        {
            ButtonPressHandler handler = Pressed;
            if (handler != null)
            {
                handler(this, press);
            }
        }
    }
}
