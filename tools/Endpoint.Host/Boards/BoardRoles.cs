using System.Collections.Generic;
using System.Linq;
using System.Text.RegularExpressions;

namespace Endpoint.Host.Boards;

/// <summary>What a role does with its pin, which decides the pins it may use.</summary>
public enum PinDirection
{
    /// <summary>Drives the pin (relay, LED, LED strip data, UART TX, BL0937 SEL).</summary>
    Output,

    /// <summary>Reads the pin (button, switch input, UART RX, BL0937 CF/CF1 pulses).</summary>
    Input,

    /// <summary>Reads a voltage: needs an ADC1 channel.</summary>
    Analog,

    /// <summary>Drives and reads (I2C SDA/SCL, open drain): needs an output driver.</summary>
    Bidirectional,
}

/// <summary>One kind of role: a name pattern, its direction and what it is for.</summary>
/// <param name="Pattern">Regular expression over the whole role name.</param>
/// <param name="Example">A role name of this kind, for messages and docs.</param>
/// <param name="Direction">What the role does with its pin.</param>
/// <param name="Description">What the role is.</param>
public sealed record RoleKind(string Pattern, string Example, PinDirection Direction, string Description);

/// <summary>
/// The role vocabulary of board.json <c>pins</c>. Apps look pins up by these names, so a misspelt role
/// ("relay_1") would leave an app without its pin: an unknown role is an error, not a warning. The same
/// patterns are the <c>propertyNames</c> pattern of <c>pins</c> in boards/board.schema.json (a test keeps
/// them equal). Add a kind here (and there) when a driver needs a new role.
/// </summary>
public static class BoardRoles
{
    /// <summary>Every role kind.</summary>
    public static readonly IReadOnlyList<RoleKind> Kinds =
    [
        new(@"relay[0-9]+", "relay1", PinDirection.Output, "relay coil driver"),
        new(@"status_led", "status_led", PinDirection.Output, "plain status LED"),
        new(@"led_strip[0-9]*", "led_strip", PinDirection.Output, "addressable LED data (WS2812), see the worldsemi,ws2812 part"),
        new(@"pwm_led", "pwm_led", PinDirection.Output, "single-channel dimmable LED (PWM)"),
        new(@"light_(cw|ww|r|g|b|w)", "light_cw", PinDirection.Output, "PWM channel of a CW/WW or RGBW light"),
        new(@"ir_tx", "ir_tx", PinDirection.Output, "infrared LED"),
        new(@"user_button", "user_button", PinDirection.Input, "the button users press (provisioning, toggle)"),
        new(@"button[0-9]+", "button2", PinDirection.Input, "further buttons"),
        new(@"switch_input[0-9]*", "switch_input", PinDirection.Input, "wall switch input"),
        new(@"contact", "contact", PinDirection.Input, "door or window reed contact (BinaryInput): the sensor app's opening sensor"),
        new(@"motion", "motion", PinDirection.Input, "PIR motion sensor output (BinaryInput): the sensor app's motion sensor"),
        new(@"i2c[0-9]\.(sda|scl)", "i2c0.sda", PinDirection.Bidirectional, "I2C bus lines; declare both to declare the bus"),
        new(@"uart([0-9]|_improv)\.tx", "uart_improv.tx", PinDirection.Output, "UART transmit (uart_improv: the UART free for Improv serial; UART0 belongs to the nanoFramework debugger)"),
        new(@"uart([0-9]|_improv)\.rx", "uart_improv.rx", PinDirection.Input, "UART receive"),
        new(@"bl0937\.(cf|cf1)", "bl0937.cf", PinDirection.Input, "BL0937 power (CF) and current/voltage (CF1) pulse outputs"),
        new(@"bl0937\.sel", "bl0937.sel", PinDirection.Output, "BL0937 SEL: chooses current or voltage on CF1"),
        new(@"[a-z][a-z0-9]*_adc", "battery_adc", PinDirection.Analog, "analog input (battery_adc: battery divider, ntc_adc: thermistor)"),
    ];

    private static readonly Regex[] Compiled = Kinds.Select(k => new Regex("^(?:" + k.Pattern + ")$", RegexOptions.CultureInvariant)).ToArray();

    /// <summary>The whole vocabulary as one regular expression (the schema's <c>pins</c> propertyNames pattern).</summary>
    public static string SchemaPattern => "^(" + string.Join("|", Kinds.Select(k => k.Pattern)) + ")$";

    /// <summary>The kind of <paramref name="role"/>, or null when the role is not in the vocabulary.</summary>
    public static RoleKind Find(string role)
    {
        for (int i = 0; i < Kinds.Count; i++)
        {
            if (Compiled[i].IsMatch(role))
            {
                return Kinds[i];
            }
        }

        return null;
    }

    /// <summary>The roles that make up bus <paramref name="bus"/> ("i2c0" → i2c0.sda, i2c0.scl).</summary>
    public static string[] BusRoles(string bus) => bus.StartsWith("i2c", System.StringComparison.Ordinal)
        ? [bus + ".sda", bus + ".scl"]
        : [bus + ".tx", bus + ".rx"];

    /// <summary>Examples of every kind, for "unknown role" messages.</summary>
    public static string Examples => string.Join(", ", Kinds.Select(k => k.Example));
}
