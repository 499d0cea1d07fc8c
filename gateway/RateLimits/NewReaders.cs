using System.Threading.RateLimiting;

namespace Publishing.Gateway.RateLimits;

/// <summary>
/// How many readers one client address may be given (<c>RateLimits:ReadersPerAddress</c>), however it asks: by
/// <c>POST /api/readers</c> or by opening a page without a cookie. Each new reader is a vote of its own, so every one
/// counts.
/// </summary>
public sealed class NewReaders : IDisposable
{
    private readonly PartitionedRateLimiter<HttpContext> _limiter;
    private readonly TimeSpan _window;

    public NewReaders(RateLimitSettings settings)
    {
        var limit = settings.ReadersPerAddress;
        _window = limit.Window;
        _limiter = PartitionedRateLimiter.Create<HttpContext, string>(context =>
        {
            var address = ClientAddresses.Of(context);
            return limit.PermitLimit <= 0
                ? RateLimitPartition.GetNoLimiter(address)
                : RateLimitPartition.GetFixedWindowLimiter(address, _ => new FixedWindowRateLimiterOptions
                {
                    PermitLimit = limit.PermitLimit,
                    Window = limit.Window,
                    QueueLimit = 0,
                });
        });
    }

    /// <summary>True when the request's address may be given one more reader; otherwise when it may try again.</summary>
    public bool TryAcquire(HttpContext context, out TimeSpan retryAfter)
    {
        using var lease = _limiter.AttemptAcquire(context);
        retryAfter = lease.IsAcquired ? TimeSpan.Zero
            : lease.TryGetMetadata(MetadataName.RetryAfter, out var after) ? after
            : _window;
        return lease.IsAcquired;
    }

    public void Dispose() => _limiter.Dispose();
}
