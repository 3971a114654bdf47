using Endpoint.Core.Json;
using Endpoint.Core.Light;
using Endpoint.Core.Text;

namespace Endpoint.Core.Model
{
    /// <summary>
    /// A light in Home Assistant's MQTT JSON schema (<c>schema: json</c>,
    /// https://www.home-assistant.io/integrations/light.mqtt/#json-schema). Commands and state are one
    /// JSON object: <c>{"state":"ON","brightness":128,"color_temp":2700,"transition":2}</c> in,
    /// <c>{"state":"ON","brightness":128,"color_mode":"color_temp","color_temp":2700}</c> out.
    /// </summary>
    /// <remarks>
    /// <para>The entity keeps the <em>target</em> state (what Home Assistant asked for); an app fades its
    /// outputs towards it over <see cref="TransitionMs"/>.</para>
    /// <para>Colour temperature travels in kelvin by default: the discovery config says
    /// <c>color_temp_kelvin: true</c> with <c>min_kelvin</c>/<c>max_kelvin</c>, which Home Assistant
    /// understands since 2025.1 (core PR #133955) and which spares the mired round trip. Set
    /// <see cref="ColorTempInMireds"/> for older Home Assistant releases or other hubs that expect mireds
    /// (then <c>min_mireds</c>/<c>max_mireds</c>).</para>
    /// <para>Commands are checked in full before anything changes: a wrong type or an out-of-range
    /// value refuses the whole command with one reason and leaves the state as it was. Members the light
    /// does not use (<c>effect</c>, <c>flash</c>, <c>color_mode</c>, anything newer) are ignored, as
    /// Home Assistant may send them.</para>
    /// </remarks>
    public sealed class LightEntity : Entity
    {
        /// <summary>Longest transition accepted, in seconds.</summary>
        public const int MaxTransitionSeconds = 3600;

        private const string ExpectedObject = "expected a JSON object such as {\"state\":\"ON\",\"brightness\":128}";

        private readonly LightState _state = new LightState();
        private readonly LightState _next = new LightState();
        private bool _brightness;
        private bool _colorTemp;
        private bool _rgb;
        private string[] _modes;
        private int _minKelvin;
        private int _maxKelvin;

        /// <summary>Creates an on/off light; enable brightness and colours with the Supports… properties before adding it to the hub.</summary>
        public LightEntity(string id, string name)
            : base(id, name, EntityKind.Light)
        {
            _minKelvin = 2700;
            _maxKelvin = 6500;
            TransitionMs = -1;
            UpdateModes();
        }

        /// <summary>Dimmable (implied by colour temperature and RGB).</summary>
        public bool SupportsBrightness
        {
            get { return _brightness || _colorTemp || _rgb; }
            set { _brightness = value; UpdateModes(); }
        }

        /// <summary>Has a colour temperature (tunable white, or emulated with RGB).</summary>
        public bool SupportsColorTemp
        {
            get { return _colorTemp; }
            set { _colorTemp = value; UpdateModes(); }
        }

        /// <summary>Has an RGB colour.</summary>
        public bool SupportsRgb
        {
            get { return _rgb; }
            set { _rgb = value; UpdateModes(); }
        }

        /// <summary>Warmest colour temperature, kelvin (2700 unless set).</summary>
        public int MinKelvin
        {
            get { return _minKelvin; }
        }

        /// <summary>Coldest colour temperature, kelvin (6500 unless set).</summary>
        public int MaxKelvin
        {
            get { return _maxKelvin; }
        }

        /// <summary>When true, <c>color_temp</c> is in mireds on the wire (older Home Assistant); kelvin otherwise.</summary>
        public bool ColorTempInMireds { get; set; }

        /// <summary>The target state. Read it; change it through commands, <see cref="SetOn"/>, <see cref="Toggle"/>.</summary>
        public LightState State
        {
            get { return _state; }
        }

        /// <summary>
        /// The transition the last change asked for, in milliseconds, or -1 when it named none (the app
        /// then uses its default).
        /// </summary>
        public long TransitionMs { get; private set; }

        /// <summary>The Home Assistant color modes this light supports, in discovery order.</summary>
        public string[] ColorModes
        {
            get { return _modes; }
        }

        /// <inheritdoc />
        public override bool Writable
        {
            get { return true; }
        }

        /// <inheritdoc />
        public override string Component
        {
            get { return "light"; }
        }

        /// <summary>Sets the colour temperature range the light can show (its white LEDs' temperatures).</summary>
        public void SetColorTempRange(int minKelvin, int maxKelvin)
        {
            _minKelvin = minKelvin;
            _maxKelvin = maxKelvin;
            UpdateModes();
        }

        /// <summary>Switches on or off, keeping brightness and colour.</summary>
        public void SetOn(bool on)
        {
            _next.CopyFrom(_state);
            _next.On = on;
            Commit(-1);
        }

        /// <summary>Inverts on/off.</summary>
        public void Toggle()
        {
            SetOn(!_state.On);
        }

        /// <inheritdoc />
        public override string ApplyCommand(byte[] payload, int offset, int count)
        {
            _next.CopyFrom(_state);
            long transitionMs = -1;
            string error;
            try
            {
                error = Parse(new JsonReader(payload, offset, count), ref transitionMs);
            }
            catch (JsonFormatException ex)
            {
                return ex.Message + "; " + ExpectedObject;
            }

            if (error != null)
            {
                return error;
            }

            Commit(transitionMs);
            return null;
        }

        /// <inheritdoc />
        public override void WriteState(ByteBuffer buffer)
        {
            buffer.AppendUtf8(_state.On ? "{\"state\":\"ON\"" : "{\"state\":\"OFF\"");
            if (SupportsBrightness)
            {
                buffer.AppendUtf8(",\"brightness\":");
                buffer.AppendInteger(_state.Brightness);
            }

            buffer.AppendUtf8(",\"color_mode\":\"");
            buffer.AppendUtf8(ModeName(_state.Mode));
            buffer.Append((byte)'"');
            if (_state.Mode == LightColorMode.ColorTemp)
            {
                buffer.AppendUtf8(",\"color_temp\":");
                buffer.AppendInteger(ColorTempInMireds ? ColorTemperature.KelvinToMired(_state.Kelvin) : _state.Kelvin);
            }
            else if (_state.Mode == LightColorMode.Rgb)
            {
                buffer.AppendUtf8(",\"color\":{\"r\":");
                buffer.AppendInteger(_state.Red);
                buffer.AppendUtf8(",\"g\":");
                buffer.AppendInteger(_state.Green);
                buffer.AppendUtf8(",\"b\":");
                buffer.AppendInteger(_state.Blue);
                buffer.Append((byte)'}');
            }

            buffer.Append((byte)'}');
        }

        /// <inheritdoc />
        public override void WriteDescription(JsonWriter json)
        {
            json.Property("schema", "json");
            json.Property("color_modes", _modes);
            if (SupportsBrightness)
            {
                json.Property("brightness_scale", 255);
            }

            if (_colorTemp)
            {
                json.Property("color_temp_unit", ColorTempInMireds ? "mired" : "K");
                json.Property("min_kelvin", MinKelvin);
                json.Property("max_kelvin", MaxKelvin);
            }

            json.Property("max_transition", MaxTransitionSeconds);
        }

        /// <inheritdoc />
        public override void WriteDiscovery(JsonWriter json)
        {
            json.Property("schema", "json");
            json.Property("supported_color_modes", _modes);
            if (SupportsBrightness)
            {
                // With brightness: true Home Assistant sends RGB unscaled and brightness separately.
                json.Property("brightness", true);
                json.Property("brightness_scale", 255);
            }

            if (_colorTemp)
            {
                if (ColorTempInMireds)
                {
                    json.Property("min_mireds", ColorTemperature.KelvinToMired(MaxKelvin));
                    json.Property("max_mireds", ColorTemperature.KelvinToMired(MinKelvin));
                }
                else
                {
                    json.Property("color_temp_kelvin", true);
                    json.Property("min_kelvin", MinKelvin);
                    json.Property("max_kelvin", MaxKelvin);
                }
            }
        }

        private string Parse(JsonReader reader, ref long transitionMs)
        {
            if (!reader.Read() || reader.Token != JsonToken.BeginObject)
            {
                return ExpectedObject;
            }

            bool hasState = false;
            bool stateOn = false;
            int brightness = -1;
            int colorTemp = -1;
            bool hasColor = false;
            int r = -1;
            int g = -1;
            int b = -1;
            while (reader.Read() && reader.Token == JsonToken.PropertyName)
            {
                if (reader.ValueEquals("state"))
                {
                    reader.Read();
                    if (reader.Token == JsonToken.String && reader.ValueEquals("ON"))
                    {
                        stateOn = true;
                    }
                    else if (reader.Token == JsonToken.String && reader.ValueEquals("OFF"))
                    {
                        stateOn = false;
                    }
                    else
                    {
                        return "state must be \"ON\" or \"OFF\"";
                    }

                    hasState = true;
                }
                else if (reader.ValueEquals("brightness"))
                {
                    reader.Read();
                    if (!reader.TryGetInt32(out brightness) || brightness < 0 || brightness > 255)
                    {
                        return "brightness must be a whole number from 0 to 255";
                    }

                    if (!SupportsBrightness)
                    {
                        return "this light is not dimmable";
                    }
                }
                else if (reader.ValueEquals("color_temp"))
                {
                    reader.Read();
                    string error = ReadColorTemp(reader, out colorTemp);
                    if (error != null)
                    {
                        return error;
                    }
                }
                else if (reader.ValueEquals("color"))
                {
                    if (!_rgb)
                    {
                        return "this light has no RGB colour";
                    }

                    reader.Read();
                    if (reader.Token != JsonToken.BeginObject)
                    {
                        return "color must be an object {\"r\":0-255,\"g\":0-255,\"b\":0-255}";
                    }

                    while (reader.Read() && reader.Token == JsonToken.PropertyName)
                    {
                        if (reader.ValueEquals("r"))
                        {
                            r = ReadChannel(reader);
                            if (r < 0)
                            {
                                return "color.r must be a whole number from 0 to 255";
                            }
                        }
                        else if (reader.ValueEquals("g"))
                        {
                            g = ReadChannel(reader);
                            if (g < 0)
                            {
                                return "color.g must be a whole number from 0 to 255";
                            }
                        }
                        else if (reader.ValueEquals("b"))
                        {
                            b = ReadChannel(reader);
                            if (b < 0)
                            {
                                return "color.b must be a whole number from 0 to 255";
                            }
                        }
                        else
                        {
                            reader.Skip();
                        }
                    }

                    if (r < 0 || g < 0 || b < 0)
                    {
                        return "color needs r, g and b (this light takes RGB colours only)";
                    }

                    hasColor = true;
                }
                else if (reader.ValueEquals("transition"))
                {
                    reader.Read();
                    if (reader.Token != JsonToken.Number)
                    {
                        return "transition must be a number of seconds from 0 to " + MaxTransitionSeconds;
                    }

                    double seconds = reader.GetDouble();
                    if (seconds < 0 || seconds > MaxTransitionSeconds)
                    {
                        return "transition must be a number of seconds from 0 to " + MaxTransitionSeconds;
                    }

                    transitionMs = (long)System.Math.Floor((seconds * 1000) + 0.5);
                }
                else
                {
                    reader.Skip();
                }
            }

            // Reading past the closing brace checks that nothing follows the object.
            reader.Read();
            if (hasColor && colorTemp >= 0)
            {
                return "give color or color_temp, not both";
            }

            if (colorTemp >= 0)
            {
                _next.Mode = LightColorMode.ColorTemp;
                _next.Kelvin = colorTemp;
            }

            if (hasColor)
            {
                _next.Mode = LightColorMode.Rgb;
                _next.Red = r;
                _next.Green = g;
                _next.Blue = b;
            }

            if (brightness > 0)
            {
                _next.Brightness = brightness;
            }

            // Home Assistant always sends "state"; without it a new brightness or colour means "on".
            if (hasState)
            {
                _next.On = stateOn;
            }
            else if (brightness > 0 || colorTemp >= 0 || hasColor)
            {
                _next.On = true;
            }

            // Brightness 0 is "off" (as Home Assistant's light.turn_on treats it); the level is kept for the next "on".
            if (brightness == 0)
            {
                _next.On = false;
            }

            return null;
        }

        private string ReadColorTemp(JsonReader reader, out int kelvin)
        {
            kelvin = -1;
            if (!_colorTemp)
            {
                return "this light has no colour temperature";
            }

            int value;
            if (ColorTempInMireds)
            {
                int minMired = ColorTemperature.KelvinToMired(MaxKelvin);
                int maxMired = ColorTemperature.KelvinToMired(MinKelvin);
                if (!reader.TryGetInt32(out value) || value < minMired || value > maxMired)
                {
                    return "color_temp must be a whole number of mireds from " + minMired + " to " + maxMired;
                }

                // Rounding can land a kelvin outside the range at its ends (153 mired is 6536 K): clamp.
                kelvin = ColorTemperature.MiredToKelvin(value);
                kelvin = kelvin < MinKelvin ? MinKelvin : (kelvin > MaxKelvin ? MaxKelvin : kelvin);
                return null;
            }

            if (!reader.TryGetInt32(out value) || value < MinKelvin || value > MaxKelvin)
            {
                return "color_temp must be a whole number of kelvin from " + MinKelvin + " to " + MaxKelvin;
            }

            kelvin = value;
            return null;
        }

        private static int ReadChannel(JsonReader reader)
        {
            reader.Read();
            int v;
            if (!reader.TryGetInt32(out v) || v < 0 || v > 255)
            {
                return -1;
            }

            return v;
        }

        private void Commit(long transitionMs)
        {
            if (_next.SameAs(_state))
            {
                return;
            }

            _state.CopyFrom(_next);
            TransitionMs = transitionMs;
            NotifyChanged();
        }

        private void UpdateModes()
        {
            if (_colorTemp && _rgb)
            {
                _modes = new string[] { "color_temp", "rgb" };
            }
            else if (_colorTemp)
            {
                _modes = new string[] { "color_temp" };
            }
            else if (_rgb)
            {
                _modes = new string[] { "rgb" };
            }
            else if (_brightness)
            {
                _modes = new string[] { "brightness" };
            }
            else
            {
                _modes = new string[] { "onoff" };
            }

            // A fresh light starts in its first mode (white before colour).
            _state.Mode = ModeFromName(_modes[0]);
            if (_state.Kelvin < MinKelvin || _state.Kelvin > MaxKelvin)
            {
                _state.Kelvin = MinKelvin + ((MaxKelvin - MinKelvin) / 2);
            }
        }

        private static LightColorMode ModeFromName(string name)
        {
            switch (name)
            {
                case "color_temp":
                    return LightColorMode.ColorTemp;
                case "rgb":
                    return LightColorMode.Rgb;
                case "brightness":
                    return LightColorMode.Brightness;
                default:
                    return LightColorMode.OnOff;
            }
        }

        private static string ModeName(LightColorMode mode)
        {
            switch (mode)
            {
                case LightColorMode.ColorTemp:
                    return "color_temp";
                case LightColorMode.Rgb:
                    return "rgb";
                case LightColorMode.Brightness:
                    return "brightness";
                default:
                    return "onoff";
            }
        }
    }
}
