namespace Endpoint.Core.Runtime
{
    /// <summary>
    /// Leveled log sink. Callers check <see cref="IsEnabled"/> before building a message so a
    /// disabled level costs no allocation. Messages never contain secrets (passwords, keys).
    /// </summary>
    public interface ILog
    {
        /// <summary>True when messages of <paramref name="level"/> are written.</summary>
        bool IsEnabled(LogLevel level);

        /// <summary>Writes one message; <paramref name="tag"/> names the component ("hub", "relay").</summary>
        void Write(LogLevel level, string tag, string message);
    }
}
