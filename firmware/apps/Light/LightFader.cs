using Endpoint.Core.Light;
using Endpoint.Core.Runtime;

namespace Endpoint.Apps.Light
{
    /// <summary>
    /// Moves a light output from what it shows to a target state over a transition, on the scheduler:
    /// a step every <see cref="StepMs"/>, each one a straight line in perceived brightness (Home
    /// Assistant's scale; the drivers turn it into light with the CIE curve), in kelvin and in RGB.
    /// Switching on fades up from dark in the new colour; switching off fades the brightness down and
    /// keeps the colour. Nothing blocks: a new target starts from wherever the fade has got to.
    /// </summary>
    public sealed class LightFader
    {
        /// <summary>Time between fade steps (50 per second, smooth to the eye and light on the loop).</summary>
        public const long StepMs = 20;

        private readonly IScheduler _scheduler;
        private readonly IClock _clock;
        private readonly ILightOutput _output;
        private readonly LightFrame _from = new LightFrame();
        private readonly LightFrame _to = new LightFrame();
        private readonly LightFrame _current = new LightFrame();
        private readonly LightFrame _blink = new LightFrame();
        private long _startMs;
        private long _durationMs;
        private int _timer;
        private int _identifyTimer;
        private long _identifyUntilMs;
        private bool _identifyLit;

        /// <summary>Drives <paramref name="output"/>; shows nothing until the first <see cref="JumpTo"/> or <see cref="FadeTo"/>.</summary>
        public LightFader(IScheduler scheduler, IClock clock, ILightOutput output)
        {
            _scheduler = scheduler;
            _clock = clock;
            _output = output;
        }

        /// <summary>What the output shows now (between steps: the last step).</summary>
        public LightFrame Current
        {
            get { return _current; }
        }

        /// <summary>True while a transition runs.</summary>
        public bool IsFading
        {
            get { return _timer != 0; }
        }

        /// <summary>True while identify blinks the light.</summary>
        public bool IsIdentifying
        {
            get { return _identifyTimer != 0; }
        }

        /// <summary>Shows <paramref name="target"/> at once (boot, restore).</summary>
        public void JumpTo(LightState target)
        {
            FadeTo(target, 0);
        }

        /// <summary>Fades to <paramref name="target"/> over <paramref name="durationMs"/> (0: at once).</summary>
        public void FadeTo(LightState target, long durationMs)
        {
            SetFrame(_to, target);
            if (_current.Brightness <= 0)
            {
                // From dark, rise in the new colour rather than crossfading from the old one.
                _current.Kelvin = _to.Kelvin;
                _current.Red = _to.Red;
                _current.Green = _to.Green;
                _current.Blue = _to.Blue;
            }

            if (!target.On)
            {
                // Fading out keeps the colour on screen until it is dark.
                _to.Kelvin = _current.Kelvin;
                _to.Red = _current.Red;
                _to.Green = _current.Green;
                _to.Blue = _current.Blue;
            }

            _from.CopyFrom(_current);
            _startMs = _clock.UptimeMs;
            _durationMs = durationMs;
            if (durationMs <= 0)
            {
                StopTimer();
                _current.CopyFrom(_to);
                Show();
                return;
            }

            if (_timer == 0)
            {
                _timer = _scheduler.SetInterval(StepMs, Step);
            }
        }

        /// <summary>Blinks the light for <paramref name="durationMs"/> so a person can find it, then shows the state again.</summary>
        public void Identify(long durationMs)
        {
            _identifyUntilMs = _clock.UptimeMs + durationMs;
            _identifyLit = true;
            if (_identifyTimer == 0)
            {
                _identifyTimer = _scheduler.SetInterval(250, IdentifyStep);
            }

            Show();
        }

        private void Step()
        {
            long elapsed = _clock.UptimeMs - _startMs;
            if (elapsed >= _durationMs)
            {
                StopTimer();
                _current.CopyFrom(_to);
            }
            else
            {
                _current.Interpolate(_from, _to, (double)elapsed / _durationMs);
            }

            Show();
        }

        private void IdentifyStep()
        {
            if (_clock.UptimeMs >= _identifyUntilMs)
            {
                _scheduler.Cancel(_identifyTimer);
                _identifyTimer = 0;
            }
            else
            {
                _identifyLit = !_identifyLit;
            }

            Show();
        }

        // Identify overrides the fade: full brightness in the current colour, then dark, every 250 ms.
        private void Show()
        {
            if (_identifyTimer == 0)
            {
                _output.Show(_current);
                return;
            }

            _blink.CopyFrom(_current);
            _blink.Brightness = _identifyLit ? 255 : 0;
            _output.Show(_blink);
        }

        private void StopTimer()
        {
            if (_timer != 0)
            {
                _scheduler.Cancel(_timer);
                _timer = 0;
            }
        }

        private static void SetFrame(LightFrame frame, LightState state)
        {
            frame.Brightness = state.On ? state.Brightness : 0;
            if (state.Mode == LightColorMode.Rgb)
            {
                frame.Red = state.Red;
                frame.Green = state.Green;
                frame.Blue = state.Blue;
                frame.Kelvin = state.Kelvin;
                return;
            }

            frame.Kelvin = state.Kelvin;
            if (state.Mode == LightColorMode.ColorTemp)
            {
                int r;
                int g;
                int b;
                ColorTemperature.ToRgb(state.Kelvin, out r, out g, out b);
                frame.Red = r;
                frame.Green = g;
                frame.Blue = b;
            }
            else
            {
                frame.Red = 255;
                frame.Green = 255;
                frame.Blue = 255;
            }
        }
    }
}
