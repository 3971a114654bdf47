using System;
using System.Collections;
using System.Device.Adc;
using System.Device.Gpio;
using System.Device.I2c;
using System.Device.Pwm;
using System.Device.Wifi;
using System.IO;
using System.Net.NetworkInformation;
using System.Text;
using nanoFramework.Hardware.Esp32;
using nanoFramework.M2Mqtt;

namespace Endpoint.Boot
{
    /// <summary>
    /// One type of each platform package, so the compiler keeps every reference in Endpoint.Boot's
    /// metadata and the deployment carries the whole platform with the bootstrapper. Apps loaded from a
    /// slot bind to these copies (README.md, "What is deployed with Boot").
    /// </summary>
    internal static class PlatformAnchors
    {
        /// <summary>Read by nothing; referencing the types is the point.</summary>
        internal static readonly Type[] Types = new Type[]
        {
            typeof(Hashtable),
            typeof(StringBuilder),
            typeof(Math),
            typeof(GpioController),
            typeof(PwmChannel),
            typeof(I2cDevice),
            typeof(AdcController),
            typeof(WifiAdapter),
            typeof(NetworkInterface),
            typeof(MqttClient),
            typeof(Configuration),
            typeof(FileStream),
            typeof(MemoryStream),
        };
    }
}
