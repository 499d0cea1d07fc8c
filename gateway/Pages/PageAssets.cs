using System.Collections.Frozen;
using System.Security.Cryptography;
using Microsoft.Net.Http.Headers;

namespace Publishing.Gateway.Pages;

/// <summary>
/// The stylesheet, the vote script and the icon, embedded in the gateway (nothing external, nothing to deploy beside
/// it) and linked with a content hash, so browsers may keep them for a year and still never run a stale one.
/// </summary>
public sealed class PageAssets
{
    public sealed record Asset(byte[] Content, string ContentType, string Hash);

    private static readonly Dictionary<string, string> ContentTypes = new()
    {
        [".css"] = "text/css; charset=utf-8",
        [".js"] = "text/javascript; charset=utf-8",
        [".svg"] = "image/svg+xml",
    };

    private readonly FrozenDictionary<string, Asset> _assets;

    public PageAssets()
    {
        var assembly = typeof(PageAssets).Assembly;
        const string prefix = "Publishing.Gateway.Pages.Assets.";
        _assets = assembly.GetManifestResourceNames()
            .Where(name => name.StartsWith(prefix, StringComparison.Ordinal))
            .ToFrozenDictionary(name => name[prefix.Length..], name =>
            {
                using var stream = assembly.GetManifestResourceStream(name)!;
                using var copy = new MemoryStream();
                stream.CopyTo(copy);
                var content = copy.ToArray();
                return new Asset(content, ContentTypes[Path.GetExtension(name)], Convert.ToHexStringLower(SHA256.HashData(content))[..12]);
            });
    }

    public string Url(string name) => $"/assets/{name}?v={_assets[name].Hash}";

    public IResult Serve(string name, HttpContext context)
    {
        if (!_assets.TryGetValue(name, out var asset))
        {
            return TypedResults.NotFound();
        }
        var etag = new EntityTagHeaderValue($"\"{asset.Hash}\"");
        context.Response.Headers.CacheControl = "public, max-age=31536000, immutable";
        context.Response.Headers.XContentTypeOptions = "nosniff";
        return context.Request.Headers.IfNoneMatch == etag.ToString()
            ? TypedResults.StatusCode(StatusCodes.Status304NotModified)
            : TypedResults.Bytes(asset.Content, asset.ContentType, entityTag: etag);
    }
}
