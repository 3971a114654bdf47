using System.Collections;

namespace Endpoint.Core.Boards
{
    /// <summary>
    /// A board as apps see it: pins by role ("relay1", "user_button", "status_led", "i2c0.sda"),
    /// with polarity, capabilities ("wifi", "ble", "psram") and attached parts by compatible id.
    /// Apps ask for roles and parts, never for GPIO numbers, so one app runs on every board that has
    /// what it needs. Built from boards/&lt;id&gt;/board.json (host) or from the code generated from
    /// it (device: <see cref="BoardCatalog"/>, a few objects instead of a JSON parse at boot).
    /// </summary>
    public sealed class BoardInfo
    {
        private readonly Hashtable _pins = new Hashtable();
        private readonly Hashtable _activeLow = new Hashtable();
        private readonly ArrayList _capabilities = new ArrayList();
        private readonly ArrayList _parts = new ArrayList();

        /// <summary>Creates an empty board.</summary>
        public BoardInfo(string id, string name, string soc)
        {
            Id = id;
            Name = name;
            Soc = soc;
        }

        /// <summary>Board id, e.g. "esp32-devkitc".</summary>
        public string Id { get; private set; }

        /// <summary>Human name.</summary>
        public string Name { get; private set; }

        /// <summary>SoC: esp32, esp32c3, esp32s3.</summary>
        public string Soc { get; private set; }

        /// <summary>Declares the GPIO for <paramref name="role"/>; <paramref name="activeLow"/> when "on" is a low level.</summary>
        public void AddPin(string role, int gpio, bool activeLow)
        {
            _pins[role] = gpio;
            _activeLow[role] = activeLow;
        }

        /// <summary>True when the board declares <paramref name="role"/>.</summary>
        public bool HasPin(string role)
        {
            return _pins.Contains(role);
        }

        /// <summary>The GPIO for <paramref name="role"/>, or -1 when the board has none.</summary>
        public int Pin(string role)
        {
            object gpio = _pins[role];
            return gpio == null ? -1 : (int)gpio;
        }

        /// <summary>True when the part on <paramref name="role"/> is on at a low level.</summary>
        public bool IsActiveLow(string role)
        {
            object v = _activeLow[role];
            return v != null && (bool)v;
        }

        /// <summary>Declares a capability.</summary>
        public void AddCapability(string capability)
        {
            if (!_capabilities.Contains(capability))
            {
                _capabilities.Add(capability);
            }
        }

        /// <summary>True when the board has <paramref name="capability"/>.</summary>
        public bool Has(string capability)
        {
            return _capabilities.Contains(capability);
        }

        /// <summary>Declares an attached part; returns it so its properties can be set.</summary>
        public BoardPart AddPart(string compatible, string bus, int address)
        {
            BoardPart part = new BoardPart(compatible, bus, address);
            _parts.Add(part);
            return part;
        }

        /// <summary>The first part with <paramref name="compatible"/> id, or null.</summary>
        public BoardPart FindPart(string compatible)
        {
            for (int i = 0; i < _parts.Count; i++)
            {
                BoardPart p = (BoardPart)_parts[i];
                if (p.Compatible == compatible)
                {
                    return p;
                }
            }

            return null;
        }

        /// <summary>All attached parts, in declaration order.</summary>
        public BoardPart[] Parts
        {
            get
            {
                BoardPart[] all = new BoardPart[_parts.Count];
                for (int i = 0; i < all.Length; i++)
                {
                    all[i] = (BoardPart)_parts[i];
                }

                return all;
            }
        }

        /// <summary>All declared pin roles.</summary>
        public string[] PinRoles
        {
            get
            {
                string[] roles = new string[_pins.Count];
                int i = 0;
                foreach (object key in _pins.Keys)
                {
                    roles[i++] = (string)key;
                }

                return roles;
            }
        }
    }
}
