namespace Endpoint.Core.Json
{
    /// <summary>What <see cref="JsonReader"/> is positioned on.</summary>
    public enum JsonToken
    {
        /// <summary>Before the first <see cref="JsonReader.Read"/>.</summary>
        None,
        /// <summary><c>{</c></summary>
        BeginObject,
        /// <summary><c>}</c></summary>
        EndObject,
        /// <summary><c>[</c></summary>
        BeginArray,
        /// <summary><c>]</c></summary>
        EndArray,
        /// <summary>An object member name.</summary>
        PropertyName,
        /// <summary>A string value.</summary>
        String,
        /// <summary>A number.</summary>
        Number,
        /// <summary><c>true</c></summary>
        True,
        /// <summary><c>false</c></summary>
        False,
        /// <summary><c>null</c></summary>
        Null,
    }
}
