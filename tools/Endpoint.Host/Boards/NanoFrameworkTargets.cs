using System.Collections.Generic;
using System.Linq;

namespace Endpoint.Host.Boards;

/// <summary>A nanoFramework firmware target that <c>nanoff</c> can flash, with what its build includes.</summary>
/// <param name="Name">The target name (<c>nanoff flash target NAME</c>).</param>
/// <param name="Soc">The SoC it runs on (board.json <c>soc</c>).</param>
/// <param name="Ble">Built with <c>nanoFramework.Device.Bluetooth</c>.</param>
/// <param name="Psram">Built with PSRAM support.</param>
/// <param name="UsbWireProtocol">The debugger (wire protocol) runs on the native USB port, leaving UART0 free.</param>
public sealed record NanoFrameworkTarget(string Name, string Soc, bool Ble, bool Psram, bool UsbWireProtocol);

/// <summary>
/// The ESP32-family targets of nanoFramework's firmware list, from the build presets in
/// nanoframework/nf-interpreter <c>targets/ESP32/CMakePresets.json</c> (a target has Bluetooth when its
/// preset sets <c>API_nanoFramework.Device.Bluetooth</c>, USB wire protocol with <c>ESP32_USB_CDC</c> or
/// <c>HAL_WP_USE_USB_CDC</c>) and from the nanoff README (<c>ESP32_S3_OCTAL</c>/<c>ESP32_S3_QUAD</c>, what
/// <c>nanoff</c> picks for an S3 by itself; their Bluetooth support is not documented, so it is not claimed).
/// <c>nanoff list targets platform esp32</c> prints the live list.
/// </summary>
public static class NanoFrameworkTargets
{
    /// <summary>Every known target.</summary>
    public static readonly IReadOnlyList<NanoFrameworkTarget> All =
    [
        new("ESP32_REV0", "esp32", Ble: false, Psram: false, UsbWireProtocol: false),
        new("ESP32_REV3", "esp32", Ble: false, Psram: false, UsbWireProtocol: false),
        new("ESP32_PSRAM_REV0", "esp32", Ble: false, Psram: true, UsbWireProtocol: false),
        new("ESP32_PSRAM_REV3", "esp32", Ble: false, Psram: true, UsbWireProtocol: false),
        new("ESP32_PSRAM_XTAL26_REV0", "esp32", Ble: false, Psram: true, UsbWireProtocol: false),
        new("ESP32_BLE_REV0", "esp32", Ble: true, Psram: false, UsbWireProtocol: false),
        new("ESP32_BLE_REV3", "esp32", Ble: true, Psram: false, UsbWireProtocol: false),
        new("ESP32_PSRAM_BLE_GenericGraphic_REV3", "esp32", Ble: true, Psram: true, UsbWireProtocol: false),
        new("ESP32_PICO", "esp32", Ble: false, Psram: false, UsbWireProtocol: false),
        new("ESP_WROVER_KIT", "esp32", Ble: false, Psram: true, UsbWireProtocol: false),
        new("ESP32_C3", "esp32c3", Ble: false, Psram: false, UsbWireProtocol: false),
        new("ESP32_C3_REV3", "esp32c3", Ble: true, Psram: false, UsbWireProtocol: false),
        new("XIAO_ESP32C3", "esp32c3", Ble: false, Psram: false, UsbWireProtocol: true),
        new("ESP32_S3", "esp32s3", Ble: false, Psram: true, UsbWireProtocol: true),
        new("ESP32_S3_BLE", "esp32s3", Ble: true, Psram: true, UsbWireProtocol: true),
        new("ESP32_S3_BLE_UART", "esp32s3", Ble: true, Psram: true, UsbWireProtocol: false),
        new("ESP32_S3_ALL", "esp32s3", Ble: true, Psram: true, UsbWireProtocol: true),
        new("ESP32_S3_ALL_UART", "esp32s3", Ble: true, Psram: true, UsbWireProtocol: false),
        new("ESP32_S3_OCTAL", "esp32s3", Ble: false, Psram: true, UsbWireProtocol: false),
        new("ESP32_S3_QUAD", "esp32s3", Ble: false, Psram: true, UsbWireProtocol: false),
    ];

    /// <summary>The target <paramref name="name"/>, or null.</summary>
    public static NanoFrameworkTarget Find(string name) => All.FirstOrDefault(t => t.Name == name);

    /// <summary>Targets for <paramref name="soc"/> that have Bluetooth (for suggestions in messages).</summary>
    public static IEnumerable<string> WithBle(string soc) => All.Where(t => t.Soc == soc && t.Ble).Select(t => t.Name);
}
