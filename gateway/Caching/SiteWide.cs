namespace Publishing.Gateway.Caching;

/// <summary>
/// A value the same for the whole site (what trends), read at most once per <see cref="SharedResponses.Lifetime"/>
/// however many pages show it: the requests meanwhile share the one reading, in flight or done. A page built from it
/// is kept by the gateway only as long as the reading is fresh (<see cref="SharedResponses.KeepUntil"/>), so what the
/// page shows is never older than the lifetime.
/// </summary>
public sealed class SiteWide<T>(TimeProvider clock)
{
    /// <summary>One reading and the moment it stops being fresh.</summary>
    public sealed record Reading(Task<T> Value, DateTimeOffset FreshUntil);

    private Reading? _current;
    private readonly Lock _renewing = new();

    /// <summary>The fresh reading, or a new one from <paramref name="read"/> (which must not fail, nor depend on one request's cancellation).</summary>
    public Reading Get(Func<Task<T>> read)
    {
        var current = Volatile.Read(ref _current);
        if (current is not null && clock.GetUtcNow() < current.FreshUntil)
        {
            return current;
        }
        lock (_renewing)
        {
            current = _current;
            var now = clock.GetUtcNow();
            if (current is null || now >= current.FreshUntil)
            {
                current = new Reading(read(), now + SharedResponses.Lifetime);
                Volatile.Write(ref _current, current);
            }
            return current;
        }
    }
}
