using Microsoft.AspNetCore.DataProtection;
using Publishing.Gateway.RateLimits;
using Publishing.Gateway.Routing;

namespace Publishing.Gateway.Readers;

/// <summary>
/// Anonymous readers: an id in a <c>reader</c> cookie protected (encrypted and signed) by ASP.NET Data Protection.
/// Only the gateway can make or read one; the services learn the reader from <see cref="ForwardedHeader"/>, which
/// the gateway sets itself after removing whatever the client sent. A cookie is verified once, then known
/// (<see cref="VerifiedCookies"/>).
/// </summary>
public sealed class ReaderIdentity(IDataProtectionProvider dataProtection, TimeProvider clock, NewReaders newReaders, PublicOrigin origin, VerifiedCookies verified)
{
    /// <summary>
    /// <c>reader</c>; behind an HTTPS public origin <c>__Host-reader</c>, which browsers accept only as a secure cookie
    /// of this very host, so that no neighbouring subdomain or plain-HTTP page can set or overwrite it.
    /// </summary>
    public string CookieName => origin.Secure ? "__Host-reader" : "reader";

    /// <summary>The header the services read the verified reader id from. Clients' copies of it are dropped.</summary>
    public const string ForwardedHeader = Publishing.ServiceDefaults.Readers.ReaderContext.Header;

    private static readonly TimeSpan Lifetime = TimeSpan.FromDays(400);
    private readonly IDataProtector _protector = dataProtection.CreateProtector("Publishing.Gateway.ReaderCookie.v1");

    /// <summary>The reader id in the request's cookie, or null when there is none or it is forged, tampered or made up.</summary>
    public string? Read(HttpContext context)
    {
        // The rate limiter and the forwarding transform both ask: unprotect the cookie once per request.
        if (context.Items.TryGetValue(typeof(ReaderIdentity), out var known))
        {
            return (string?)known;
        }
        var readerId = Unprotect(context.Request.Cookies[CookieName]);
        context.Items[typeof(ReaderIdentity)] = readerId;
        return readerId;
    }

    private string? Unprotect(string? cookie)
    {
        if (cookie is not { Length: > 0 and < 1024 })
        {
            return null;
        }
        if (verified.TryGet(cookie, out var known))
        {
            return known;
        }
        try
        {
            var readerId = _protector.Unprotect(cookie);
            if (!Guid.TryParseExact(readerId, "N", out _))
            {
                return null;
            }
            verified.Add(cookie, readerId);
            return readerId;
        }
        catch (System.Security.Cryptography.CryptographicException)
        {
            return null;
        }
    }

    /// <summary>
    /// Makes a new reader and sets its cookie on the response; null, with when to try again, once the client's address
    /// has been given as many readers as it may (<see cref="NewReaders"/>).
    /// </summary>
    public string? TryIssue(HttpContext context, out TimeSpan retryAfter)
    {
        if (!newReaders.TryAcquire(context, out retryAfter))
        {
            return null;
        }
        var readerId = Guid.NewGuid().ToString("N");
        var cookie = _protector.Protect(readerId);
        // The reader's first vote follows at once: the cookie made here needs no verifying.
        verified.Add(cookie, readerId);
        context.Response.Cookies.Append(CookieName, cookie, new CookieOptions
        {
            HttpOnly = true,
            SameSite = SameSiteMode.Lax,
            Secure = origin.Secure || context.Request.IsHttps,
            Path = "/",
            Expires = clock.GetUtcNow() + Lifetime,
            IsEssential = true,
        });
        return readerId;
    }
}
