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
/// An article keeps its term frequencies (<c>1 + ln tf</c>), not its weights: IDF is applied when vectors are compared,
/// from the document frequencies of the moment, so the similarities do not depend on the order articles arrived in (a
/// corpus ingested in one batch scores as if indexed at once). The kept lists were ranked when they were built; a
/// list is ranked again by today's weights when it is read (40 cosines). IDF per term is refreshed when its document
/// frequency changes, and for every term when the corpus has grown by a hundredth since the last refresh. Document
/// frequencies count every revision ever indexed and are not taken back when one leaves: revisions and withdrawals
/// are few next to publications, and remembering every term of every article to take it back would cost more
/// memory than the whole index. The postings of a revision that left are skipped when read, and swept out of every
/// list once they are as many as the live ones, so a long-running index holds at most twice what it needs.
/// </remarks>
public sealed partial class SimilarityIndex(RelatedOptions options)
{
    private readonly NeighbourLists _lists = new(options.Neighbours);

    public readonly record struct Neighbour(Guid Id, double Similarity);

    /// <summary>A term and its frequency in the article, <c>1 + ln tf</c> of the field-weighted count (IDF is applied when compared).</summary>
    private readonly record struct Weighted(int Term, float Weight);
    private readonly record struct Posting(int Document, float Weight);

    private sealed class Document(Guid id, Weighted[] vector)
    {
        public Guid Id { get; } = id;
        /// <summary>Sorted by term number; empty once the document left.</summary>
        public Weighted[] Vector
        {
            get;
            set { field = value; NormEpoch = -1; }
        } = vector;
        /// <summary>The vector's length by the IDF of <see cref="NormEpoch"/>.</summary>
        public double Norm { get; set; }
        public int NormEpoch { get; set; } = -1;
        public bool Live { get; set; } = true;
    }

    private readonly Dictionary<string, int> _termNumbers = new(StringComparer.Ordinal);
    private readonly List<List<Posting>> _postings = [];
    private readonly List<int> _documentFrequency = [];
    /// <summary><c>ln(1 + N/df)</c> per term, with the N of the last refresh (<see cref="_idfDocuments"/>).</summary>
    private readonly List<float> _idf = [];
    private int _idfDocuments;
    /// <summary>Counts the refreshes of every term's IDF; a document's length is computed once per refresh.</summary>
    private int _idfEpoch;
    private readonly List<Document> _documents = [];
    private readonly Dictionary<Guid, int> _current = [];

    /// <summary>Scores by document while <see cref="Candidates"/> adds them up; zero outside it.</summary>
    private float[] _scores = [];

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
        _documents.Add(new Document(id, []));
        foreach (var term in frequencies.Keys)
        {
            _documentFrequency[term]++;
            RefreshIdf(term);
        }
        if (_documents.Count > _idfDocuments * 1.01)
        {
            RefreshIdf();
        }
        // The strongest terms by today's weights are kept; their frequencies are what is stored.
        var vector = frequencies
            .Select(f => new Weighted(f.Key, (float)(1 + Math.Log(f.Value))))
            .OrderByDescending(w => w.Weight * _idf[w.Term])
            .Take(options.TermsPerArticle)
            .ToArray();
        // Strongest first, for choosing query terms; then sorted by term for merging.
        var queryTerms = vector.Select(w => w.Term).ToArray();
        Array.Sort(vector, (x, y) => x.Term.CompareTo(y.Term));
        _documents[number].Vector = vector;
        _current[id] = number;
        AddPostings(number);

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

    /// <summary>
    /// Posts the document under each of its terms with its weight of the moment (unit length): postings only choose
    /// candidates, which are then compared by today's weights.
    /// </summary>
    private void AddPostings(int number)
    {
        var vector = _documents[number].Vector;
        var norm = Norm(_documents[number]);
        foreach (var (term, frequency) in vector)
        {
            _postings[term].Add(new Posting(number, norm > 0 ? (float)(frequency * _idf[term] / norm) : 0));
        }
        _postingCount += vector.Length;
    }

    private void RefreshIdf(int term) => _idf[term] = (float)Math.Log(1 + (double)Math.Max(_idfDocuments, 1) / _documentFrequency[term]);

    /// <summary>Every term's IDF from the corpus as it is now.</summary>
    private void RefreshIdf()
    {
        _idfDocuments = _documents.Count;
        _idfEpoch++;
        for (var term = 0; term < _idf.Count; term++)
        {
            RefreshIdf(term);
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

    /// <summary>
    /// The article's neighbours (at most <see cref="RelatedOptions.Neighbours"/>), most similar first by today's
    /// weights: the kept list ranked again; empty for an unknown article.
    /// </summary>
    public IEnumerable<Neighbour> Neighbours(Guid id)
    {
        if (!_current.TryGetValue(id, out var number))
        {
            return [];
        }
        var document = _documents[number];
        return _lists.Of(number)
            .Select(n => new Neighbour(_documents[n.Item].Id, Cosine(document, _documents[n.Item])))
            .OrderByDescending(n => n.Similarity)
            .ThenBy(n => n.Id)
            .Take(options.Neighbours)
            .ToList();
    }

    /// <summary>The cosine of two articles' vectors; 0 when either is not indexed.</summary>
    public double Similarity(Guid a, Guid b) =>
        _current.TryGetValue(a, out var x) && _current.TryGetValue(b, out var y) ? Cosine(_documents[x], _documents[y]) : 0;

    private void Tally(Dictionary<int, double> frequencies, IEnumerable<string> terms, double weight)
    {
        foreach (var term in terms)
        {
            if (!_termNumbers.TryGetValue(term, out var number))
            {
                _termNumbers[term] = number = _postings.Count;
                _postings.Add([]);
                _documentFrequency.Add(0);
                _idf.Add(0);
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
        var norm = Norm(document);
        var weights = document.Vector.ToDictionary(w => w.Term, w => norm > 0 ? (float)(w.Weight * _idf[w.Term] / norm) : 0);
        var tooCommon = Math.Max(2, options.MaxDocumentFrequency * _documents.Count);
        if (_scores.Length < _documents.Count)
        {
            Array.Resize(ref _scores, Math.Max(_documents.Count, 2 * _scores.Length));
        }
        var touched = new List<int>();
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
                ref var score = ref _scores[posting.Document];
                if (score == 0)
                {
                    touched.Add(posting.Document);
                }
                score += weight * posting.Weight;
            }
        }
        // The best by the postings' weights, kept in a small heap rather than sorting every document touched.
        var best = new PriorityQueue<int, float>(options.Candidates + 1);
        foreach (var other in touched)
        {
            var score = _scores[other];
            _scores[other] = 0;
            if (score == 0)
            {
                continue;
            }
            if (best.Count < options.Candidates)
            {
                best.Enqueue(other, score);
            }
            else if (best.TryPeek(out _, out var weakest) && score > weakest)
            {
                best.EnqueueDequeue(other, score);
            }
        }
        return best.UnorderedItems
            .Select(s => (s.Element, Cosine(document, _documents[s.Element])))
            .Where(s => s.Item2 > 0)
            .OrderByDescending(s => s.Item2)
            .ThenBy(s => s.Element)
            .ToList();
    }

    /// <summary>
    /// The length of the document's vector weighted by the IDF of the last refresh (a term's IDF moved since by a new
    /// article's count is at most a hundredth of the corpus away from it).
    /// </summary>
    private double Norm(Document document)
    {
        if (document.NormEpoch != _idfEpoch)
        {
            double sum = 0;
            foreach (var (term, frequency) in document.Vector)
            {
                var weight = frequency * _idf[term];
                sum += weight * weight;
            }
            document.Norm = Math.Sqrt(sum);
            document.NormEpoch = _idfEpoch;
        }
        return document.Norm;
    }

    /// <summary>The cosine of two articles' vectors weighted by today's IDF.</summary>
    private float Cosine(Document a, Document b)
    {
        var (x, y) = (a.Vector, b.Vector);
        var norms = Norm(a) * Norm(b);
        if (norms == 0)
        {
            return 0;
        }
        double sum = 0;
        for (int i = 0, j = 0; i < x.Length && j < y.Length;)
        {
            if (x[i].Term == y[j].Term)
            {
                var idf = _idf[x[i].Term];
                sum += x[i++].Weight * y[j++].Weight * idf * idf;
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
        return (float)(sum / norms);
    }

    /// <summary>Recomputes the list of a document that lost a neighbour.</summary>
    private void Refill(int holder)
    {
        var document = _documents[holder];
        if (!document.Live)
        {
            return;
        }
        var strongestFirst = document.Vector.OrderByDescending(w => w.Weight * _idf[w.Term]).Select(w => w.Term).ToArray();
        _lists.Set(holder, Candidates(holder, strongestFirst));
    }
}
