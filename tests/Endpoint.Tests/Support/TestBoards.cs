using Endpoint.Core.Boards;

namespace Endpoint.Tests.Support;

/// <summary>Boards as the tests and benchmarks build them, without the board files.</summary>
public static class TestBoards
{
    public static BoardInfo DevKitC(bool ble = true)
    {
        var b = new BoardInfo("esp32-devkitc", "Espressif ESP32-DevKitC V4", "esp32");
        b.AddPin("user_button", 0, true);
        b.AddPin("status_led", 2, false);
        b.AddPin("relay1", 26, false);
        b.AddCapability("wifi");
        if (ble)
        {
            b.AddCapability("ble");
        }

        return b;
    }
}
