using System.Runtime.InteropServices;

namespace Publishing.Ranking.Related;

/// <summary>
/// Content similarity between articles, kept as top-k neighbour lists. Each article is a TF-IDF vector of its
/// strongest terms (headline and topics weighted up, cosine-normalized); an inverted index from terms to articles
/// finds the articles that share a new article's terms, so publishing costs time in those articles, never in the
/// whole corpus. A new article gets its own neighbours and offers itself to each candidate's list; a revised or
/// withdrawn article leaves the lists it was in, and those lists are refilled from the index.
/// </summary>
/// <remarks>
/// IDF is taken when an article is indexed and not revisited: vectors of older articles keep the weights of their
/// day, which is the usual trade of an incremental index and costs little once the corpus has some size. Document
/// frequencies count every revision ever indexed and are not taken back when one leaves: revisions and withdrawals
/// are few next to publications, and remembering every term of every article to take it back would cost more
/// memory than the whole index. The postings of a revision that left are skipped when read, and swept out of every
/// list once they are as many as the live ones, so a long-running index holds at most twice what it needs.
/// </remarks>
public sealed partial class SimilarityIndex(RelatedOptions options)
{
    private readonly NeighbourLists _lists = new(options.Neighbours);

    public readonly record struct Neighbour(Guid Id, double Similarity);

    private readonly record struct Weighted(int Term, float Weight);
    private readonly record struct Posting(int Document, float Weight);

    private sealed class Document(Guid id, Weighted[] vector)
    {
        public Guid Id { get; } = id;
        /// <summary>Sorted by term number, unit length; empty once the document left.</summary>
        public Weighted[] Vector { get; set; } = vector;
        public bool Live { get; set; } = true;
    }

    private readonly Dictionary<string, int> _termNumbers = new(StringComparer.Ordinal);
    private readonly List<List<Posting>> _postings = [];
    private readonly List<int> _documentFrequency = [];
    private readonly List<Document> _documents = [];
    private readonly Dictionary<Guid, int> _current = [];

    private long _postingCount;
    private long _deadPostings;

    public int Count => _current.Count;

    /// <summary>Postings held in memory, those of departed revisions included until they are swept out.</summary>
    public long PostingCount => _postingCount;

    private RelatedOptions Options => options;

    public bool Contains(Guid id) => _current.ContainsKey(id);

    /// <summary>Indexes the article, replacing its previous revision if any, and updates the neighbour lists.</summary>
    public void Put(Guid id, string headline, string? summary, string? body, IReadOnlyList<string> topics)
    {
        Remove(id);
        var frequencies = new Dictionary<int, double>();
        Tally(frequencies, TextAnalyzer.Terms(headline), options.HeadlineWeight);
        Tally(frequencies, TextAnalyzer.Terms(summary), options.SummaryWeight);
        Tally(frequencies, TextAnalyzer.Terms(body), options.BodyWeight);
        // A topic counts as a term of its own ("topic:world"), and its words as words.
        foreach (var topic in topics)
        {
            Tally(frequencies, ["topic:" + topic], options.TopicWeight);
            Tally(frequencies, TextAnalyzer.Terms(topic.Replace('-', ' ')), options.TopicWeight);
        }

        var number = _lists.Add();
        foreach (var term in frequencies.Keys)
        {
            _documentFrequency[term]++;
        }
        var documents = (double)_documents.Count + 1;
        var vector = frequencies
            .Select(f => new Weighted(f.Key, (float)((1 + Math.Log(f.Value)) * Math.Log(1 + documents / _documentFrequency[f.Key]))))
            .OrderByDescending(w => w.Weight)
            .Take(options.TermsPerArticle)
            .ToArray();
        var norm = Math.Sqrt(vector.Sum(w => (double)w.Weight * w.Weight));
        for (var i = 0; i < vector.Length; i++)
        {
            vector[i] = vector[i] with { Weight = norm > 0 ? (float)(vector[i].Weight / norm) : 0 };
        }
        // Strongest first, for choosing query terms; then sorted by term for merging.
        var queryTerms = vector.Select(w => w.Term).ToArray();
        Array.Sort(vector, (x, y) => x.Term.CompareTo(y.Term));
        var document = new Document(id, vector);
        _documents.Add(document);
        _current[id] = number;
        foreach (var (term, weight) in vector)
        {
            _postings[term].Add(new Posting(number, weight));
        }
        _postingCount += vector.Length;

        var candidates = Candidates(number, queryTerms);
        _lists.Set(number, candidates);
        foreach (var (other, similarity) in candidates)
        {
            _lists.Offer(other, number, similarity);
        }
    }

    /// <summary>Takes the article out of the index and out of every list; the lists it leaves are refilled.</summary>
    public void Remove(Guid id)
    {
        if (!_current.Remove(id, out var number))
        {
            return;
        }
        var document = _documents[number];
        document.Live = false;
        _deadPostings += document.Vector.Length;
        document.Vector = [];
        // Lists keep twice the neighbours they show, so a departure seldom leaves one short; one that is gets refilled.
        foreach (var holder in _lists.Detach(number))
        {
            Refill(holder);
        }
        if (_deadPostings * 2 > _postingCount)
        {
            SweepPostings();
        }
    }

    /// <summary>Drops the postings of departed revisions from every list.</summary>
    private void SweepPostings()
    {
        foreach (var postings in _postings)
        {
            postings.RemoveAll(posting => !_documents[posting.Document].Live);
        }
        _postingCount -= _deadPostings;
        _deadPostings = 0;
    }

    /// <summary>The article's neighbours (at most <see cref="RelatedOptions.Neighbours"/>), most similar first; empty for an unknown article.</summary>
    public IEnumerable<Neighbour> Neighbours(Guid id)
    {
        if (!_current.TryGetValue(id, out var number))
        {
            yield break;
        }
        foreach (var (other, similarity) in _lists.Of(number).Take(options.Neighbours))
        {
            yield return new Neighbour(_documents[other].Id, similarity);
        }
    }

    /// <summary>The cosine of two articles' vectors; 0 when either is not indexed.</summary>
    public double Similarity(Guid a, Guid b) =>
        _current.TryGetValue(a, out var x) && _current.TryGetValue(b, out var y) ? Cosine(_documents[x].Vector, _documents[y].Vector) : 0;

    private void Tally(Dictionary<int, double> frequencies, IEnumerable<string> terms, double weight)
    {
        foreach (var term in terms)
        {
            if (!_termNumbers.TryGetValue(term, out var number))
            {
                _termNumbers[term] = number = _postings.Count;
                _postings.Add([]);
                _documentFrequency.Add(0);
            }
            CollectionsMarshal.GetValueRefOrAddDefault(frequencies, number, out _) += weight;
        }
    }

    /// <summary>
    /// The documents most similar to <paramref name="number"/>, by full cosine, among those that share its strongest
    /// informative terms: at most <see cref="RelatedOptions.MaxQueryTerms"/> terms, each read for at most
    /// <see cref="RelatedOptions.MaxPostingsPerTerm"/> postings.
    /// </summary>
    private List<(int Document, float Similarity)> Candidates(int number, int[] termsStrongestFirst)
    {
        var document = _documents[number];
        var weights = document.Vector.ToDictionary(w => w.Term, w => w.Weight);
        var tooCommon = Math.Max(2, options.MaxDocumentFrequency * _documents.Count);
        var scores = new Dictionary<int, float>();
        var used = 0;
        foreach (var term in termsStrongestFirst)
        {
            if (used == options.MaxQueryTerms)
            {
                break;
            }
            // A term only this article has finds nothing; a term too many have finds too much.
            if (_documentFrequency[term] < 2 || (_current.Count >= 50 && _documentFrequency[term] > tooCommon))
            {
                continue;
            }
            used++;
            var postings = _postings[term];
            var weight = weights[term];
            var read = 0;
            for (var i = postings.Count - 1; i >= 0 && read < options.MaxPostingsPerTerm; i--)
            {
                // Postings of withdrawn or superseded revisions stay in the list and count towards the bound too.
                var posting = postings[i];
                read++;
                if (posting.Document == number || !_documents[posting.Document].Live)
                {
                    continue;
                }
                CollectionsMarshal.GetValueRefOrAddDefault(scores, posting.Document, out _) += weight * posting.Weight;
            }
        }
        return scores
            .OrderByDescending(s => s.Value)
            .Take(options.Candidates)
            .Select(s => (s.Key, Cosine(document.Vector, _documents[s.Key].Vector)))
            .Where(s => s.Item2 > 0)
            .OrderByDescending(s => s.Item2)
            .ToList();
    }

    private static float Cosine(Weighted[] x, Weighted[] y)
    {
        double sum = 0;
        for (int i = 0, j = 0; i < x.Length && j < y.Length;)
        {
            if (x[i].Term == y[j].Term)
            {
                sum += x[i++].Weight * y[j++].Weight;
            }
            else if (x[i].Term < y[j].Term)
            {
                i++;
            }
            else
            {
                j++;
            }
        }
        return (float)sum;
    }

    /// <summary>Recomputes the list of a document that lost a neighbour.</summary>
    private void Refill(int holder)
    {
        var document = _documents[holder];
        if (!document.Live)
        {
            return;
        }
        var strongestFirst = document.Vector.OrderByDescending(w => w.Weight).Select(w => w.Term).ToArray();
        _lists.Set(holder, Candidates(holder, strongestFirst));
    }
}
