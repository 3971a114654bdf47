namespace Endpoint.Core.Model
{
    /// <summary>Home Assistant entity category: where the entity is shown.</summary>
    public enum EntityCategory
    {
        /// <summary>A primary control or reading.</summary>
        None,
        /// <summary>A setting (<c>config</c>).</summary>
        Config,
        /// <summary>A diagnostic value (<c>diagnostic</c>).</summary>
        Diagnostic,
    }
}
