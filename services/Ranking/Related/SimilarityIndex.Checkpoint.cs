namespace Publishing.Ranking.Related;

/// <summary>
/// The index written out and read back whole — terms, document frequencies, vectors and neighbour lists — so that a
/// restart reads it instead of re-indexing every article. IDF, postings and reverse links are derived on reading.
/// </summary>
public sealed partial class SimilarityIndex
{
    /// <summary>
    /// 3: vectors hold term frequencies. 2 (the release before): vectors hold the weights of the day each article was
    /// indexed, unit length; read as frequencies by dividing out today's IDF, so those articles keep the weights they
    /// had (a cosine does not depend on a vector's length) and newer ones are weighted by the corpus of their day.
    /// </summary>
    private const int CheckpointFormat = 3;
    private const int WeightsFormat = 2;

    /// <summary>What a checkpoint depends on besides the articles: a checkpoint taken with other options is not used.</summary>
    private string Fingerprint(int format) => $"{format}|{Options}";

    public void Save(BinaryWriter writer)
    {
        writer.Write(Fingerprint(CheckpointFormat));
        var terms = new string[_postings.Count];
        foreach (var (term, number) in _termNumbers)
        {
            terms[number] = term;
        }
        writer.Write(terms.Length);
        for (var i = 0; i < terms.Length; i++)
        {
            writer.Write(terms[i]);
            writer.Write(_documentFrequency[i]);
        }
        writer.Write(_documents.Count);
        for (var number = 0; number < _documents.Count; number++)
        {
            var document = _documents[number];
            writer.Write(document.Live);
            if (!document.Live)
            {
                continue;
            }
            writer.Write(document.Id.ToByteArray());
            writer.Write(document.Vector.Length);
            foreach (var (term, weight) in document.Vector)
            {
                writer.Write(term);
                writer.Write(weight);
            }
            var neighbours = _lists.Of(number);
            writer.Write(neighbours.Count);
            foreach (var (other, similarity) in neighbours)
            {
                writer.Write(other);
                writer.Write(similarity);
            }
        }
    }

    /// <summary>Reads a checkpoint into this empty index; false (and the index left empty) if it was taken with other options.</summary>
    public bool TryLoad(BinaryReader reader)
    {
        if (_documents.Count > 0)
        {
            throw new InvalidOperationException("A checkpoint is read into an empty index only.");
        }
        var fingerprint = reader.ReadString();
        var weights = fingerprint == Fingerprint(WeightsFormat);
        if (!weights && fingerprint != Fingerprint(CheckpointFormat))
        {
            return false;
        }
        var terms = reader.ReadInt32();
        for (var i = 0; i < terms; i++)
        {
            _termNumbers[reader.ReadString()] = i;
            _documentFrequency.Add(reader.ReadInt32());
            _idf.Add(0);
            _postings.Add([]);
        }
        var documents = reader.ReadInt32();
        var lists = new (int, float)[documents][];
        for (var number = 0; number < documents; number++)
        {
            _lists.Add();
            if (!reader.ReadBoolean())
            {
                _documents.Add(new Document(Guid.Empty, []) { Live = false });
                lists[number] = [];
                continue;
            }
            var id = new Guid(reader.ReadBytes(16));
            var vector = new Weighted[reader.ReadInt32()];
            for (var i = 0; i < vector.Length; i++)
            {
                vector[i] = new Weighted(reader.ReadInt32(), reader.ReadSingle());
            }
            var neighbours = lists[number] = new (int, float)[reader.ReadInt32()];
            for (var i = 0; i < neighbours.Length; i++)
            {
                neighbours[i] = (reader.ReadInt32(), reader.ReadSingle());
            }
            _documents.Add(new Document(id, vector));
            _current[id] = number;
        }
        RefreshIdf();
        // Postings and reverse links once every document is numbered: a list may hold a later one.
        for (var number = 0; number < documents; number++)
        {
            var vector = _documents[number].Vector;
            for (var i = 0; weights && i < vector.Length; i++)
            {
                vector[i] = vector[i] with { Weight = _idf[vector[i].Term] > 0 ? vector[i].Weight / _idf[vector[i].Term] : 0 };
            }
            AddPostings(number);
            _lists.Set(number, lists[number]);
        }
        return true;
    }
}
