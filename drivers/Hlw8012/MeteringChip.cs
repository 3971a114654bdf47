using Endpoint.Core.Boards;

namespace Endpoint.Drivers.Hlw8012
{
    /// <summary>
    /// The transfer functions of a pulse-output energy metering chip on a given board: how many watts,
    /// amperes and volts one hertz of its CF / CF1 outputs stands for, from the datasheet formulas, the
    /// current shunt and the voltage divider. Calibration against a known load corrects the rest
    /// (resistor tolerances, the reference voltage's spread).
    /// </summary>
    public sealed class MeteringChip
    {
        /// <summary>The compatible id of a BL0937 part in board.json.</summary>
        public const string Bl0937Compatible = "belling,bl0937";

        /// <summary>BL0937 reference voltage (datasheet: Vref = 1.218 V).</summary>
        public const double Bl0937Vref = 1.218;

        /// <summary>HLW8012 reference voltage (datasheet: Vref = 2.43 V).</summary>
        public const double Hlw8012Vref = 2.43;

        /// <summary>HLW8012 oscillator (datasheet: 3.579 MHz).</summary>
        public const double Hlw8012Oscillator = 3579000;

        /// <summary>Shunt of the Shelly Plus Plug S, ohms (1 mΩ; ESPHome device page).</summary>
        public const double PlusPlugSShuntOhms = 0.001;

        /// <summary>Mains voltage divider ratio of the Shelly Plus Plug S (ESPHome device page, calibrated).</summary>
        public const double PlusPlugSVoltageDivider = 1830;

        private MeteringChip(string name, double wattsPerHz, double ampsPerHz, double voltsPerHz, bool currentSelLevel)
        {
            Name = name;
            WattsPerHz = wattsPerHz;
            AmpsPerHz = ampsPerHz;
            VoltsPerHz = voltsPerHz;
            CurrentSelLevel = currentSelLevel;
        }

        /// <summary>"BL0937" or "HLW8012".</summary>
        public string Name { get; private set; }

        /// <summary>Active power per hertz of CF.</summary>
        public double WattsPerHz { get; private set; }

        /// <summary>RMS current per hertz of CF1 while SEL selects current.</summary>
        public double AmpsPerHz { get; private set; }

        /// <summary>RMS voltage per hertz of CF1 while SEL selects voltage.</summary>
        public double VoltsPerHz { get; private set; }

        /// <summary>
        /// The SEL level (true = high) that puts the current on CF1 according to the datasheet; the other
        /// level puts the voltage. The driver takes the level from the board (a board could invert SEL);
        /// the simulator uses this one, as the silicon would.
        /// </summary>
        public bool CurrentSelLevel { get; private set; }

        /// <summary>
        /// BL0937 (Belling) with a current shunt of <paramref name="shuntOhms"/> and a mains divider of
        /// <paramref name="voltageDivider"/> (mains volts per volt at the V pin). Datasheet (BL0937 V1.02,
        /// "Frequency output"): F_CF = 1721506 · V(V) · V(I) / Vref², F_CFI = 94638 · V(I) / Vref,
        /// F_CFU = 15397 · V(V) / Vref, with V(I) = I · R_shunt and V(V) = U / divider. SEL low selects the
        /// current on CF1, high the voltage (the polarity ESPHome drives on BL0937 boards such as the
        /// Shelly Plus Plug S: "sel_pin: inverted: true").
        /// </summary>
        public static MeteringChip Bl0937(double shuntOhms, double voltageDivider)
        {
            double vref = Bl0937Vref;
            return new MeteringChip(
                "BL0937",
                vref * vref * voltageDivider / (1721506.0 * shuntOhms),
                vref / (94638.0 * shuntOhms),
                vref * voltageDivider / 15397.0,
                false);
        }

        /// <summary>
        /// The BL0937 of a board's <c>belling,bl0937</c> part: its <c>current_resistor_ohm</c> and
        /// <c>voltage_divider</c> properties, the Shelly Plus Plug S's values where the board gives none.
        /// </summary>
        public static MeteringChip ForPart(BoardPart part)
        {
            return Bl0937(
                part.GetDoubleProperty("current_resistor_ohm", PlusPlugSShuntOhms),
                part.GetDoubleProperty("voltage_divider", PlusPlugSVoltageDivider));
        }

        /// <summary>
        /// HLW8012 (HLW Technology) with the same board parameters. Datasheet formulas with fosc = 3.579 MHz
        /// and Vref = 2.43 V: F_CF = 48 · V1 · V2 · fosc / (128 · Vref²), F_CF1(I) = 12 · V1 · fosc / (256 · Vref),
        /// F_CF1(U) = V2 · fosc / (256 · Vref) — the constants ESPHome's hlw8012 component uses. SEL high
        /// selects the current.
        /// </summary>
        public static MeteringChip Hlw8012(double shuntOhms, double voltageDivider)
        {
            double vref = Hlw8012Vref;
            double fosc = Hlw8012Oscillator;
            return new MeteringChip(
                "HLW8012",
                vref * vref * voltageDivider / shuntOhms * 64.0 / 24.0 / fosc,
                vref / shuntOhms * 512.0 / 24.0 / fosc,
                vref * voltageDivider * 256.0 / fosc,
                true);
        }
    }
}
