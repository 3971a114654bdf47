using Endpoint.Core.Runtime;

namespace Endpoint.Apps.Sensor
{
    /// <summary>
    /// Sends each set of readings over a second channel besides the hub — BTHome v2 advertisements
    /// (DESIGN.md §6) — plugged into <see cref="SensorApp.Advertiser"/>. Called on the loop after every
    /// reading, in both modes; in battery mode the device does not sleep before the advertiser says it is done.
    /// </summary>
    public interface IReadingsAdvertiser
    {
        /// <summary>Starts advertising <paramref name="readings"/> (copy what is needed: the object is reused); calls <paramref name="done"/> on the loop when the burst is over.</summary>
        void Advertise(SensorReadings readings, LoopAction done);
    }
}
