namespace Endpoint.Core.Runtime
{
    /// <summary>Log severity, most verbose first.</summary>
    public enum LogLevel
    {
        /// <summary>Wire-level detail.</summary>
        Verbose = 0,
        /// <summary>Developer detail.</summary>
        Debug = 1,
        /// <summary>What a person watching the device wants to see.</summary>
        Info = 2,
        /// <summary>Something went wrong and was handled.</summary>
        Warning = 3,
        /// <summary>Something failed.</summary>
        Error = 4,
        /// <summary>Logging disabled.</summary>
        None = 5,
    }
}
