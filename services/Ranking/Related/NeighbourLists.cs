namespace Publishing.Ranking.Related;

/// <summary>
/// Top-k neighbour lists over numbered items, most similar first, with the reverse links that say which lists hold
/// an item, so that a departure leaves exactly those. Lists keep twice the neighbours shown, as slack: a departure
/// seldom leaves one short, and the index that owns the lists refills one that is. Used by both related-article
/// indexes (words, <see cref="SimilarityIndex"/>; meaning, <c>EmbeddingIndex</c>), which differ in how they find
/// neighbours, not in how they keep them.
/// </summary>
/// <param name="shown">Neighbours shown per list; twice as many are kept.</param>
/// <param name="changed">Called with a holder whose list changed (an index that keeps a threshold per list follows it).</param>
internal sealed class NeighbourLists(int shown, Action<int>? changed = null)
{
    private readonly List<List<(int Item, float Similarity)>> _lists = [];
    private readonly List<HashSet<int>> _listedBy = [];

    /// <summary>Neighbours kept per list: twice those shown.</summary>
    public int Kept => 2 * shown;

    /// <summary>Numbers the next item, with an empty list; items are numbered as their index numbers them.</summary>
    public int Add()
    {
        _lists.Add([]);
        _listedBy.Add([]);
        return _lists.Count - 1;
    }

    /// <summary>The item's list, most similar first.</summary>
    public IReadOnlyList<(int Item, float Similarity)> Of(int item) => _lists[item];

    /// <summary>Makes <paramref name="nearest"/> (most similar first, at most <see cref="Kept"/> taken) the holder's list.</summary>
    public void Set(int holder, IEnumerable<(int Item, float Similarity)> nearest)
    {
        var list = _lists[holder];
        foreach (var (other, _) in list)
        {
            _listedBy[other].Remove(holder);
        }
        list.Clear();
        foreach (var (other, similarity) in nearest.Take(Kept))
        {
            list.Add((other, similarity));
            _listedBy[other].Add(holder);
        }
        changed?.Invoke(holder);
    }

    /// <summary>Puts <paramref name="candidate"/> in the list of <paramref name="holder"/> if it beats the weakest there.</summary>
    public void Offer(int holder, int candidate, float similarity)
    {
        var list = _lists[holder];
        if (list.Count >= Kept && list[^1].Similarity >= similarity)
        {
            return;
        }
        var at = list.FindIndex(n => n.Similarity < similarity);
        list.Insert(at < 0 ? list.Count : at, (candidate, similarity));
        _listedBy[candidate].Add(holder);
        if (list.Count > Kept)
        {
            var (dropped, _) = list[^1];
            list.RemoveAt(list.Count - 1);
            _listedBy[dropped].Remove(holder);
        }
        changed?.Invoke(holder);
    }

    /// <summary>
    /// Takes the item out: its own list is emptied and it leaves every list that held it. Returns the holders left with
    /// fewer than the neighbours shown, for the index to refill.
    /// </summary>
    public List<int> Detach(int item)
    {
        Set(item, []);
        var shortened = new List<int>();
        foreach (var holder in _listedBy[item])
        {
            var list = _lists[holder];
            list.RemoveAt(list.FindIndex(n => n.Item == item));
            changed?.Invoke(holder);
            if (list.Count < shown)
            {
                shortened.Add(holder);
            }
        }
        _listedBy[item].Clear();
        return shortened;
    }
}
