using System;
using System.Collections.Generic;
using System.Linq;

namespace Endpoint.Host.Simulation;

/// <summary>
/// Prices a battery sensor's wake timeline in charge and battery life. Currents are from the
/// ESP32-C3 Series Datasheet (v1.x, section "Current Consumption Characteristics": the Wi-Fi RF-mode
/// table and the low-power-mode table; table numbers differ between revisions). What the simulator
/// cannot measure — how long the real chip takes to boot nanoCLR and to join Wi-Fi — are stated
/// assumptions, each a property so a measurement on hardware can replace it.
/// </summary>
public sealed class PowerModel
{
    /// <summary>Deep sleep, RTC timer and RTC memory on: 5 µA (datasheet, low-power modes).</summary>
    public double DeepSleepMicroAmps { get; set; } = 5;

    /// <summary>CPU at 160 MHz with the radio off (datasheet modem-sleep figures, 20–28 mA): 25 mA.</summary>
    public double CpuMilliAmps { get; set; } = 25;

    /// <summary>Wi-Fi receive, 802.11b/g/n HT20: 84 mA (datasheet, RF modes).</summary>
    public double RxMilliAmps { get; set; } = 84;

    /// <summary>Wi-Fi transmit, 802.11b 1 Mbps at 21 dBm, the worst case: 335 mA (datasheet, RF modes).</summary>
    public double TxMilliAmps { get; set; } = 335;

    /// <summary>Assumption: share of the radio-on time spent transmitting (association, DHCP, MQTT are mostly listening).</summary>
    public double TxShare { get; set; } = 0.10;

    /// <summary>Assumption: reset to Main() — ROM, bootloader, nanoCLR start, assembly load — on the CPU: 600 ms.</summary>
    public double BootMs { get; set; } = 600;

    /// <summary>Assumption: Wi-Fi association, WPA2 handshake and DHCP with stored credentials: 1500 ms.</summary>
    public double WifiJoinMs { get; set; } = 1500;

    /// <summary>Assumption: TCP connect, MQTT CONNECT/CONNACK, the publishes and the flush round trip on a LAN: 100 ms.</summary>
    public double MqttMs { get; set; } = 100;

    /// <summary>Supply rail of the chip.</summary>
    public double SupplyVolts { get; set; } = 3.3;

    /// <summary>Battery: 2 × AA alkaline, 2500 mAh usable at a nominal 3.0 V.</summary>
    public double BatteryMilliAmpHours { get; set; } = 2500;

    /// <summary>Nominal battery voltage.</summary>
    public double BatteryVolts { get; set; } = 3.0;

    /// <summary>Assumption: buck-boost converter efficiency from 2×AA to 3.3 V (TI TPS63xxx class): 85 %.</summary>
    public double ConverterEfficiency { get; set; } = 0.85;

    /// <summary>Assumption: converter quiescent current, battery side: 10 µA.</summary>
    public double ConverterQuiescentMicroAmps { get; set; } = 10;

    /// <summary>Average current with the radio on.</summary>
    public double RadioMilliAmps => RxMilliAmps * (1 - TxShare) + TxMilliAmps * TxShare;

    /// <summary>Time a wake keeps the real chip awake: the boot, what the simulation measured, and the radio when it reports.</summary>
    public double HardwareAwakeMs(double simulatedAwakeMs, bool reported) =>
        BootMs + simulatedAwakeMs + (reported ? WifiJoinMs + MqttMs : 0);

    /// <summary>Charge of one wake at the supply rail, in mC (mA·s).</summary>
    public double WakeCharge(double simulatedAwakeMs, bool reported) =>
        (CpuMilliAmps * (BootMs + simulatedAwakeMs) + (reported ? RadioMilliAmps * (WifiJoinMs + MqttMs) : 0)) / 1000.0;

    /// <summary>Prices a timeline: average currents and life on the battery.</summary>
    public PowerEstimate Estimate(IReadOnlyList<BatteryWake> wakes)
    {
        if (wakes.Count == 0)
        {
            throw new ArgumentException("no wakes to price");
        }

        double activeCharge = 0;  // mC
        double seconds = 0;
        double awakeSeconds = 0;
        foreach (var w in wakes)
        {
            double awake = HardwareAwakeMs(w.AwakeMs, w.Reported);

            // The firmware sleeps for the interval minus its own awake time, so a cycle is the interval (its
            // awake time plus its sleep) plus the boot, which its clock does not see. On hardware the radio
            // time is part of the firmware's awake time and shortens the sleep by as much.
            double cycle = (w.AwakeMs + w.SleepMs + BootMs) / 1000.0;
            activeCharge += WakeCharge(w.AwakeMs, w.Reported);
            awakeSeconds += awake / 1000.0;
            seconds += cycle;
        }

        double sleepSeconds = Math.Max(0, seconds - awakeSeconds);
        double loadMilliAmps = (activeCharge + DeepSleepMicroAmps / 1000.0 * sleepSeconds) / seconds;
        double batteryMilliAmps = loadMilliAmps * SupplyVolts / (BatteryVolts * ConverterEfficiency) + ConverterQuiescentMicroAmps / 1000.0;
        return new PowerEstimate(
            Wakes: wakes.Count,
            Reports: wakes.Count(w => w.Reported),
            LoadMicroAmps: loadMilliAmps * 1000,
            BatteryMicroAmps: batteryMilliAmps * 1000,
            LifeDays: BatteryMilliAmpHours / batteryMilliAmps / 24);
    }
}

/// <summary>What a timeline costs.</summary>
/// <param name="Wakes">Wakes priced.</param>
/// <param name="Reports">Wakes that used the radio.</param>
/// <param name="LoadMicroAmps">Average current at the 3.3 V rail.</param>
/// <param name="BatteryMicroAmps">Average current drawn from the battery (converter losses and quiescent current included).</param>
/// <param name="LifeDays">Battery life in days.</param>
public sealed record PowerEstimate(int Wakes, int Reports, double LoadMicroAmps, double BatteryMicroAmps, double LifeDays);
