using System;

namespace Endpoint.Core.Ota
{
    /// <summary>
    /// An update input was refused (bad bundle, bad offer, wrong board, anti-rollback…). The message is
    /// one sentence for people and is what the device reports on <c>ota/status</c>; it never holds keys.
    /// </summary>
    public sealed class OtaException : Exception
    {
        /// <summary>Creates the exception with the reason shown to people.</summary>
        public OtaException(string reason)
            : base(reason)
        {
        }
    }
}
