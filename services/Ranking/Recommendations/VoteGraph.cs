namespace Publishing.Ranking.Recommendations;

/// <summary>Who voted for what, both ways, with when each vote was cast (what a retraction must take back).</summary>
public sealed class VoteGraph
{
    private readonly Dictionary<Guid, Dictionary<string, DateTimeOffset>> _voters = [];
    private readonly Dictionary<string, HashSet<Guid>> _votes = new(StringComparer.Ordinal);

    public int Count(Guid article) => _voters.TryGetValue(article, out var voters) ? voters.Count : 0;

    public IReadOnlyCollection<Guid> VotesOf(string reader) =>
        _votes.TryGetValue(reader, out var votes) ? votes : [];

    public IReadOnlyDictionary<string, DateTimeOffset> VotersOf(Guid article) =>
        _voters.TryGetValue(article, out var voters) ? voters : Empty;

    private static readonly Dictionary<string, DateTimeOffset> Empty = [];

    public bool Add(Guid article, string reader, DateTimeOffset castAt)
    {
        if (!_voters.TryGetValue(article, out var voters))
        {
            _voters[article] = voters = new(StringComparer.Ordinal);
        }
        if (!voters.TryAdd(reader, castAt))
        {
            return false;
        }
        if (!_votes.TryGetValue(reader, out var votes))
        {
            _votes[reader] = votes = [];
        }
        votes.Add(article);
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
}
