using System;
using System.Text;
using Endpoint.Core.Boards;
using Endpoint.Core.Hardware;
using Endpoint.Core.Model;
using Endpoint.Core.Runtime;
using Endpoint.Core.Text;
using Endpoint.Drivers.Button;
using Endpoint.Drivers.PwmLed;
using Endpoint.Drivers.Ws2812;

namespace Endpoint.Apps.Light
{
    /// <summary>
    /// The light: one Home Assistant JSON-schema light (<see cref="LightEntity"/>) on whatever light the
    /// board has, with transitions, a button (press toggles, double press is an event, a long press
    /// re-enters provisioning), identify (the light blinks) and a power-on state (off / on / restore,
    /// restore by default) that also remembers brightness and colour.
    /// </summary>
    /// <remarks>
    /// Outputs, first match wins:
    /// <list type="bullet">
    /// <item>a <c>worldsemi,ws2812</c> part on the pin role its <c>pin</c> property names (default
    /// <c>led_strip</c>): a WS2812 chain of <c>count</c> pixels (default 1) in colour <c>order</c> (default
    /// GRB), RGB and colour temperature (shown as black-body RGB);</item>
    /// <item><c>light_cw</c> and <c>light_ww</c> pins: tunable white on two PWM channels, 6500 K and 2700 K;</item>
    /// <item><c>pwm_led</c> pin: one dimmable PWM channel.</item>
    /// </list>
    /// </remarks>
    public sealed class LightApp : Component
    {
        /// <summary>Settings key of the power-on behaviour.</summary>
        public const string PowerOnKey = "light.power_on";

        /// <summary>Settings key of the last state (the state JSON).</summary>
        public const string StateKey = "light.state";

        /// <summary>Transition when a command names none and for the button.</summary>
        public const long DefaultTransitionMs = 300;

        /// <summary>Quiet time after the last change before the state is written to flash.</summary>
        public const long PersistDelayMs = 2000;

        /// <summary>PWM frequency for LED channels (ESPHome's LEDC default; above visible flicker).</summary>
        public const int PwmFrequency = 1000;

        /// <summary>Colour temperature of the cold white LEDs of a CW/WW board.</summary>
        public const int ColdWhiteKelvin = 6500;

        /// <summary>Colour temperature of the warm white LEDs of a CW/WW board.</summary>
        public const int WarmWhiteKelvin = 2700;

        private readonly EndpointRuntime _runtime;
        private readonly PowerOnSelect _powerOn;
        private readonly string _outputText;
        private readonly Button _button;
        private readonly LightFader _fader;
        private readonly ByteBuffer _persistBuffer = new ByteBuffer(128);
        private int _persistTimer;

        private LightApp(EndpointRuntime runtime, LightEntity light, ILightOutput output, string outputText, Button button)
            : base("light")
        {
            _runtime = runtime;
            _outputText = outputText;
            _button = button;
            Light = light;
            _fader = new LightFader(runtime.Scheduler, runtime.Platform.Clock, output);
            _powerOn = new PowerOnSelect(runtime.Settings, PowerOnKey);
            ButtonEvents = new EventEntity("button", "Button", new string[] { "press", "double_press", "long_press" });
            ButtonEvents.DeviceClass = "button";
        }

        /// <summary>The light entity: the target state Home Assistant sees and sets.</summary>
        public LightEntity Light { get; private set; }

        /// <summary>The power-on behaviour setting.</summary>
        public SelectEntity PowerOnState
        {
            get { return _powerOn.Entity; }
        }

        /// <summary>Button presses as events.</summary>
        public EventEntity ButtonEvents { get; private set; }

        /// <summary>The fader (what the output shows right now).</summary>
        public LightFader Fader
        {
            get { return _fader; }
        }

        /// <summary>Null when <paramref name="board"/> can host the light, otherwise why not (one line).</summary>
        public static string CheckBoard(BoardInfo board)
        {
            if (Ws2812Part.Find(board).Length > 0 || (board.HasPin("light_cw") && board.HasPin("light_ww")) || board.HasPin("pwm_led"))
            {
                return null;
            }

            return "board " + board.Id + " has no light: the light needs a worldsemi,ws2812 part on a pin (led_strip), 'light_cw' and 'light_ww' pins, or a 'pwm_led' pin";
        }

        /// <summary>
        /// Composes the light on <paramref name="runtime"/> from the board's roles. Throws
        /// <see cref="ArgumentException"/> saying what is missing when the board has no light.
        /// </summary>
        public static LightApp Build(EndpointRuntime runtime, BoardInfo board)
        {
            string unsupported = CheckBoard(board);
            if (unsupported != null)
            {
                throw new ArgumentException(unsupported);
            }

            IHardware hw = runtime.Platform.Hardware;
            LightEntity light = new LightEntity("light", "Light");
            ILightOutput output;
            string outputText;
            BoardPart[] strips = Ws2812Part.Find(board);
            if (strips.Length > 0)
            {
                Ws2812 strip = Ws2812Part.Open(hw, board, strips[0]);
                light.SupportsRgb = true;
                light.SupportsColorTemp = true;
                output = new PixelLightOutput(strip);
                outputText = "WS2812 chain of " + strip.Count + " (" + strip.Order.Name + ") on GPIO" + board.Pin(Ws2812Part.PinRole(strips[0]));
            }
            else if (board.HasPin("light_cw") && board.HasPin("light_ww"))
            {
                PwmLed cold = new PwmLed(hw.OpenPwm(board.Pin("light_cw"), PwmFrequency), board.IsActiveLow("light_cw"));
                PwmLed warm = new PwmLed(hw.OpenPwm(board.Pin("light_ww"), PwmFrequency), board.IsActiveLow("light_ww"));
                light.SupportsColorTemp = true;
                light.SetColorTempRange(WarmWhiteKelvin, ColdWhiteKelvin);
                output = new WhiteLightOutput(new CwWwLed(cold, warm, ColdWhiteKelvin, WarmWhiteKelvin));
                outputText = "cold/warm white PWM on GPIO" + board.Pin("light_cw") + "/GPIO" + board.Pin("light_ww");
            }
            else
            {
                light.SupportsBrightness = true;
                output = new DimmerLightOutput(new PwmLed(hw.OpenPwm(board.Pin("pwm_led"), PwmFrequency), board.IsActiveLow("pwm_led")));
                outputText = "dimmable PWM on GPIO" + board.Pin("pwm_led");
            }

            Button button = null;
            if (board.HasPin("user_button"))
            {
                bool activeLow = board.IsActiveLow("user_button");
                button = new Button(hw.OpenPin(board.Pin("user_button"), activeLow ? PinMode.InputPullUp : PinMode.InputPullDown), activeLow, runtime.Scheduler);
            }

            LightApp app = new LightApp(runtime, light, output, outputText, button);
            runtime.Add(app.Light);
            runtime.Add(app.PowerOnState);
            if (button != null)
            {
                runtime.Add(app.ButtonEvents);
            }

            runtime.Add(app);
            return app;
        }

        /// <inheritdoc />
        public override void Setup()
        {
            string unknown = _powerOn.Load();
            if (unknown != null)
            {
                LogWarning("stored power-on state '" + unknown + "' is unknown; using restore");
            }

            // The stored state is the light's own state JSON, read back through the command parser.
            string stored = _runtime.Settings.Get(StateKey);
            if (stored != null)
            {
                byte[] json = Encoding.UTF8.GetBytes(stored);
                string error = Light.ApplyCommand(json, 0, json.Length);
                if (error != null)
                {
                    LogWarning("stored light state ignored: " + error);
                }
            }

            if (PowerOnState.Selected != PowerOnSelect.Restore)
            {
                Light.SetOn(PowerOnState.Selected == PowerOnSelect.On);
            }

            _fader.JumpTo(Light.State);
            Light.Changed += e => OnLightChanged();
            PowerOnState.Changed += e => LogInfo("power-on state: " + PowerOnState.Selected);

            if (_button != null)
            {
                _button.Pressed += OnButton;
            }

            _runtime.IdentifyRequested += () =>
            {
                LogInfo("identify");
                _fader.Identify(5000);
            };
        }

        /// <inheritdoc />
        public override void DumpConfig()
        {
            LogInfo(_outputText + ", modes " + ModesText() + ", " + (Light.State.On ? "ON" : "OFF")
                + ", power-on state " + PowerOnState.Selected + (_button != null ? ", button" : string.Empty));
        }

        private void OnLightChanged()
        {
            long transition = Light.TransitionMs >= 0 ? Light.TransitionMs : DefaultTransitionMs;
            _fader.FadeTo(Light.State, transition);
            if (IsLogEnabled(LogLevel.Info))
            {
                _persistBuffer.Clear();
                Light.WriteState(_persistBuffer);
                LogInfo("light " + _persistBuffer.ToString() + (transition > 0 ? " over " + transition + " ms" : string.Empty));
            }

            // Sliders send bursts of commands: write once the light has settled, not on every step.
            if (_persistTimer != 0)
            {
                Scheduler.Cancel(_persistTimer);
            }

            _persistTimer = Scheduler.SetTimeout(PersistDelayMs, Persist);
        }

        private void Persist()
        {
            _persistTimer = 0;
            _persistBuffer.Clear();
            Light.WriteState(_persistBuffer);
            _runtime.Settings.Set(StateKey, _persistBuffer.ToString());
        }

        private void OnButton(Button button, ButtonPress press)
        {
            switch (press)
            {
                case ButtonPress.Short:
                    LogInfo("button: press");
                    ButtonEvents.Fire("press");
                    Light.Toggle();
                    break;
                case ButtonPress.Double:
                    LogInfo("button: double press");
                    ButtonEvents.Fire("double_press");
                    break;
                case ButtonPress.Long:
                    LogInfo("button: long press");
                    ButtonEvents.Fire("long_press");
                    _runtime.RequestProvisioning();
                    break;
            }
        }

        private string ModesText()
        {
            StringBuilder text = new StringBuilder();
            string[] modes = Light.ColorModes;
            for (int i = 0; i < modes.Length; i++)
            {
                if (i > 0)
                {
                    text.Append('+');
                }

                text.Append(modes[i]);
            }

            return text.ToString();
        }
    }
}
