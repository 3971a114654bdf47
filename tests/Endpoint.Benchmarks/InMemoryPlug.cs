using System;
using Endpoint.Apps.Plug;
using Endpoint.Core.Hub;
using Endpoint.Core.Runtime;
using Endpoint.Host.Simulation;
using Endpoint.Tests.Support;

namespace Endpoint.Benchmarks;

/// <summary>
/// The composition of <see cref="SimulatedEndpoint"/> for a plug on the ESP32-DevKitC, with the flash
/// replaced by an in-memory store (SimulatedEndpoint always makes a SimulatedFlash folder): a settings
/// write costs no file I/O. Not started: the caller configures the hub and posts <see cref="EndpointRuntime.Start"/>.
/// </summary>
internal sealed class InMemoryPlug
{
    public InMemoryPlug(string id, IClock clock, IMqttTransport transport)
    {
        Loop = new EventLoop(clock, null);
        var system = new SimulatedSystem("power_on");
        var platform = new Platform
        {
            Clock = clock,
            Loop = Loop,
            Log = null,
            Files = Files,
            Mqtt = transport,
            Wifi = new SimulatedWifi(1),
            Hardware = new SimulatedHardware(),
            SystemInfo = system,
            Reboot = system,
            Random = new Random(1),
        };
        Runtime = new EndpointRuntime(new DeviceIdentity(id, "plug", "esp32-devkitc", "1.0.0"), platform, new HubOptions());
        App = (PlugApp)AppCatalog.Build("plug", Runtime, TestBoards.DevKitC());
    }

    public EventLoop Loop { get; }

    public MemoryFileStore Files { get; } = new();

    public EndpointRuntime Runtime { get; }

    public PlugApp App { get; }
}
