using Microsoft.AspNetCore.Http;

namespace Publishing.ServiceDefaults.Readers;

/// <summary>
/// The reader a request comes from, as the gateway verified it from the signed cookie and forwarded it. Services are
/// reachable only through the gateway (see README, "Deployment"), which drops any copy of the header a client sends.
/// </summary>
public static class ReaderContext
{
    public const string Header = "X-Publishing-Reader";

    /// <summary>The verified reader id, or null for a request without a valid reader cookie.</summary>
    public static string? ReaderId(this HttpContext context) =>
        context.Request.Headers[Header] is { Count: 1 } value && value.ToString() is { Length: > 0 and <= 64 } id ? id : null;
}
