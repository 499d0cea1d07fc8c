namespace Publishing.Ranking.Trending;

/// <summary>
/// Time-decayed scores by forward decay (Cormode et al., 2009): an event of weight <c>w</c> at time <c>t</c> adds
/// <c>w · 2^((t − L)/halfLife)</c> to its article's sum, for a landmark <c>L</c>. Every sum decays by the same factor
/// <c>2^(−(now − L)/halfLife)</c>, so the order of the sums is the order of the decayed scores at any moment: the
/// boards are kept sorted as events arrive and are never re-scored. When a new event's exponent grows large the
/// landmark moves up to it and every sum is scaled down once, long before a double overflows.
/// </summary>
public sealed class TrendingBoard(TimeSpan halfLife, double rebaseAfterHalfLives = 512)
{
    private readonly record struct Key(double Sum, Guid Id);

    /// <summary>Highest sum first; the id breaks ties so that two articles never share a key.</summary>
    private sealed class HighestFirst : IComparer<Key>
    {
        public static readonly HighestFirst Instance = new();
        public int Compare(Key x, Key y) => x.Sum != y.Sum ? y.Sum.CompareTo(x.Sum) : x.Id.CompareTo(y.Id);
    }

    private sealed class Entry
    {
        public double Sum;
        public IReadOnlyList<string>? Topics; // null while the article is not listed (unpublished or withdrawn)
    }

    private readonly double _halfLifeTicks = halfLife.Ticks;
    private readonly Dictionary<Guid, Entry> _entries = [];
    private readonly SortedSet<Key> _overall = new(HighestFirst.Instance);
    private readonly Dictionary<string, SortedSet<Key>> _byTopic = new(StringComparer.Ordinal);
    private long? _landmarkTicks;

    public DateTimeOffset? Landmark => _landmarkTicks is { } ticks ? new DateTimeOffset(ticks, TimeSpan.Zero) : null;

    public int Count => _overall.Count;

    /// <summary>Adds what an event of <paramref name="weight"/> at <paramref name="at"/> is worth; a negative weight takes it back.</summary>
    public void Add(Guid id, double weight, DateTimeOffset at)
    {
        var exponent = Exponent(at);
        if (exponent > rebaseAfterHalfLives)
        {
            Rebase(at.UtcTicks);
            exponent = 0;
        }
        var entry = Find(id);
        var listed = entry.Topics;
        Unlist(id, entry);
        // Taking back what was added leaves a rounding residue at most; a sum is never below nothing.
        entry.Sum = Math.Max(entry.Sum + weight * Math.Pow(2, exponent), 0);
        if (listed is not null)
        {
            List(id, entry, listed);
        }
    }

    /// <summary>Shows the article on the overall board and on its topics' boards, with whatever it already gathered.</summary>
    public void Show(Guid id, IReadOnlyList<string> topics)
    {
        var entry = Find(id);
        Unlist(id, entry);
        List(id, entry, topics);
    }

    /// <summary>Takes the article off every board and forgets its sum.</summary>
    public void Remove(Guid id)
    {
        if (_entries.Remove(id, out var entry))
        {
            Unlist(id, entry);
        }
    }

    /// <summary>The decayed score at <paramref name="now"/>, in units of events of weight 1 happening now.</summary>
    public double Score(Guid id, DateTimeOffset now) =>
        _entries.TryGetValue(id, out var entry) ? Decayed(entry.Sum, now) : 0;

    /// <summary>Listed articles, highest score first, with their score at <paramref name="now"/>.</summary>
    public IEnumerable<(Guid Id, double Score)> Top(string? topic, DateTimeOffset now)
    {
        var board = topic is null ? _overall : _byTopic.GetValueOrDefault(topic);
        if (board is null)
        {
            yield break;
        }
        foreach (var key in board)
        {
            yield return (key.Id, Decayed(key.Sum, now));
        }
    }

    private double Exponent(DateTimeOffset at)
    {
        _landmarkTicks ??= at.UtcTicks;
        return (at.UtcTicks - _landmarkTicks.Value) / _halfLifeTicks;
    }

    private double Decayed(double sum, DateTimeOffset now) =>
        _landmarkTicks is { } landmark ? sum * Math.Pow(2, (landmark - now.UtcTicks) / _halfLifeTicks) : 0;

    /// <summary>Moves the landmark to <paramref name="ticks"/>: every sum scales by the same factor, so no order changes.</summary>
    private void Rebase(long ticks)
    {
        var factor = Math.Pow(2, (_landmarkTicks!.Value - ticks) / _halfLifeTicks);
        _landmarkTicks = ticks;
        _overall.Clear();
        foreach (var board in _byTopic.Values)
        {
            board.Clear();
        }
        foreach (var (id, entry) in _entries)
        {
            entry.Sum *= factor;
            if (entry.Topics is { } topics)
            {
                entry.Topics = null;
                List(id, entry, topics);
            }
        }
    }

    private Entry Find(Guid id)
    {
        if (!_entries.TryGetValue(id, out var entry))
        {
            _entries[id] = entry = new Entry();
        }
        return entry;
    }

    private void List(Guid id, Entry entry, IReadOnlyList<string> topics)
    {
        entry.Topics = topics;
        var key = new Key(entry.Sum, id);
        _overall.Add(key);
        foreach (var topic in topics)
        {
            if (!_byTopic.TryGetValue(topic, out var board))
            {
                _byTopic[topic] = board = new SortedSet<Key>(HighestFirst.Instance);
            }
            board.Add(key);
        }
    }

    private void Unlist(Guid id, Entry entry)
    {
        if (entry.Topics is not { } topics)
        {
            return;
        }
        var key = new Key(entry.Sum, id);
        _overall.Remove(key);
        foreach (var topic in topics)
        {
            if (_byTopic.TryGetValue(topic, out var board))
            {
                board.Remove(key);
                if (board.Count == 0)
                {
                    _byTopic.Remove(topic);
                }
            }
        }
        entry.Topics = null;
    }
}
