using Endpoint.Core.Hardware;
using Endpoint.Core.Runtime;

namespace Endpoint.Drivers.StatusLed
{
    /// <summary>
    /// A single indicator LED: steady on/off, a continuous blink, or a temporary fast blink
    /// (identify) after which it returns to what it showed before. Timing runs on the scheduler.
    /// </summary>
    public sealed class StatusLed
    {
        private readonly IGpioPin _pin;
        private readonly bool _activeLow;
        private readonly IScheduler _scheduler;
        private bool _steadyOn;
        private long _blinkPeriodMs;
        private bool _lit;
        private int _blinkTimer;
        private int _overlayTimer;
        private bool _overlay;

        /// <summary>Takes an output pin; the LED starts off.</summary>
        public StatusLed(IGpioPin pin, bool activeLow, IScheduler scheduler)
        {
            _pin = pin;
            _activeLow = activeLow;
            _scheduler = scheduler;
            Drive(false);
        }

        /// <summary>True when the LED is lit right now.</summary>
        public bool IsLit
        {
            get { return _lit; }
        }

        /// <summary>True while blinking (continuously or temporarily).</summary>
        public bool IsBlinking
        {
            get { return _blinkTimer != 0; }
        }

        /// <summary>Steady on or off.</summary>
        public void Set(bool on)
        {
            _steadyOn = on;
            _blinkPeriodMs = 0;
            if (!_overlay)
            {
                Show();
            }
        }

        /// <summary>Blinks continuously, toggling every half <paramref name="periodMs"/>.</summary>
        public void Blink(long periodMs)
        {
            if (_blinkPeriodMs == periodMs)
            {
                return;
            }

            _blinkPeriodMs = periodMs;
            if (!_overlay)
            {
                Show();
            }
        }

        /// <summary>Blinks with <paramref name="periodMs"/> for <paramref name="durationMs"/>, then shows the previous pattern again.</summary>
        public void BlinkFor(long durationMs, long periodMs)
        {
            if (_overlayTimer != 0)
            {
                _scheduler.Cancel(_overlayTimer);
            }

            _overlay = true;
            StartBlink(periodMs);
            _overlayTimer = _scheduler.SetTimeout(durationMs, () =>
            {
                _overlayTimer = 0;
                _overlay = false;
                Show();
            });
        }

        private void Show()
        {
            if (_blinkPeriodMs > 0)
            {
                StartBlink(_blinkPeriodMs);
                return;
            }

            StopBlink();
            Drive(_steadyOn);
        }

        private void StartBlink(long periodMs)
        {
            StopBlink();
            Drive(true);
            _blinkTimer = _scheduler.SetInterval(periodMs / 2, () => Drive(!_lit));
        }

        private void StopBlink()
        {
            if (_blinkTimer != 0)
            {
                _scheduler.Cancel(_blinkTimer);
                _blinkTimer = 0;
            }
        }

        private void Drive(bool lit)
        {
            _lit = lit;
            _pin.Write(lit != _activeLow);
        }
    }
}
