using System;
using Endpoint.Core.Hardware;

namespace Endpoint.Host.Simulation;

/// <summary>System facts of a simulated endpoint, with the ESP32's heap size as the reference; restart and deep sleep.</summary>
public sealed class SimulatedSystem : ISystemInfo, IReboot, IPowerControl
{
    /// <summary>Creates the facts for one boot.</summary>
    public SimulatedSystem(string resetReason) => ResetReason = resetReason;

    /// <summary>Heap a nanoFramework ESP32 build leaves to managed code (about 100 KB without PSRAM).</summary>
    public long HeapBytes { get; set; } = 100 * 1024;

    /// <summary>Bytes the simulated app is taken to use.</summary>
    public long UsedBytes { get; set; } = 38 * 1024;

    /// <inheritdoc />
    public long FreeMemory => HeapBytes - UsedBytes;

    /// <inheritdoc />
    public string ResetReason { get; }

    /// <summary>Raised by <see cref="Reboot"/>; the simulator restarts the endpoint.</summary>
    public event Action<string> RebootRequested;

    /// <inheritdoc />
    public void Reboot(string reason) => RebootRequested?.Invoke(reason);

    /// <summary>The sleep asked for by <see cref="DeepSleep"/>, in ms; null while awake.</summary>
    public long? SleepRequestedMs { get; private set; }

    /// <summary>Raised by <see cref="DeepSleep"/> with the duration; the simulator ends this boot and boots the endpoint again after it.</summary>
    public event Action<long> DeepSleepRequested;

    /// <inheritdoc />
    public void DeepSleep(long durationMs)
    {
        SleepRequestedMs = durationMs;
        DeepSleepRequested?.Invoke(durationMs);
    }
}
