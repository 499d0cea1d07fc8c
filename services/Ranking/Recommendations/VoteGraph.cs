using System.Collections.Immutable;

namespace Publishing.Ranking.Recommendations;

/// <summary>
/// Who voted for what, both ways, with when each vote was cast (what a retraction must take back). Each side is kept
/// newest first as well, so that a recommendation reads the newest few voters of an article, however many it has,
/// without sorting them. The graph is persistent (immutable trees): a vote replaces a few nodes, and
/// <see cref="Snapshot"/> hands out the graph as it stands in constant time, so a recommendation walks it outside the
/// model's lock while votes keep arriving.
/// </summary>
public sealed class VoteGraph
{
    private View _now = View.Empty;

    /// <summary>The graph as it is now; later votes do not change it.</summary>
    public View Snapshot() => _now;

    public int Count(Guid article) => _now.Count(article);

    public int CountOf(string reader) => _now.CountOf(reader);

    public DateTimeOffset? CastAt(Guid article, string reader) => _now.CastAt(article, reader);

    public bool Add(Guid article, string reader, DateTimeOffset castAt)
    {
        var voters = _now.Voters.GetValueOrDefault(article) ?? Timeline<string>.Empty(StringComparer.Ordinal);
        if (voters.Contains(reader))
        {
            return false;
        }
        var votes = _now.Votes.GetValueOrDefault(reader) ?? Timeline<Guid>.Empty(Comparer<Guid>.Default);
        _now = new View(_now.Voters.SetItem(article, voters.Add(reader, castAt)), _now.Votes.SetItem(reader, votes.Add(article, castAt)));
        return true;
    }

    public bool Remove(Guid article, string reader)
    {
        if (_now.Voters.GetValueOrDefault(article) is not { } voters || !voters.Contains(reader))
        {
            return false;
        }
        voters = voters.Remove(reader);
        var allVoters = voters.Count == 0 ? _now.Voters.Remove(article) : _now.Voters.SetItem(article, voters);
        var allVotes = _now.Votes;
        if (allVotes.GetValueOrDefault(reader) is { } votes)
        {
            votes = votes.Remove(article);
            allVotes = votes.Count == 0 ? allVotes.Remove(reader) : allVotes.SetItem(reader, votes);
        }
        _now = new View(allVoters, allVotes);
        return true;
    }

    /// <summary>The graph at one moment: safe to read from any thread, never changed.</summary>
    public sealed record View(ImmutableDictionary<Guid, Timeline<string>> Voters, ImmutableDictionary<string, Timeline<Guid>> Votes)
    {
        public static readonly View Empty = new(ImmutableDictionary<Guid, Timeline<string>>.Empty, ImmutableDictionary.Create<string, Timeline<Guid>>(StringComparer.Ordinal));

        public int Count(Guid article) => Voters.TryGetValue(article, out var voters) ? voters.Count : 0;

        /// <summary>How many articles the reader voted for.</summary>
        public int CountOf(string reader) => Votes.TryGetValue(reader, out var votes) ? votes.Count : 0;

        public bool Voted(string reader, Guid article) => Votes.TryGetValue(reader, out var votes) && votes.Contains(article);

        public DateTimeOffset? CastAt(Guid article, string reader) => Voters.TryGetValue(article, out var voters) ? voters.At(reader) : null;

        /// <summary>The reader's votes, newest first, read lazily.</summary>
        public IEnumerable<Guid> NewestVotesOf(string reader) => Votes.TryGetValue(reader, out var votes) ? votes.NewestFirst : [];

        /// <summary>The article's voters, newest first, read lazily.</summary>
        public IEnumerable<string> NewestVotersOf(Guid article) => Voters.TryGetValue(article, out var voters) ? voters.NewestFirst : [];
    }

    /// <summary>Keys with the time of each, by key and newest first; every change returns a new timeline.</summary>
    public sealed class Timeline<TKey> where TKey : notnull
    {
        private readonly ImmutableDictionary<TKey, DateTimeOffset> _at;
        private readonly ImmutableSortedSet<(DateTimeOffset At, TKey Key)> _order;

        private Timeline(ImmutableDictionary<TKey, DateTimeOffset> at, ImmutableSortedSet<(DateTimeOffset At, TKey Key)> order) =>
            (_at, _order) = (at, order);

        public static Timeline<TKey> Empty(IComparer<TKey> keys) => new(
            ImmutableDictionary<TKey, DateTimeOffset>.Empty,
            ImmutableSortedSet.Create<(DateTimeOffset At, TKey Key)>(Comparer<(DateTimeOffset At, TKey Key)>.Create((a, b) =>
                b.At.CompareTo(a.At) is var byTime and not 0 ? byTime : keys.Compare(a.Key, b.Key))));

        public int Count => _at.Count;

        /// <summary>Enumerated in order without copying: the first k cost about k + log(count).</summary>
        public IEnumerable<TKey> NewestFirst => _order.Select(entry => entry.Key);

        public bool Contains(TKey key) => _at.ContainsKey(key);

        public DateTimeOffset? At(TKey key) => _at.TryGetValue(key, out var at) ? at : null;

        public Timeline<TKey> Add(TKey key, DateTimeOffset at) => new(_at.Add(key, at), _order.Add((at, key)));

        public Timeline<TKey> Remove(TKey key) =>
            _at.TryGetValue(key, out var at) ? new(_at.Remove(key), _order.Remove((at, key))) : this;
    }
}
