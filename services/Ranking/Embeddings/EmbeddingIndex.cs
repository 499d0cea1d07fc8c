using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;
using Publishing.Ranking.Related;

namespace Publishing.Ranking.Embeddings;

/// <summary>
/// Articles' sentence embeddings, quantised to 8 bits (384 bytes an article: 38 MB at 100k), with top-k neighbour
/// lists by cosine. An embedding that arrives is compared with every other by brute force — exact, and a few
/// milliseconds at 100k articles with 256-bit integer dot products — so it gets its true nearest neighbours and
/// offers itself to every list it beats the weakest of. A departure leaves the lists that held it; a list left short
/// is recomputed the same way.
/// </summary>
public sealed class EmbeddingIndex
{
    public readonly record struct Neighbour(Guid Id, float Similarity);

    internal sealed class Entry(Guid id, sbyte[] vector, float scale)
    {
        public Guid Id { get; } = id;
        public sbyte[] Vector { get; set; } = vector;
        /// <summary>The quantised vector times this is the unit vector.</summary>
        public float Scale { get; } = scale;
        public bool Live { get; set; } = true;
        /// <summary>
        /// The similarity a newcomer must beat to enter the list (below −1 while it is not full). Kept apart from the
        /// list so that <see cref="Prepare"/> may read it outside the lock: a stale value costs at most a missed offer.
        /// </summary>
        public volatile float Admits = float.MinValue;
    }

    private readonly List<Entry> _entries = [];
    private readonly Dictionary<Guid, int> _current = [];
    private readonly NeighbourLists _lists;
    private readonly int _neighbours;

    public EmbeddingIndex(int neighbours)
    {
        _neighbours = neighbours;
        _lists = new NeighbourLists(neighbours, Admit);
    }

    private int Kept => _lists.Kept;

    public int Count => _current.Count;

    public bool Contains(Guid id) => _current.ContainsKey(id);

    /// <summary>The cosine of two articles' embeddings, or null when either has none yet.</summary>
    public float? Similarity(Guid a, Guid b) =>
        _current.TryGetValue(a, out var x) && _current.TryGetValue(b, out var y) ? Cosine(_entries[x], _entries[y]) : null;

    /// <summary>
    /// The mean direction of the articles' embeddings (those that have one), unit length: what a reader who voted for
    /// them reads about. Null when none has an embedding.
    /// </summary>
    public float[]? Centroid(IEnumerable<Guid> ids)
    {
        float[]? sum = null;
        foreach (var id in ids)
        {
            if (_current.TryGetValue(id, out var number))
            {
                var entry = _entries[number];
                sum ??= new float[entry.Vector.Length];
                for (var i = 0; i < sum.Length && i < entry.Vector.Length; i++)
                {
                    sum[i] += entry.Vector[i] * entry.Scale;
                }
            }
        }
        if (sum is null)
        {
            return null;
        }
        var norm = (float)Math.Sqrt(sum.Sum(v => (double)v * v));
        return norm > 0 ? sum.Select(v => v / norm).ToArray() : null;
    }

    /// <summary>The cosine of the article's embedding with a unit vector, or null when it has none.</summary>
    public float? Similarity(ReadOnlySpan<float> direction, Guid id)
    {
        if (!_current.TryGetValue(id, out var number))
        {
            return null;
        }
        var entry = _entries[number];
        var sum = 0f;
        for (var i = 0; i < direction.Length && i < entry.Vector.Length; i++)
        {
            sum += direction[i] * entry.Vector[i];
        }
        return sum * entry.Scale;
    }

    /// <summary>The article's nearest neighbours (at most <c>neighbours</c>), most similar first; empty when it has no embedding.</summary>
    public IEnumerable<Neighbour> Neighbours(Guid id)
    {
        if (!_current.TryGetValue(id, out var number))
        {
            yield break;
        }
        foreach (var (other, similarity) in _lists.Of(number).Take(_neighbours))
        {
            yield return new Neighbour(_entries[other].Id, similarity);
        }
    }

    /// <summary>An embedding compared with every other, ready to enter the index.</summary>
    public sealed class Prepared
    {
        internal Prepared(Guid id, Entry entry, List<(int Entry, float Similarity)> nearest, List<(int Entry, float Similarity)> offers) =>
            (Id, Entry, Nearest, Offers) = (id, entry, nearest, offers);

        public Guid Id { get; }
        internal Entry Entry { get; }
        /// <summary>Its own list as the index stood, most similar first.</summary>
        internal List<(int Entry, float Similarity)> Nearest { get; }
        /// <summary>The lists it beat the weakest of, as the index stood.</summary>
        internal List<(int Entry, float Similarity)> Offers { get; }
    }

    /// <summary>
    /// The costly half of <see cref="Put"/>: the comparison with every embedding (a few milliseconds at 100k
    /// articles), which reads the vectors only, so it may run outside the lock that guards the index, while lists
    /// are read and articles leave. Entries are added only by <see cref="Put"/> and <see cref="Load"/>: the caller
    /// keeps those from running at the same time as this.
    /// </summary>
    public Prepared Prepare(Guid id, ReadOnlySpan<float> embedding)
    {
        var entry = Quantised(id, embedding);
        var best = new PriorityQueue<int, float>(Kept + 1);
        var offers = new List<(int Entry, float Similarity)>();
        for (var other = 0; other < _entries.Count; other++)
        {
            var candidate = _entries[other];
            if (!candidate.Live)
            {
                continue;
            }
            var similarity = Cosine(entry, candidate);
            Keep(best, other, similarity);
            if (similarity > candidate.Admits)
            {
                offers.Add((other, similarity));
            }
        }
        return new Prepared(id, entry, Drain(best), offers);
    }

    /// <summary>Sets the article's embedding (unit length), replacing any earlier one, and updates every list it enters.</summary>
    public void Put(Guid id, ReadOnlySpan<float> embedding) => Put(Prepare(id, embedding));

    /// <summary>
    /// Enters a prepared embedding: its own list as found, and itself into the lists it was found to beat the weakest
    /// of (an article that left meanwhile is skipped; none can have arrived, only a writer adds). Work in the
    /// articles it concerns, not in the whole index.
    /// </summary>
    public void Put(Prepared prepared)
    {
        Remove(prepared.Id);
        var entry = prepared.Entry;
        var number = _lists.Add();
        _entries.Add(entry);
        _current[prepared.Id] = number;
        _lists.Set(number, prepared.Nearest.Where(n => _entries[n.Entry].Live));
        foreach (var (other, similarity) in prepared.Offers)
        {
            if (_entries[other].Live)
            {
                _lists.Offer(other, number, similarity);
            }
        }
    }

    private void Admit(int number)
    {
        var list = _lists.Of(number);
        _entries[number].Admits = list.Count < Kept ? float.MinValue : list[^1].Similarity;
    }

    public void Remove(Guid id)
    {
        if (!_current.Remove(id, out var number))
        {
            return;
        }
        var entry = _entries[number];
        entry.Live = false;
        entry.Vector = [];
        foreach (var holder in _lists.Detach(number))
        {
            // A list left short is recomputed by brute force.
            if (_entries[holder].Live)
            {
                _lists.Set(holder, Nearest(holder));
            }
        }
    }

    /// <summary>The embeddings as they are kept, with their neighbour lists, for a checkpoint.</summary>
    public void Save(BinaryWriter writer)
    {
        var live = _current.Values.Order().ToList();
        var ordinal = new Dictionary<int, int>(live.Count);
        foreach (var number in live)
        {
            ordinal[number] = ordinal.Count;
        }
        writer.Write(live.Count);
        foreach (var number in live)
        {
            var entry = _entries[number];
            writer.Write(entry.Id.ToByteArray());
            writer.Write(entry.Scale);
            writer.Write(entry.Vector.Length);
            writer.Write((byte[])(Array)entry.Vector);
        }
        foreach (var number in live)
        {
            var neighbours = _lists.Of(number);
            writer.Write(neighbours.Count);
            foreach (var (other, similarity) in neighbours)
            {
                writer.Write(ordinal[other]);
                writer.Write(similarity);
            }
        }
    }

    /// <summary>Reads a checkpoint into this empty index; the lists are read, not computed again.</summary>
    public void Load(BinaryReader reader)
    {
        if (_entries.Count > 0)
        {
            throw new InvalidOperationException("A checkpoint is read into an empty index only.");
        }
        var count = reader.ReadInt32();
        for (var number = 0; number < count; number++)
        {
            var id = new Guid(reader.ReadBytes(16));
            var scale = reader.ReadSingle();
            var vector = (sbyte[])(Array)reader.ReadBytes(reader.ReadInt32());
            _entries.Add(new Entry(id, vector, scale));
            _lists.Add();
            _current[id] = number;
        }
        for (var number = 0; number < count; number++)
        {
            var neighbours = new (int, float)[reader.ReadInt32()];
            for (var i = 0; i < neighbours.Length; i++)
            {
                neighbours[i] = (reader.ReadInt32(), reader.ReadSingle());
            }
            _lists.Set(number, neighbours);
        }
    }

    private static Entry Quantised(Guid id, ReadOnlySpan<float> embedding)
    {
        var largest = 1e-12f;
        foreach (var value in embedding)
        {
            largest = Math.Max(largest, Math.Abs(value));
        }
        var vector = new sbyte[embedding.Length];
        for (var i = 0; i < vector.Length; i++)
        {
            vector[i] = (sbyte)Math.Round(embedding[i] * 127 / largest);
        }
        return new Entry(id, vector, largest / 127);
    }

    /// <summary>The <see cref="Kept"/> entries closest to <paramref name="number"/>, by brute force.</summary>
    private List<(int Entry, float Similarity)> Nearest(int number)
    {
        var entry = _entries[number];
        var best = new PriorityQueue<int, float>(Kept + 1);
        for (var other = 0; other < _entries.Count; other++)
        {
            if (other != number && _entries[other].Live)
            {
                Keep(best, other, Cosine(entry, _entries[other]));
            }
        }
        return Drain(best);
    }

    private void Keep(PriorityQueue<int, float> best, int other, float similarity)
    {
        if (best.Count < Kept)
        {
            best.Enqueue(other, similarity);
        }
        else if (best.TryPeek(out _, out var weakest) && similarity > weakest)
        {
            best.EnqueueDequeue(other, similarity);
        }
    }

    /// <summary>Most similar first.</summary>
    private static List<(int Entry, float Similarity)> Drain(PriorityQueue<int, float> best)
    {
        var found = new List<(int Entry, float Similarity)>(best.Count);
        while (best.TryDequeue(out var other, out var similarity))
        {
            found.Add((other, similarity));
        }
        found.Reverse();
        return found;
    }

    private static float Cosine(Entry x, Entry y) => Dot(x.Vector, y.Vector) * x.Scale * y.Scale;

    /// <summary>The integer dot product of two quantised vectors: 16 bytes a step with AVX2, one at a time without.</summary>
    internal static int Dot(ReadOnlySpan<sbyte> x, ReadOnlySpan<sbyte> y)
    {
        var length = Math.Min(x.Length, y.Length);
        var i = 0;
        var sum = 0;
        if (Avx2.IsSupported && length >= 16)
        {
            ref var left = ref MemoryMarshal.GetReference(x);
            ref var right = ref MemoryMarshal.GetReference(y);
            var total = Vector256<int>.Zero;
            for (; i + 16 <= length; i += 16)
            {
                var a = Avx2.ConvertToVector256Int16(Vector128.LoadUnsafe(ref left, (nuint)i));
                var b = Avx2.ConvertToVector256Int16(Vector128.LoadUnsafe(ref right, (nuint)i));
                total = Avx2.Add(total, Avx2.MultiplyAddAdjacent(a, b));
            }
            sum = Vector256.Sum(total);
        }
        for (; i < length; i++)
        {
            sum += x[i] * y[i];
        }
        return sum;
    }
}
