namespace Publishing.Ranking.Recommendations;

/// <summary>
/// Who voted for what, both ways, with when each vote was cast (what a retraction must take back). Each side is kept
/// newest first as well, so that a recommendation reads the newest few voters of an article, however many it has,
/// without sorting them.
/// </summary>
public sealed class VoteGraph
{
    private readonly Dictionary<Guid, Timeline<string>> _voters = [];
    private readonly Dictionary<string, Timeline<Guid>> _votes = new(StringComparer.Ordinal);

    public int Count(Guid article) => _voters.TryGetValue(article, out var voters) ? voters.Count : 0;

    /// <summary>How many articles the reader voted for.</summary>
    public int CountOf(string reader) => _votes.TryGetValue(reader, out var votes) ? votes.Count : 0;

    public bool Voted(string reader, Guid article) => _votes.TryGetValue(reader, out var votes) && votes.Contains(article);

    public DateTimeOffset? CastAt(Guid article, string reader) =>
        _voters.TryGetValue(article, out var voters) ? voters.At(reader) : null;

    /// <summary>The reader's votes, newest first, read lazily.</summary>
    public IEnumerable<Guid> NewestVotesOf(string reader) => _votes.TryGetValue(reader, out var votes) ? votes.NewestFirst : [];

    /// <summary>The article's voters, newest first, read lazily.</summary>
    public IEnumerable<string> NewestVotersOf(Guid article) => _voters.TryGetValue(article, out var voters) ? voters.NewestFirst : [];

    public bool Add(Guid article, string reader, DateTimeOffset castAt)
    {
        if (!_voters.TryGetValue(article, out var voters))
        {
            _voters[article] = voters = new Timeline<string>(StringComparer.Ordinal);
        }
        if (!voters.Add(reader, castAt))
        {
            return false;
        }
        if (!_votes.TryGetValue(reader, out var votes))
        {
            _votes[reader] = votes = new Timeline<Guid>(Comparer<Guid>.Default);
        }
        votes.Add(article, castAt);
        return true;
    }

    public bool Remove(Guid article, string reader)
    {
        if (!_voters.TryGetValue(article, out var voters) || !voters.Remove(reader))
        {
            return false;
        }
        if (voters.Count == 0)
        {
            _voters.Remove(article);
        }
        if (_votes.TryGetValue(reader, out var votes))
        {
            votes.Remove(article);
            if (votes.Count == 0)
            {
                _votes.Remove(reader);
            }
        }
        return true;
    }

    /// <summary>Keys with the time of each, by key and newest first.</summary>
    private sealed class Timeline<TKey>(IComparer<TKey> keys) where TKey : notnull
    {
        private readonly Dictionary<TKey, DateTimeOffset> _at = [];
        private readonly SortedSet<(DateTimeOffset At, TKey Key)> _order = new(Comparer<(DateTimeOffset At, TKey Key)>.Create((a, b) =>
            b.At.CompareTo(a.At) is var byTime and not 0 ? byTime : keys.Compare(a.Key, b.Key)));

        public int Count => _at.Count;

        /// <summary>Enumerated in order without copying: the first k cost about k + log(count).</summary>
        public IEnumerable<TKey> NewestFirst => _order.Select(entry => entry.Key);

        public bool Contains(TKey key) => _at.ContainsKey(key);

        public DateTimeOffset? At(TKey key) => _at.TryGetValue(key, out var at) ? at : null;

        public bool Add(TKey key, DateTimeOffset at)
        {
            if (!_at.TryAdd(key, at))
            {
                return false;
            }
            _order.Add((at, key));
            return true;
        }

        public bool Remove(TKey key)
        {
            if (!_at.Remove(key, out var at))
            {
                return false;
            }
            _order.Remove((at, key));
            return true;
        }
    }
}
