using System;

namespace Endpoint.Core.Json
{
    /// <summary>The input is not JSON (RFC 8259). The message says what and where, for an error reply.</summary>
    public class JsonFormatException : Exception
    {
        /// <summary>Creates the exception.</summary>
        public JsonFormatException(string message)
            : base(message)
        {
        }
    }
}
