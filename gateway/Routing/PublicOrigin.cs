namespace Publishing.Gateway.Routing;

/// <summary>
/// The address readers use (<c>PUBLISHING_PUBLIC_ORIGIN=https://news.example</c>), which every absolute link is written
/// with: canonical addresses, the feed, the sitemap, robots.txt. Configured, it is never taken from the request, so a
/// client's <c>Host</c> cannot reach a link that a cache keeps and serves to others. Unset (the local run), links
/// follow the request, as a trusted proxy forwards it. An <c>https</c> origin also makes the reader cookie
/// <c>Secure</c> and <c>__Host-</c> prefixed whatever the gateway itself sees.
/// </summary>
public sealed class PublicOrigin(Uri? configured)
{
    public const string Setting = "PUBLISHING_PUBLIC_ORIGIN";

    public static PublicOrigin From(IConfiguration configuration)
    {
        if (configuration[Setting] is not { Length: > 0 } value)
        {
            return new PublicOrigin(null);
        }
        if (!Uri.TryCreate(value, UriKind.Absolute, out var origin) || origin.Scheme is not ("https" or "http") || origin.PathAndQuery != "/")
        {
            throw new InvalidOperationException($"{Setting} must be a scheme and a host, such as https://news.example (it is '{value}').");
        }
        return new PublicOrigin(origin);
    }

    /// <summary>True when readers reach the site over HTTPS only, as the configured origin says.</summary>
    public bool Secure => configured?.Scheme == Uri.UriSchemeHttps;

    /// <summary><c>https://news.example</c>, without a trailing slash.</summary>
    public string Of(HttpRequest request) =>
        configured?.GetLeftPart(UriPartial.Authority) ?? $"{request.Scheme}://{request.Host}";
}
