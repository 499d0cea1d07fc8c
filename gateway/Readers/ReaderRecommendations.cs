using Publishing.Gateway.Caching;

namespace Publishing.Gateway.Readers;

/// <summary>
/// Each reader's recommendations as Ranking last answered them, kept by the gateway for <see cref="KeptFor"/>
/// (<c>Readers:RecommendationsKeptFor</c>, 10 s by default) so that a reader moving from page to page does not make
/// Ranking compute them again for every page. Kept per reader id, never shared between readers, never sent to any
/// other cache (the personal part is <c>private, no-store</c>).
/// <para>
/// What changes a reader's recommendations at once is their own vote: a vote through this gateway (the API or the page's
/// form) drops the reader's entry, and for <see cref="SharedResponses.Lifetime"/> after it nothing is kept for them
/// (Ranking takes the vote in from its event meanwhile), so their next pages ask Ranking and show the vote within the
/// lifetime. Other readers' votes and new articles show in a reader's recommendations within <see cref="KeptFor"/>.
/// With several gateway replicas, a vote drops the entry only on the replica that took it: send a reader's requests to
/// one replica (affinity by the <c>reader</c> cookie) or set <c>Readers:RecommendationsKeptFor</c> to <c>00:00:00</c>.
/// </para>
/// </summary>
public sealed class ReaderRecommendations(TimeProvider clock, TimeSpan keptFor, int capacity)
{
    public static readonly TimeSpan DefaultKeptFor = TimeSpan.FromSeconds(10);

    /// <summary>What Ranking answered (null until it has), for which limit, when; and when the reader last voted.</summary>
    private sealed record Entry(byte[]? Answer, int Limit, DateTimeOffset ReadAt, DateTimeOffset VotedAt);

    private readonly Generations<Entry> _entries = new(capacity);

    public TimeSpan KeptFor { get; } = keptFor;

    /// <summary>The reader's recommendations (<c>{ "items": [...] }</c>), kept or read by <paramref name="read"/>; null when Ranking cannot say.</summary>
    public async Task<byte[]?> GetAsync(string readerId, int limit, Func<Task<byte[]?>> read)
    {
        var now = clock.GetUtcNow();
        _entries.TryGet(readerId, out var entry);
        if (entry is { Answer: not null } && entry.Limit == limit && now - entry.ReadAt < KeptFor)
        {
            return entry.Answer;
        }
        var answer = await read();
        // Just after the reader's vote (or during this read), Ranking may not have taken it in: keep nothing until it must have.
        var votedAt = _entries.TryGet(readerId, out var latest) ? latest.VotedAt : DateTimeOffset.MinValue;
        if (answer is not null && KeptFor > TimeSpan.Zero && now - votedAt >= SharedResponses.Lifetime)
        {
            _entries.Add(readerId, new Entry(answer, limit, now, votedAt));
        }
        return answer;
    }

    /// <summary>The reader cast or retracted a vote: what is kept for them no longer holds.</summary>
    public void Voted(string readerId) => _entries.Add(readerId, new Entry(null, 0, DateTimeOffset.MinValue, clock.GetUtcNow()));
}
