using System.Globalization;
using System.Threading.RateLimiting;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.RateLimiting;
using Publishing.Gateway.Readers;

namespace Publishing.Gateway.RateLimits;

/// <summary>
/// Rate limits on votes, from the API or the article page's form (per reader and per client address), and on the lists
/// Ranking computes for each request (recommendations, related; per client address), answered with a
/// <c>429</c> problem and <c>Retry-After</c>. New readers are counted where they are made (<see cref="NewReaders"/>).
/// Every other request passes untouched.
/// </summary>
public static class ReaderRateLimits
{
    public static IHostApplicationBuilder AddReaderRateLimits(this IHostApplicationBuilder builder)
    {
        var settings = RateLimitSettings.From(builder.Configuration);
        builder.Services.AddSingleton(settings);
        builder.Services.AddSingleton<NewReaders>();
        builder.AddClientAddresses(settings);
        builder.Services.AddRateLimiter(options =>
        {
            options.RejectionStatusCode = StatusCodes.Status429TooManyRequests;
            options.GlobalLimiter = PartitionedRateLimiter.CreateChained(ByReader(settings), ByAddress(settings));
            options.OnRejected = (context, _) => RejectAsync(context, settings);
        });
        return builder;
    }

    public static WebApplication UseReaderRateLimits(this WebApplication app)
    {
        app.UseClientAddresses();
        app.UseRateLimiter();
        return app;
    }

    private enum Limited { No, Vote, ComputedList }

    // Asked of every request by both limiters: read from the path as it is, nothing allocated.
    private static Limited Classify(HttpContext context)
    {
        var request = context.Request;
        // The lists Ranking computes per request: recommendations (also in the reader's part of a page) and related articles.
        if (HttpMethods.IsGet(request.Method)
            && (request.Path.Equals("/api/recommendations", StringComparison.OrdinalIgnoreCase)
                || request.Path.Equals("/api/readers/me", StringComparison.OrdinalIgnoreCase)
                || request.Path.StartsWithSegments("/api/articles", StringComparison.OrdinalIgnoreCase, out var listed)
                   && IsOneBelow(listed, "related")))
        {
            return Limited.ComputedList;
        }
        // POST or DELETE /api/articles/{id}/votes
        if ((HttpMethods.IsPost(request.Method) || HttpMethods.IsDelete(request.Method))
            && request.Path.StartsWithSegments("/api/articles", StringComparison.OrdinalIgnoreCase, out var rest)
            && IsOneBelow(rest, "votes"))
        {
            return Limited.Vote;
        }
        // The article page's vote form, for readers without the script: POST /articles/{slug}/vote
        if (HttpMethods.IsPost(request.Method)
            && request.Path.StartsWithSegments("/articles", StringComparison.OrdinalIgnoreCase, out var page)
            && IsOneBelow(page, "vote"))
        {
            return Limited.Vote;
        }
        return Limited.No;
    }

    /// <summary>Whether <paramref name="rest"/> is <c>/{something}/{name}</c>, slashes around it aside.</summary>
    private static bool IsOneBelow(PathString rest, string name)
    {
        var segments = rest.Value.AsSpan().Trim('/');
        var slash = segments.IndexOf('/');
        return slash > 0 && segments[(slash + 1)..].Equals(name, StringComparison.OrdinalIgnoreCase);
    }

    private static PartitionedRateLimiter<HttpContext> ByReader(RateLimitSettings settings) =>
        PartitionedRateLimiter.Create<HttpContext, (Limited, string)>(context =>
            Classify(context) == Limited.Vote
            && context.RequestServices.GetRequiredService<ReaderIdentity>().Read(context) is { } readerId
                ? Partition((Limited.Vote, readerId), settings.VotesPerReader)
                : RateLimitPartition.GetNoLimiter((Limited.No, "")));

    private static PartitionedRateLimiter<HttpContext> ByAddress(RateLimitSettings settings) =>
        PartitionedRateLimiter.Create<HttpContext, (Limited, string)>(context =>
            Classify(context) switch
            {
                Limited.Vote when settings.VotesPerAddress.PermitLimit > 0 => Partition((Limited.Vote, ClientAddresses.Of(context)), settings.VotesPerAddress),
                Limited.ComputedList when settings.ListsPerAddress.PermitLimit > 0 => Partition((Limited.ComputedList, ClientAddresses.Of(context)), settings.ListsPerAddress),
                _ => RateLimitPartition.GetNoLimiter((Limited.No, "")),
            });

    /// <summary>A partition per kind of request and per reader or address (the two limiters keep their partitions apart).</summary>
    private static RateLimitPartition<(Limited, string)> Partition((Limited, string) key, FixedLimit limit) =>
        limit.PermitLimit <= 0
            ? RateLimitPartition.GetNoLimiter(key)
            : RateLimitPartition.GetFixedWindowLimiter(key, _ => new FixedWindowRateLimiterOptions
            {
                PermitLimit = limit.PermitLimit,
                Window = limit.Window,
                QueueLimit = 0,
            });

    private static async ValueTask RejectAsync(OnRejectedContext rejected, RateLimitSettings settings)
    {
        // The limiter says when a permit comes back; without that, the longest window is a safe answer.
        var retryAfter = rejected.Lease.TryGetMetadata(MetadataName.RetryAfter, out var after)
            ? after
            : new[] { settings.VotesPerReader.Window, settings.VotesPerAddress.Window, settings.ListsPerAddress.Window }.Max();
        await TooMany(rejected.HttpContext, retryAfter).ExecuteAsync(rejected.HttpContext);
    }

    /// <summary>The <c>429</c> problem, with <c>Retry-After</c> in whole seconds.</summary>
    public static ProblemHttpResult TooMany(HttpContext context, TimeSpan retryAfter)
    {
        var seconds = Math.Max(1, (int)Math.Ceiling(retryAfter.TotalSeconds));
        context.Response.Headers.RetryAfter = seconds.ToString(CultureInfo.InvariantCulture);
        return TypedResults.Problem(statusCode: StatusCodes.Status429TooManyRequests, detail: $"Too many requests: try again in {seconds} s.");
    }
}
