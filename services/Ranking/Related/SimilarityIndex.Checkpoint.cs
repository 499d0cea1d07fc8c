namespace Publishing.Ranking.Related;

/// <summary>
/// The index written out and read back whole — terms, document frequencies, vectors and neighbour lists — so that a
/// restart reads it instead of re-indexing every article. Postings and reverse links are derived on reading.
/// </summary>
public sealed partial class SimilarityIndex
{
    private const int CheckpointFormat = 2;

    /// <summary>What a checkpoint depends on besides the articles: a checkpoint taken with other options is not used.</summary>
    private string Fingerprint => $"{CheckpointFormat}|{Options}";

    public void Save(BinaryWriter writer)
    {
        writer.Write(Fingerprint);
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
        if (reader.ReadString() != Fingerprint)
        {
            return false;
        }
        var terms = reader.ReadInt32();
        for (var i = 0; i < terms; i++)
        {
            _termNumbers[reader.ReadString()] = i;
            _documentFrequency.Add(reader.ReadInt32());
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
                _postings[vector[i].Term].Add(new Posting(number, vector[i].Weight));
            }
            _postingCount += vector.Length;
            var neighbours = lists[number] = new (int, float)[reader.ReadInt32()];
            for (var i = 0; i < neighbours.Length; i++)
            {
                neighbours[i] = (reader.ReadInt32(), reader.ReadSingle());
            }
            _documents.Add(new Document(id, vector));
            _current[id] = number;
        }
        // The reverse links once every document is numbered: a list may hold a later one.
        for (var number = 0; number < documents; number++)
        {
            _lists.Set(number, lists[number]);
        }
        return true;
    }
}
