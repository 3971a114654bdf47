namespace Endpoint.Host.Ota;

/// <summary>
/// What Endpoint.Boot deploys once with itself (firmware/Endpoint.Boot/packages.config): the
/// nanoFramework libraries every app shares. They run from the deployment area in flash and cannot
/// be replaced over the air, so <c>endpoint ota pack</c> leaves them out of bundles.
/// </summary>
public static class BootPlatform
{
    /// <summary>The bootstrapper version whose platform this list describes.</summary>
    public const int Version = 1;

    /// <summary>Assembly names deployed with Endpoint.Boot 1.</summary>
    public static readonly string[] Assemblies =
    [
        "mscorlib",
        "nanoFramework.Runtime.Events",
        "nanoFramework.Runtime.Native",
        "nanoFramework.Hardware.Esp32",
        "nanoFramework.System.Collections",
        "nanoFramework.System.Text",
        "nanoFramework.M2Mqtt",
        "nanoFramework.M2Mqtt.Core",
        "System.Math",
        "System.Threading",
        "System.Device.Gpio",
        "System.Device.Pwm",
        "System.Device.I2c",
        "System.Device.Adc",
        "System.Device.Wifi",
        "System.Net",
        "System.IO.Streams",
        "System.IO.FileSystem",
        "Endpoint.Boot",
    ];

    /// <summary>True when <paramref name="name"/> is deployed with the bootstrapper.</summary>
    public static bool Provides(string name) => System.Array.IndexOf(Assemblies, name) >= 0;
}
