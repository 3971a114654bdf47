using System.Collections.Generic;
using System.Linq;

namespace Endpoint.Host.Boards;

/// <summary>How bad a finding is.</summary>
public enum Severity
{
    /// <summary>The board cannot work as written: validation fails.</summary>
    Error,

    /// <summary>Works, but deserves a look (an output on a strapping pin).</summary>
    Warning,
}

/// <summary>One finding about a board file, printed as one line "file: field: problem".</summary>
/// <param name="Severity">Error or warning.</param>
/// <param name="Source">The file.</param>
/// <param name="Field">The board.json field ("pins.relay1.gpio", "parts[0].bus").</param>
/// <param name="Message">What is wrong and, where possible, what to do.</param>
public sealed record BoardDiagnostic(Severity Severity, string Source, string Field, string Message)
{
    /// <inheritdoc />
    public override string ToString() => BoardFile.OneLine(Severity == Severity.Error
        ? $"{Source}: {Field}: {Message}"
        : $"{Source}: {Field}: warning: {Message}");
}

/// <summary>
/// The rules of a board beyond its schema, from the SoC facts (<see cref="SocCatalog"/>), the nanoFramework
/// target list (<see cref="NanoFrameworkTargets"/>), the role and part vocabularies and the apps' needs:
/// <list type="bullet">
/// <item>a pin must exist on the SoC; flash (and octal PSRAM) pins are never usable; the native USB pins are
/// taken when the board uses native USB — errors;</item>
/// <item>output roles (relay, LEDs, LED strip data, I2C, UART TX) on input-only pins — error; analog roles
/// on pins without ADC1 — error;</item>
/// <item>output and analog roles on strapping pins — warning with the reason: boards do this on purpose
/// (the Shelly Plus 1 status LED is on GPIO0, the C3 DevKitM-1 RGB LED on GPIO8), but what the pin drives
/// (or a divider on it) must leave the right level at reset. Digital inputs on strapping pins (BOOT
/// buttons) are what those pins are for;</item>
/// <item>one GPIO for two roles — error unless both are marked <c>shared</c>;</item>
/// <item>parts on buses the board does not declare, I2C addresses the part cannot have or two parts on one
/// address, part pins that name no role or a role of the wrong kind, roles a part needs — errors;</item>
/// <item>an unknown target, a target for another SoC, capabilities (ble, psram) the target was not built
/// with — errors; the default app and <c>--app</c> must be hostable.</item>
/// </list>
/// </summary>
public static class BoardValidator
{
    /// <summary>Every finding about <paramref name="board"/>; with <paramref name="app"/>, also whether it can host that app.</summary>
    public static IReadOnlyList<BoardDiagnostic> Validate(BoardFile board, string app = null)
    {
        var found = new List<BoardDiagnostic>();
        void Error(string field, string message) => found.Add(new(Severity.Error, board.Source, field, message));
        void Warn(string field, string message) => found.Add(new(Severity.Warning, board.Source, field, message));

        var soc = SocCatalog.Get(board.Soc, board.Package);
        if (soc == null)
        {
            return found; // the schema check already reported the SoC
        }

        if (board.Package != null && board.Soc != "esp32")
        {
            Error("package", $"{board.Package} is an ESP32 package; the board's soc is {board.Soc}");
        }

        CheckTarget(board, Error);
        CheckMemory(board, Error);
        CheckPins(board, soc, Error, Warn);
        CheckParts(board, Error);

        if (board.DefaultApp != null && AppRequirements.WhyNot(board, board.DefaultApp) is string whyNotDefault)
        {
            Error("default_app", $"the board cannot host the {board.DefaultApp} app: {whyNotDefault}");
        }

        if (app != null && AppRequirements.WhyNot(board, app) is string whyNot)
        {
            Error($"app {app}", $"board {board.Id} cannot host the {app} app: {whyNot}");
        }

        return found;
    }

    private static void CheckTarget(BoardFile board, System.Action<string, string> error)
    {
        var target = NanoFrameworkTargets.Find(board.NanoFrameworkTarget);
        if (target == null)
        {
            string known = string.Join(", ", NanoFrameworkTargets.All.Where(t => t.Soc == board.Soc).Select(t => t.Name));
            error("nanoframework_target", $"'{board.NanoFrameworkTarget}' is not a nanoFramework target (for the {board.Soc}: {known})");
            return;
        }

        if (target.Soc != board.Soc)
        {
            error("nanoframework_target", $"{target.Name} is built for the {target.Soc}, not the {board.Soc}");
            return;
        }

        string built = board.Custom == null ? target.Name : $"the custom build based on {target.Name}";
        int ble = board.Capabilities.IndexOf("ble");
        if (ble >= 0 && !target.Ble)
        {
            error($"capabilities[{ble}]", $"ble needs a target built with Bluetooth and {built} has none (with Bluetooth: {string.Join(", ", NanoFrameworkTargets.WithBle(board.Soc))})");
        }

        int psram = board.Capabilities.IndexOf("psram");
        if (psram >= 0 && !target.Psram)
        {
            error($"capabilities[{psram}]", $"psram needs a target built with PSRAM support and {built} has none");
        }
    }

    private static void CheckMemory(BoardFile board, System.Action<string, string> error)
    {
        bool psram = board.Has("psram");
        if (psram && board.PsramMb == 0)
        {
            error("psram_mb", "required with the psram capability: the PSRAM size in MB");
        }
        else if (!psram && board.PsramMb > 0)
        {
            error("capabilities", $"add psram: the board has {board.PsramMb} MB of PSRAM (psram_mb)");
        }

        if (board.PsramMode == "octal" && board.Soc != "esp32s3")
        {
            error("psram_mode", $"octal PSRAM is an ESP32-S3 option; the {board.Soc} has quad PSRAM only");
        }

        if (board.PsramMode != null && board.PsramMb == 0)
        {
            error("psram_mode", "set psram_mb too (the board's PSRAM size)");
        }

        int usb = board.Capabilities.IndexOf("native_usb");
        if (usb >= 0 && board.Soc == "esp32")
        {
            error($"capabilities[{usb}]", "the esp32 has no USB peripheral; its USB port goes through a USB-UART bridge");
        }
    }

    private static void CheckPins(BoardFile board, SocInfo soc, System.Action<string, string> error, System.Action<string, string> warn)
    {
        foreach (var pin in board.Pins)
        {
            string field = $"pins.{pin.Role}.gpio";
            var kind = BoardRoles.Find(pin.Role);
            bool drives = kind.Direction is PinDirection.Output or PinDirection.Bidirectional;
            if (!soc.Gpios.Contains(pin.Gpio))
            {
                error(field, $"GPIO{pin.Gpio} does not exist on the {soc.Name} ({SocCatalog.Ranges(soc.Gpios)})");
            }
            else if (soc.FlashPins.Contains(pin.Gpio))
            {
                string where = board.Package != null ? $"the {board.Package}'s embedded flash" : $"the SPI flash of {soc.Name} modules";
                error(field, $"GPIO{pin.Gpio} is wired to {where} ({SocCatalog.Ranges(soc.FlashPins)}) and cannot be used");
            }
            else if (board.PsramMode == "octal" && soc.OctalPins.Contains(pin.Gpio))
            {
                error(field, $"GPIO{pin.Gpio} is taken by the octal PSRAM ({SocCatalog.Ranges(soc.OctalPins)})");
            }
            else if (board.Has("native_usb") && soc.UsbPins.TryGetValue(pin.Gpio, out string usbLine))
            {
                error(field, $"GPIO{pin.Gpio} is the {usbLine} line of the native USB port the board uses");
            }
            else if (drives && soc.InputOnly.Contains(pin.Gpio))
            {
                error(field, $"GPIO{pin.Gpio} is input-only on the {soc.Name} ({SocCatalog.Ranges(soc.InputOnly)}) and {pin.Role} drives its pin");
            }
            else if (kind.Direction == PinDirection.Analog && !soc.Adc1.Contains(pin.Gpio))
            {
                error(field, $"GPIO{pin.Gpio} has no ADC1 channel ({soc.Name} ADC1: {soc.Adc1Text}) and {pin.Role} is an analog input");
            }
            else if ((drives || kind.Direction == PinDirection.Analog) && soc.Strapping.TryGetValue(pin.Gpio, out string strap))
            {
                string what = drives ? $"what {pin.Role} drives" : $"the circuit on {pin.Role}";
                warn(field, $"GPIO{pin.Gpio} is a strapping pin ({strap}); {what} must leave that level at reset");
            }
        }

        foreach (var group in board.Pins.GroupBy(p => p.Gpio).Where(g => g.Count() > 1 && !g.All(p => p.Shared)))
        {
            var first = group.First();
            foreach (var other in group.Skip(1))
            {
                error($"pins.{other.Role}.gpio", $"GPIO{other.Gpio} is also used by {first.Role} (mark both shared: true if they really share it)");
            }
        }

        foreach (var role in board.Pins.Select(p => p.Role).Where(r => r.StartsWith("i2c", System.StringComparison.Ordinal)))
        {
            string bus = role[..role.IndexOf('.')];
            string other = role.EndsWith(".sda", System.StringComparison.Ordinal) ? bus + ".scl" : bus + ".sda";
            if (board.Pin(other) == null)
            {
                error($"pins.{role}", $"{bus} needs both {bus}.sda and {bus}.scl; {other} is missing");
            }
        }
    }

    private static void CheckParts(BoardFile board, System.Action<string, string> error)
    {
        for (int i = 0; i < board.Parts.Count; i++)
        {
            var part = board.Parts[i];
            var type = PartCatalog.Find(part.Compatible);
            string where = $"parts[{i}]";
            if (part.Bus != null && BoardRoles.BusRoles(part.Bus).Where(r => board.Pin(r) == null).ToList() is { Count: > 0 } missing)
            {
                error($"{where}.bus", $"{part.Bus} is not declared: the board has no {string.Join(" and ", missing)} pin");
            }

            if (type.Bus == "i2c" && part.Address >= 0)
            {
                if (!type.Addresses.Contains(part.Address))
                {
                    error($"{where}.address", $"{BoardFile.Hex([part.Address])} is not an address of {type.Compatible} ({BoardFile.Hex(type.Addresses)})");
                }

                int clash = board.Parts.FindIndex(p => p.Bus == part.Bus && p.Address == part.Address);
                if (clash < i)
                {
                    error($"{where}.address", $"{BoardFile.Hex([part.Address])} on {part.Bus} is also parts[{clash}] ({board.Parts[clash].Compatible})");
                }
            }

            foreach (string role in type.RequiredRoles.Where(r => board.Pin(r) == null))
            {
                error(where, $"{type.Compatible} needs a {role} pin");
            }

            if (part.Property("pin") is string pinRole)
            {
                var pin = board.Pin(pinRole);
                if (pin == null)
                {
                    error($"{where}.pin", $"no pin has the role '{pinRole}'");
                }
                else if (type.PinDirection is PinDirection direction && BoardRoles.Find(pinRole).Direction != direction)
                {
                    error($"{where}.pin", $"{type.Compatible} needs a pin of kind {direction.ToString().ToLowerInvariant()} and {pinRole} is of kind {BoardRoles.Find(pinRole).Direction.ToString().ToLowerInvariant()}");
                }
            }
        }
    }
}
