namespace Endpoint.Core.Hardware
{
    /// <summary>A PWM output (System.Device.Pwm's PwmChannel on the device).</summary>
    public interface IPwmChannel
    {
        /// <summary>Duty cycle 0.0 … 1.0.</summary>
        double DutyCycle { get; set; }

        /// <summary>Frequency in hertz.</summary>
        int Frequency { get; }
    }
}
