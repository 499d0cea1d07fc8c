using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Primitives;

namespace Publishing.ServiceDefaults.Newsrooms;

/// <summary>
/// Where a newsroom presents its API key: <c>Authorization: ApiKey …</c> or <c>X-Api-Key</c>. Ingest checks the key;
/// the gateway refuses a request that presents none before it reads a byte of the body.
/// </summary>
public static class NewsroomKeyHeader
{
    public const string Missing = "Send the newsroom API key as 'Authorization: ApiKey <key>' or 'X-Api-Key: <key>'.";

    /// <summary>The key the request presents, or null when it presents none.</summary>
    public static string? Presented(IHeaderDictionary headers)
    {
        if (headers.Authorization is { Count: > 0 } authorization &&
            authorization.ToString() is var value &&
            value.StartsWith("ApiKey ", StringComparison.OrdinalIgnoreCase))
        {
            return value["ApiKey ".Length..].Trim() is { Length: > 0 } key ? key : null;
        }
        return headers.TryGetValue("X-Api-Key", out StringValues apiKey) && apiKey.ToString().Trim() is { Length: > 0 } k ? k : null;
    }
}
