using System;
using Endpoint.Core.Ble;
using Endpoint.Core.Boards;
using Endpoint.Core.Hardware;
using Endpoint.Core.Hub;
using Endpoint.Core.Model;
using Endpoint.Core.Runtime;
using Endpoint.Drivers.Button;
using Endpoint.Drivers.Hlw8012;
using Endpoint.Drivers.Relay;
using Endpoint.Drivers.StatusLed;
using Endpoint.Drivers.Ws2812;

namespace Endpoint.Apps.Plug
{
    /// <summary>
    /// The smart plug: a relay exposed as a Home Assistant switch, a button (short press toggles and
    /// authorizes Improv over BLE, double press is an event, a long press re-enters provisioning), a status
    /// LED, and a configurable power-on state (off / on / restore, restore by default, as Shelly and Tasmota do).
    /// Board roles: <c>relay1</c> (required), <c>user_button</c> and <c>status_led</c> (optional).
    /// With a <c>belling,bl0937</c> part on <c>bl0937.cf</c>, <c>bl0937.cf1</c> and <c>bl0937.sel</c> it
    /// meters power, voltage, current and energy and switches off above a settable power limit
    /// (<see cref="PlugMetering"/>); with <c>worldsemi,ws2812</c> parts (the Plus Plug S ring: two chains
    /// of two) the LEDs show the relay: green on, red off.
    /// </summary>
    public sealed class PlugApp : Component
    {
        /// <summary>Settings key of the power-on behaviour.</summary>
        public const string PowerOnKey = "plug.power_on";

        /// <summary>Settings key of the last relay state ("1"/"0").</summary>
        public const string RelayStateKey = "plug.relay";

        private readonly EndpointRuntime _runtime;
        private readonly PowerOnSelect _powerOn;
        private readonly Relay _relay;
        private readonly Button _button;
        private readonly StatusLed _led;
        private readonly Ws2812[] _ring;

        private PlugApp(EndpointRuntime runtime, Relay relay, Button button, StatusLed led, Hlw8012 meter, Ws2812[] ring)
            : base("plug")
        {
            _runtime = runtime;
            _relay = relay;
            _button = button;
            _led = led;
            _ring = ring;

            RelaySwitch = new SwitchEntity("relay", "Relay");
            RelaySwitch.DeviceClass = "outlet";
            _powerOn = new PowerOnSelect(runtime.Settings, PowerOnKey);
            ButtonEvents = new EventEntity("button", "Button", new string[] { "press", "double_press", "long_press" });
            ButtonEvents.DeviceClass = "button";
            if (meter != null)
            {
                Metering = new PlugMetering(runtime, meter, RelaySwitch);
            }
        }

        /// <summary>The relay as an entity: the single source of truth for the relay state.</summary>
        public SwitchEntity RelaySwitch { get; private set; }

        /// <summary>The power-on behaviour setting.</summary>
        public SelectEntity PowerOnState
        {
            get { return _powerOn.Entity; }
        }

        /// <summary>Button presses as events.</summary>
        public EventEntity ButtonEvents { get; private set; }

        /// <summary>The relay driver.</summary>
        public Relay Relay
        {
            get { return _relay; }
        }

        /// <summary>The power meter, or null when the board has none.</summary>
        public PlugMetering Metering { get; private set; }

        /// <summary>The status LED, or null when the board has none.</summary>
        public StatusLed Led
        {
            get { return _led; }
        }

        /// <summary>
        /// Composes the plug on <paramref name="runtime"/> from the board's roles. Throws
        /// <see cref="ArgumentException"/> naming the missing role when the board cannot host a plug.
        /// </summary>
        public static PlugApp Build(EndpointRuntime runtime, BoardInfo board)
        {
            if (!board.HasPin("relay1"))
            {
                throw new ArgumentException("board " + board.Id + " has no 'relay1' pin: the plug needs relay1 (user_button and status_led are optional)");
            }

            IHardware hw = runtime.Platform.Hardware;
            Relay relay = new Relay(hw.OpenPin(board.Pin("relay1"), PinMode.Output), board.IsActiveLow("relay1"));
            Button button = null;
            if (board.HasPin("user_button"))
            {
                bool activeLow = board.IsActiveLow("user_button");
                button = new Button(hw.OpenPin(board.Pin("user_button"), activeLow ? PinMode.InputPullUp : PinMode.InputPullDown), activeLow, runtime.Scheduler);
            }

            StatusLed led = null;
            if (board.HasPin("status_led"))
            {
                led = new StatusLed(hw.OpenPin(board.Pin("status_led"), PinMode.Output), board.IsActiveLow("status_led"), runtime.Scheduler);
            }

            Hlw8012 meter = null;
            if (board.FindPart(MeteringChip.Bl0937Compatible) != null)
            {
                meter = OpenMeter(runtime, board);
            }

            Ws2812[] ring = OpenRing(hw, board);

            PlugApp app = new PlugApp(runtime, relay, button, led, meter, ring);
            runtime.Add(app.RelaySwitch);
            runtime.Add(app.PowerOnState);
            if (button != null)
            {
                runtime.Add(app.ButtonEvents);
            }

            if (app.Metering != null)
            {
                app.Metering.Register();
            }

            runtime.Add(app);
            if (runtime.Advertiser != null)
            {
                // BTHome v2 advertisement: relay state as power (0x10), presses as button events (0x3A).
                runtime.Advertiser.Add(app.RelaySwitch, BthomeObjects.PowerOn);
                if (button != null)
                {
                    runtime.Advertiser.Add(app.ButtonEvents);
                }
            }

            if (runtime.Provisioning != null)
            {
                // Improv: a press of the button authorizes BLE provisioning; without one it is open.
                runtime.Provisioning.AuthorizeWithButton = button != null;
                runtime.Provisioning.Chip = board.Id + "/" + board.Soc;
            }

            return app;
        }

        /// <summary>Perceived brightness of the LED ring.</summary>
        public const int RingBrightness = 128;

        /// <inheritdoc />
        public override void Setup()
        {
            string unknown = _powerOn.Load();
            if (unknown != null)
            {
                LogWarning("stored power-on state '" + unknown + "' is unknown; using restore");
            }

            bool on = PowerOnState.Selected == PowerOnSelect.On
                || (PowerOnState.Selected == PowerOnSelect.Restore && _runtime.Settings.Get(RelayStateKey) == "1");
            RelaySwitch.Set(on);
            _relay.Set(on);

            RelaySwitch.Changed += e => OnRelayChanged();
            PowerOnState.Changed += e => LogInfo("power-on state: " + PowerOnState.Selected);

            if (_button != null)
            {
                _button.Pressed += OnButton;
            }

            if (Metering != null)
            {
                Metering.Setup();
            }

            _runtime.Hub.StateChanged += (state, detail) => ShowStatus();
            _runtime.IdentifyRequested += () =>
            {
                LogInfo("identify");
                if (_led != null)
                {
                    _led.BlinkFor(5000, 200);
                }
            };
            ShowStatus();
        }

        /// <inheritdoc />
        public override void DumpConfig()
        {
            LogInfo("relay " + (_relay.IsOn ? "ON" : "OFF") + ", power-on state " + PowerOnState.Selected
                + (_button != null ? ", button" : string.Empty) + (_led != null ? ", status LED" : string.Empty)
                + (Metering != null ? ", " + Metering.Meter.Chip.Name + " meter, limit " + Metering.MaxPower.Value + " W" : string.Empty)
                + (_ring.Length > 0 ? ", LED ring" : string.Empty));
        }

        private void OnRelayChanged()
        {
            bool on = RelaySwitch.IsOn;
            _relay.Set(on);
            LogInfo("relay " + (on ? "ON" : "OFF"));

            // Persisted on every change (not only in restore mode) so switching the mode to
            // restore later restores the true last state. Unchanged values are not rewritten.
            _runtime.Settings.Set(RelayStateKey, on ? "1" : "0");
            ShowStatus();
        }

        // Every WS2812 chain the board declares: the Plus Plug S ring is two chains of two.
        private static Ws2812[] OpenRing(IHardware hw, BoardInfo board)
        {
            BoardPart[] parts = Ws2812Part.Find(board);
            Ws2812[] ring = new Ws2812[parts.Length];
            for (int i = 0; i < parts.Length; i++)
            {
                ring[i] = Ws2812Part.Open(hw, board, parts[i]);
                ring[i].Brightness = RingBrightness;
            }

            return ring;
        }

        private static Hlw8012 OpenMeter(EndpointRuntime runtime, BoardInfo board)
        {
            string[] roles = new string[] { "bl0937.cf", "bl0937.cf1", "bl0937.sel" };
            for (int i = 0; i < roles.Length; i++)
            {
                if (!board.HasPin(roles[i]))
                {
                    throw new ArgumentException("board " + board.Id + " has a belling,bl0937 part but no '" + roles[i] + "' pin: the meter needs bl0937.cf, bl0937.cf1 and bl0937.sel");
                }
            }

            // The board's shunt and divider (the Plus Plug S's when it does not say); cmd/calibrate corrects the rest.
            // SEL's "active" level is the one that selects the current (low on a BL0937: declare active_low).
            IHardware hw = runtime.Platform.Hardware;
            MeteringChip chip = MeteringChip.ForPart(board.FindPart(MeteringChip.Bl0937Compatible));
            return new Hlw8012(chip, hw.OpenPulseCounter(board.Pin("bl0937.cf")), hw.OpenPulseCounter(board.Pin("bl0937.cf1")),
                hw.OpenPin(board.Pin("bl0937.sel"), PinMode.Output), !board.IsActiveLow("bl0937.sel"), runtime.Scheduler, runtime.Platform.Clock);
        }

        private void OnButton(Button button, ButtonPress press)
        {
            switch (press)
            {
                case ButtonPress.Short:
                    LogInfo("button: press");
                    ButtonEvents.Fire("press");
                    RelaySwitch.Toggle();
                    _runtime.ConfirmPresence();
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

        // The LED mirrors the relay while the hub is reachable and blinks slowly while it is not;
        // the ring (Plus Plug S) always shows the relay: green on, red off.
        private void ShowStatus()
        {
            bool on = RelaySwitch.IsOn;
            for (int i = 0; i < _ring.Length; i++)
            {
                _ring[i].Fill(on ? 0 : 255, on ? 255 : 0, 0);
                _ring[i].Show();
            }

            if (_led == null)
            {
                return;
            }

            if (_runtime.Hub.State == HubState.Online)
            {
                _led.Set(RelaySwitch.IsOn);
            }
            else
            {
                _led.Blink(1000);
            }
        }
    }
}
