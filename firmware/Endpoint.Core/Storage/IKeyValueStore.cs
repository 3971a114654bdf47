namespace Endpoint.Core.Storage
{
    /// <summary>
    /// Persistent string settings. <see cref="Set"/> and <see cref="Remove"/> are durable and atomic
    /// when they return: after a power cut at any moment a key reads its old or its new value, never garbage.
    /// </summary>
    public interface IKeyValueStore
    {
        /// <summary>The value, or null when the key is absent.</summary>
        string Get(string key);

        /// <summary>Stores the value.</summary>
        void Set(string key, string value);

        /// <summary>Removes the key.</summary>
        void Remove(string key);
    }
}
