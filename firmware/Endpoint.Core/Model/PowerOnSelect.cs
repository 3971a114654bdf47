using Endpoint.Core.Storage;

namespace Endpoint.Core.Model
{
    /// <summary>
    /// The power-on state that switching apps share (plug relay, light): a <c>power_on_state</c> select of
    /// off / on / restore, restore by default as Shelly and Tasmota do, kept in the settings under the app's key.
    /// </summary>
    public sealed class PowerOnSelect
    {
        /// <summary>Stay off after power-up.</summary>
        public const string Off = "off";

        /// <summary>Come on after power-up.</summary>
        public const string On = "on";

        /// <summary>Come back as before the power went (the default).</summary>
        public const string Restore = "restore";

        /// <summary>Power-on behaviours, as offered by the select.</summary>
        public static readonly string[] Options = new string[] { Off, On, Restore };

        private readonly KeyValueStore _settings;
        private readonly string _key;

        /// <summary>A select kept in <paramref name="settings"/> under <paramref name="settingsKey"/>.</summary>
        public PowerOnSelect(KeyValueStore settings, string settingsKey)
        {
            _settings = settings;
            _key = settingsKey;
            Entity = new SelectEntity("power_on_state", "Power-on state", Options);
            Entity.Category = EntityCategory.Config;
            Entity.Icon = "mdi:power-settings";
        }

        /// <summary>The select the hub sees.</summary>
        public SelectEntity Entity { get; private set; }

        /// <summary>
        /// Puts the stored behaviour on the select (restore when none is stored) and stores every later change.
        /// Returns the stored value when it is not an option (the select then says restore), else null.
        /// </summary>
        public string Load()
        {
            string stored = _settings.Get(_key, Restore);
            string unknown = null;
            if (!Entity.Select(stored))
            {
                unknown = stored;
                Entity.Select(Restore);
            }

            Entity.Changed += e => _settings.Set(_key, Entity.Selected);
            return unknown;
        }
    }
}
