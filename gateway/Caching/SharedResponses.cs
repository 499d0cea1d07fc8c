using System.IO.Compression;
using System.Security.Cryptography;
using Microsoft.AspNetCore.OutputCaching;
using Microsoft.AspNetCore.ResponseCompression;
using Microsoft.Net.Http.Headers;

namespace Publishing.Gateway.Caching;

/// <summary>
/// What is the same for every reader carries headers that let any cache in front (a CDN) share it for a second, and an
/// <c>ETag</c> that turns a repeat into a <c>304</c>. Pages (the shared document of an article, the front page) are
/// also built once per <see cref="Lifetime"/> and answered from the gateway's memory, compressed once per encoding:
/// rendering one takes service calls. A page built from a site-wide part read earlier (<see cref="SiteWide{T}"/>) is
/// kept only while that part is fresh (<see cref="KeepUntil"/>), so no part of a page is ever older than the lifetime.
/// The JSON reads are answered fresh (Ranking computes a list in microseconds, and the API promises votes reflected
/// well under a second). What is a reader's own (their vote state, their recommendations) never carries these headers
/// and is never stored.
/// </summary>
public static class SharedResponses
{
    /// <summary>The output-cache policy of the pages: shared, and kept by the gateway for <see cref="Lifetime"/>.</summary>
    public const string Pages = "shared-pages";

    /// <summary>The output-cache policy of the <c>/api</c> reads that are the same for everyone: shared, never kept by the gateway.</summary>
    public const string Reads = "shared-reads";

    /// <summary>How stale a page may be: a vote, a revision or a withdrawal shows on it within this window.</summary>
    public static readonly TimeSpan Lifetime = TimeSpan.FromSeconds(1);

    /// <summary>
    /// Browsers check again every time (a <c>304</c> when nothing changed); shared caches keep it for the same second the
    /// gateway keeps a page and may answer with the stale copy for one more while they fetch a fresh one.
    /// </summary>
    public const string CacheControl = "public, max-age=0, s-maxage=1, stale-while-revalidate=1";

    private static readonly object FreshUntilKey = new();

    /// <summary>
    /// The page being built shows something read before the request (a <see cref="SiteWide{T}"/> reading): the gateway
    /// keeps the page no longer than <paramref name="freshUntil"/>, the earliest such moment.
    /// </summary>
    public static void KeepUntil(HttpContext context, DateTimeOffset freshUntil)
    {
        if (context.Items[FreshUntilKey] is not DateTimeOffset earlier || freshUntil < earlier)
        {
            context.Items[FreshUntilKey] = freshUntil;
        }
    }

    public static IHostApplicationBuilder AddSharedResponses(this IHostApplicationBuilder builder)
    {
        builder.Services.AddOutputCache(options =>
        {
            options.AddPolicy(Pages, policy => policy.AddPolicy<MarkShared>().Expire(Lifetime).SetVaryByHeader(HeaderNames.AcceptEncoding));
            options.AddPolicy(Reads, new MarkShared(keep: false));
        });
        builder.Services.AddResponseCompression(options =>
        {
            options.EnableForHttps = true;
            options.Providers.Add<BrotliCompressionProvider>();
            options.Providers.Add<GzipCompressionProvider>();
            options.MimeTypes = ResponseCompressionDefaults.MimeTypes.Concat(["application/problem+json", "image/svg+xml", "application/atom+xml"]);
        });
        // Pages are compressed once per lifetime; everything else is small: the fastest level everywhere.
        builder.Services.Configure<BrotliCompressionProviderOptions>(options => options.Level = CompressionLevel.Fastest);
        builder.Services.Configure<GzipCompressionProviderOptions>(options => options.Level = CompressionLevel.Fastest);
        return builder;
    }

    /// <summary>The cache outermost, then the tags and headers of shared answers, then compression, so that what is stored is already compressed.</summary>
    public static WebApplication UseSharedResponses(this WebApplication app)
    {
        app.UseOutputCache();
        app.Use(TagAsync);
        app.UseResponseCompression();
        return app;
    }

    /// <summary>
    /// Marks the request as one whose answer is shared, for <see cref="TagAsync"/> (the cache asks every policy of the
    /// endpoint first); without <paramref name="keep"/>, the gateway does not keep the answer itself.
    /// </summary>
    private sealed class MarkShared(bool keep = true) : IOutputCachePolicy
    {
        public ValueTask CacheRequestAsync(OutputCacheContext context, CancellationToken cancellation)
        {
            context.HttpContext.Items[typeof(MarkShared)] = true;
            if (!keep)
            {
                context.EnableOutputCaching = false;
            }
            return ValueTask.CompletedTask;
        }

        public ValueTask ServeFromCacheAsync(OutputCacheContext context, CancellationToken cancellation) => ValueTask.CompletedTask;

        /// <summary>What the page shows from earlier readings bounds how long the gateway keeps it (<see cref="KeepUntil"/>).</summary>
        public ValueTask ServeResponseAsync(OutputCacheContext context, CancellationToken cancellation)
        {
            if (context.HttpContext.Items[FreshUntilKey] is DateTimeOffset freshUntil)
            {
                var left = freshUntil - context.HttpContext.RequestServices.GetRequiredService<TimeProvider>().GetUtcNow();
                if (left <= TimeSpan.Zero)
                {
                    context.AllowCacheStorage = false;
                }
                else if (context.ResponseExpirationTimeSpan is not { } expiry || left < expiry)
                {
                    context.ResponseExpirationTimeSpan = left;
                }
            }
            return ValueTask.CompletedTask;
        }
    }

    /// <summary>
    /// A shared <c>200</c> is buffered (they are small: a page, a list), tagged with a hash of what is sent, and answered
    /// <c>304</c> when the client has it already. The cache stores the tagged answer and answers the next ones itself.
    /// </summary>
    private static async Task TagAsync(HttpContext context, Func<Task> next)
    {
        if (!context.Items.ContainsKey(typeof(MarkShared)) || !(HttpMethods.IsGet(context.Request.Method) || HttpMethods.IsHead(context.Request.Method)))
        {
            await next();
            return;
        }
        var response = context.Response;
        var original = response.Body;
        using var buffer = new MemoryStream();
        response.Body = buffer;
        try
        {
            await next();
        }
        finally
        {
            response.Body = original;
        }
        if (response.StatusCode != StatusCodes.Status200OK || response.Headers.ContainsKey(HeaderNames.SetCookie))
        {
            // Not the answer every reader gets (an error, or something personal after all): never shared.
            response.Headers.CacheControl = "no-cache";
            buffer.Position = 0;
            await buffer.CopyToAsync(original, context.RequestAborted);
            return;
        }
        var tag = $"\"{Convert.ToHexStringLower(SHA256.HashData(buffer.GetBuffer().AsSpan(0, (int)buffer.Length)))[..32]}\"";
        response.Headers.ETag = tag;
        response.Headers.CacheControl = CacheControl;
        // Compressed or not, the answer depends on what the client accepts: a cache in front must keep them apart.
        if (!response.Headers.Vary.Any(value => value?.Contains(HeaderNames.AcceptEncoding, StringComparison.OrdinalIgnoreCase) == true))
        {
            response.Headers.Append(HeaderNames.Vary, HeaderNames.AcceptEncoding);
        }
        if (Matches(context.Request.Headers.IfNoneMatch, tag))
        {
            response.StatusCode = StatusCodes.Status304NotModified;
            response.Headers.ContentLength = null;
            return;
        }
        response.Headers.ContentLength = buffer.Length;
        buffer.Position = 0;
        await buffer.CopyToAsync(original, context.RequestAborted);
    }

    /// <summary>Whether <c>If-None-Match</c> names <paramref name="tag"/> (or is <c>*</c>); weak tags match too (RFC 9110, 13.1.2).</summary>
    public static bool Matches(Microsoft.Extensions.Primitives.StringValues ifNoneMatch, string tag)
    {
        foreach (var value in ifNoneMatch)
        {
            foreach (var candidate in (value ?? "").Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries))
            {
                if (candidate == "*" || candidate == tag || (candidate.StartsWith("W/", StringComparison.Ordinal) && candidate[2..] == tag))
                {
                    return true;
                }
            }
        }
        return false;
    }
}
