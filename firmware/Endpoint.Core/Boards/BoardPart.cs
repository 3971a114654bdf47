using System.Collections;

namespace Endpoint.Core.Boards
{
    /// <summary>
    /// A part attached to a board: a sensor on a bus, a metering chip, an LED strip. Apps find their
    /// parts by compatible id ("sensirion,sht4x", like a devicetree <c>compatible</c>), never by pin.
    /// Part-specific facts (the pin role an LED strip hangs on, its length and colour order, a battery
    /// divider's ratio) are string properties, as written in board.json.
    /// </summary>
    public sealed class BoardPart
    {
        private Hashtable _properties;

        /// <summary>Creates a part.</summary>
        public BoardPart(string compatible, string bus, int address)
        {
            Compatible = compatible;
            Bus = bus;
            Address = address;
        }

        /// <summary>Vendor,part id, e.g. "sensirion,sht4x", "bosch,bme280", "belling,bl0937", "worldsemi,ws2812".</summary>
        public string Compatible { get; private set; }

        /// <summary>Bus name ("i2c0"), or null for parts on plain pins.</summary>
        public string Bus { get; private set; }

        /// <summary>Bus address (7-bit I2C), or -1.</summary>
        public int Address { get; private set; }

        /// <summary>Sets a part property ("pin" = "led_strip", "count" = "12", "order" = "GRB", "ratio" = "2").</summary>
        public void SetProperty(string name, string value)
        {
            if (_properties == null)
            {
                _properties = new Hashtable();
            }

            _properties[name] = value;
        }

        /// <summary>The property <paramref name="name"/>, or null when the board does not set it.</summary>
        public string GetProperty(string name)
        {
            return _properties == null ? null : (string)_properties[name];
        }

        /// <summary>The property <paramref name="name"/>, or <paramref name="fallback"/> when the board does not set it.</summary>
        public string GetProperty(string name, string fallback)
        {
            string v = GetProperty(name);
            return v == null ? fallback : v;
        }

        /// <summary>
        /// The property as a whole number, or <paramref name="fallback"/> when it is absent or not a
        /// plain decimal integer (board files are validated on the host, so that means "absent").
        /// </summary>
        public int GetIntProperty(string name, int fallback)
        {
            string s = GetProperty(name);
            if (s == null || s.Length == 0 || s.Length > 9)
            {
                return fallback;
            }

            int start = s[0] == '-' ? 1 : 0;
            if (start == s.Length)
            {
                return fallback;
            }

            int v = 0;
            for (int i = start; i < s.Length; i++)
            {
                char c = s[i];
                if (c < '0' || c > '9')
                {
                    return fallback;
                }

                v = (v * 10) + (c - '0');
            }

            return start == 1 ? -v : v;
        }

        /// <summary>
        /// The property as a number ("2", "2.5", "-0.125"), or <paramref name="fallback"/>. Parsed by hand
        /// with '.' as the decimal point whatever the culture, the way board.json writes numbers.
        /// </summary>
        public double GetDoubleProperty(string name, double fallback)
        {
            string s = GetProperty(name);
            if (s == null || s.Length == 0 || s.Length > 24)
            {
                return fallback;
            }

            int i = s[0] == '-' ? 1 : 0;
            bool negative = i == 1;
            double whole = 0;
            double scale = 0;
            bool digits = false;
            for (; i < s.Length; i++)
            {
                char c = s[i];
                if (c >= '0' && c <= '9')
                {
                    digits = true;
                    if (scale == 0)
                    {
                        whole = (whole * 10) + (c - '0');
                    }
                    else
                    {
                        whole += (c - '0') * scale;
                        scale /= 10;
                    }
                }
                else if (c == '.' && scale == 0)
                {
                    scale = 0.1;
                }
                else
                {
                    return fallback;
                }
            }

            if (!digits)
            {
                return fallback;
            }

            return negative ? -whole : whole;
        }

        /// <summary>Names of the properties the board sets.</summary>
        public string[] PropertyNames
        {
            get
            {
                if (_properties == null)
                {
                    return new string[0];
                }

                string[] names = new string[_properties.Count];
                int i = 0;
                foreach (object key in _properties.Keys)
                {
                    names[i++] = (string)key;
                }

                return names;
            }
        }
    }
}
