namespace Endpoint.Core.Model
{
    /// <summary>What an entity is; each maps to one Home Assistant MQTT component.</summary>
    public enum EntityKind
    {
        /// <summary>On/off output (relay). HA <c>switch</c>.</summary>
        Switch,
        /// <summary>Numeric reading. HA <c>sensor</c>.</summary>
        Sensor,
        /// <summary>On/off reading (motion, door). HA <c>binary_sensor</c>.</summary>
        BinarySensor,
        /// <summary>Dimmable / coloured light in the HA JSON schema. HA <c>light</c>.</summary>
        Light,
        /// <summary>Momentary events (button presses). HA <c>event</c>.</summary>
        Event,
        /// <summary>One of a fixed set of options (a setting). HA <c>select</c>.</summary>
        Select,
        /// <summary>A command trigger with no state (restart). HA <c>button</c>.</summary>
        Button,
        /// <summary>A settable number within a range (a limit, a setpoint). HA <c>number</c>.</summary>
        Number,
    }
}
