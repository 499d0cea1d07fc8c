using System.Threading.Channels;
using Publishing.Contracts;
using Publishing.Ranking.Embeddings;
using Publishing.Ranking.Lists;
using Publishing.Ranking.Recommendations;
using Publishing.Ranking.Related;
using Publishing.Ranking.Trending;

namespace Publishing.Ranking.Model;

/// <summary>
/// The three lists in memory: trending scores, the related-articles index and the vote graph, behind one lock.
/// Changes come in already decided by the store (newer revision, first delivery, vote that changes something);
/// the model applies them and answers queries. It is rebuilt from the store at start-up.
/// </summary>
public sealed class RankingModel(RankingOptions options)
{
    private sealed record Card(Guid Id, int Revision, string Slug, string Headline, string? Summary, DateTimeOffset PublishedAt, IReadOnlyList<string> Topics);

    private readonly Lock _lock = new();
    private readonly Dictionary<Guid, Card> _articles = [];
    private readonly HashSet<Guid> _withdrawn = [];
    private readonly TrendingBoard _trending = new(options.Trending.HalfLife);
    private readonly SimilarityIndex _related = new(options.Related);
    private readonly VoteGraph _votes = new();
    private readonly EmbeddingIndex _embeddings = new(options.Related.Neighbours);
    private readonly Lock _embeddingWriter = new();
    private readonly Channel<ToEmbed> _toEmbed = Channel.CreateUnbounded<ToEmbed>(new UnboundedChannelOptions { SingleReader = true });

    /// <summary>An article revision waiting for its embedding, with the text the model reads.</summary>
    public sealed record ToEmbed(Guid Id, int Revision, string Text);

    /// <summary>Revisions whose embedding is wanted, in publication order; read by <see cref="EmbeddingWorker"/>.</summary>
    public ChannelReader<ToEmbed> WaitingForEmbedding => _toEmbed.Reader;

    /// <summary>Articles with an embedding, for tests and the evaluation.</summary>
    public int Embedded
    {
        get { lock (_lock) { return _embeddings.Count; } }
    }

    public RankingOptions Options => options;

    public int Articles
    {
        get { lock (_lock) { return _articles.Count; } }
    }

    /// <summary>
    /// A publication or a newer revision: the card, the freshness term, the topics' boards and the index follow it.
    /// <paramref name="index"/> false leaves the related-articles index alone, for an article a checkpoint already holds.
    /// </summary>
    public void Put(ArticleSnapshot article, bool index = true)
    {
        var topics = TopicKey.Keys(article.Topics).ToList();
        lock (_lock)
        {
            if (_withdrawn.Contains(article.ArticleId))
            {
                return;
            }
            if (_articles.TryGetValue(article.ArticleId, out var before))
            {
                _trending.Add(article.ArticleId, -options.Trending.PublicationWeight, before.PublishedAt);
            }
            _articles[article.ArticleId] = new Card(article.ArticleId, article.Revision, article.Slug, article.Headline, article.Summary, article.PublishedAt, topics);
            _trending.Add(article.ArticleId, options.Trending.PublicationWeight, article.PublishedAt);
            _trending.Show(article.ArticleId, topics);
            if (index)
            {
                _related.Put(article.ArticleId, article.Headline, article.Summary, article.Text, topics);
                _embeddings.Remove(article.ArticleId);
            }
            // The model's cost stays off this path: the article is listed by its words now, by its meaning once the
            // worker has read it. A checkpoint's embedding of the same revision is kept.
            if (options.Embeddings.IsEnabled && !_embeddings.Contains(article.ArticleId))
            {
                _toEmbed.Writer.TryWrite(new ToEmbed(article.ArticleId, article.Revision,
                    ArticleEncoder.TextOf(article.Headline, article.Summary, article.Text, options.Embeddings.MaxCharacters)));
            }
        }
    }

    /// <summary>
    /// The embedding of an article revision, computed off the publish path; ignored if the article moved on to
    /// another revision or left meanwhile (the newer revision is queued already).
    /// </summary>
    public void PutEmbedding(Guid articleId, int revision, float[] embedding)
    {
        // The comparison with every other embedding runs outside the lock, so that events and readers never wait for
        // it; one writer at a time, since it reads the index's entries while only a writer adds to them.
        lock (_embeddingWriter)
        {
            lock (_lock)
            {
                if (!_articles.TryGetValue(articleId, out var card) || card.Revision != revision)
                {
                    return;
                }
            }
            var prepared = _embeddings.Prepare(articleId, embedding);
            lock (_lock)
            {
                if (_articles.TryGetValue(articleId, out var card) && card.Revision == revision)
                {
                    _embeddings.Put(prepared);
                }
            }
        }
    }

    /// <summary>The related-articles index as bytes, for a restart to read instead of re-indexing every article.</summary>
    public byte[] CheckpointRelated()
    {
        using var buffer = new MemoryStream();
        using (var writer = new BinaryWriter(buffer))
        {
            lock (_lock)
            {
                _related.Save(writer);
                _embeddings.Save(writer);
            }
        }
        return buffer.ToArray();
    }

    /// <summary>Reads a checkpoint into the still empty index; false when it does not fit these options.</summary>
    public bool RestoreRelated(byte[] checkpoint)
    {
        using var reader = new BinaryReader(new MemoryStream(checkpoint));
        lock (_embeddingWriter)
        lock (_lock)
        {
            if (!_related.TryLoad(reader))
            {
                return false;
            }
            // Embeddings follow the index; a checkpoint from before them has none, and they are computed again.
            if (reader.BaseStream.Position < reader.BaseStream.Length)
            {
                _embeddings.Load(reader);
            }
            return true;
        }
    }

    /// <summary>The article leaves every list for good, whatever arrives for it later.</summary>
    public void Withdraw(Guid articleId)
    {
        lock (_lock)
        {
            _withdrawn.Add(articleId);
            _articles.Remove(articleId);
            _trending.Remove(articleId);
            _related.Remove(articleId);
            _embeddings.Remove(articleId);
        }
    }

    /// <summary>A vote counted, possibly before its article is known: its weight waits in the article's sum.</summary>
    public void AddVote(Guid articleId, string readerId, DateTimeOffset castAt)
    {
        lock (_lock)
        {
            if (_votes.Add(articleId, readerId, castAt) && !_withdrawn.Contains(articleId))
            {
                _trending.Add(articleId, options.Trending.VoteWeight, castAt);
            }
        }
    }

    /// <summary>
    /// Makes the reader's vote for the article what the store says it is now: cast at <paramref name="castAt"/>, or
    /// none. Applying the same state twice changes nothing, which is what lets every replica follow the store's feed.
    /// </summary>
    public void SetVote(Guid articleId, string readerId, DateTimeOffset? castAt)
    {
        lock (_lock)
        {
            var current = _votes.CastAt(articleId, readerId);
            if (current == castAt)
            {
                return;
            }
            var counts = !_withdrawn.Contains(articleId);
            if (current is { } before && _votes.Remove(articleId, readerId) && counts)
            {
                _trending.Add(articleId, -options.Trending.VoteWeight, before);
            }
            if (castAt is { } after && _votes.Add(articleId, readerId, after) && counts)
            {
                _trending.Add(articleId, options.Trending.VoteWeight, after);
            }
        }
    }

    /// <summary>A retraction takes back exactly what the vote cast at <paramref name="castAt"/> added.</summary>
    public void RemoveVote(Guid articleId, string readerId, DateTimeOffset castAt)
    {
        lock (_lock)
        {
            if (_votes.Remove(articleId, readerId) && !_withdrawn.Contains(articleId))
            {
                _trending.Add(articleId, -options.Trending.VoteWeight, castAt);
            }
        }
    }

    public IReadOnlyList<ListedArticle> Trending(string? topic, int limit, DateTimeOffset now)
    {
        lock (_lock)
        {
            return _trending.Top(topic, now)
                .Where(entry => _articles.ContainsKey(entry.Id))
                .Take(limit)
                .Select(entry => Listed(_articles[entry.Id], entry.Score))
                .ToList();
        }
    }

    /// <summary>The article's neighbours, or null when the article is not (or no longer) listed.</summary>
    public IReadOnlyList<ListedArticle>? Related(Guid articleId, int limit)
    {
        lock (_lock)
        {
            if (!_articles.ContainsKey(articleId))
            {
                return null;
            }
            return RelatedTo(articleId)
                .Where(n => _articles.ContainsKey(n.Id))
                .Take(limit)
                .Select(n => Listed(_articles[n.Id], n.Similarity))
                .ToList();
        }
    }

    /// <summary>The article's standing votes, as the model counted them.</summary>
    public long Votes(Guid articleId)
    {
        lock (_lock) { return _votes.Count(articleId); }
    }

    public bool IsWithdrawn(Guid articleId)
    {
        lock (_lock) { return _withdrawn.Contains(articleId); }
    }

    /// <summary>
    /// The reader's recommendations. The walk over co-voters — the costly part — reads a snapshot of the vote graph
    /// outside the lock, so votes and publications never wait for it; the lock is held to copy the content neighbours
    /// of the reader's newest votes and, at the end, to add the trending prior to a bounded set of candidates.
    /// </summary>
    public IReadOnlyList<ListedArticle> Recommend(string readerId, int limit, DateTimeOffset now)
    {
        var settings = options.Recommendations;
        VoteGraph.View votes;
        List<Guid> recent;
        List<IReadOnlyList<(Guid Id, double Similarity)>> neighbours;
        lock (_lock)
        {
            votes = _votes.Snapshot();
            if (votes.CountOf(readerId) == 0)
            {
                return Trending(null, limit, now);
            }
            recent = Recommender.Recent(readerId, settings, votes);
            neighbours = recent.Select(ContentNeighbours).ToList();
        }
        var candidates = Recommender.Interest(readerId, limit, settings, votes, recent, neighbours);
        lock (_lock)
        {
            var centre = _embeddings.Centroid(recent);
            return Recommender.Blend(readerId, limit, now, settings, votes, candidates, _trending, _articles.ContainsKey,
                    id => centre is null ? null : _embeddings.Similarity(centre, id))
                .Select(r => Listed(_articles[r.Id], r.Score))
                .ToList();
        }
    }

    /// <summary>
    /// An article's neighbours for recommending by content, read from the kept lists without computing anything:
    /// by words, and by meaning where it has an embedding, each weighted as in the related list.
    /// </summary>
    private IReadOnlyList<(Guid Id, double Similarity)> ContentNeighbours(Guid articleId)
    {
        if (!_embeddings.Contains(articleId))
        {
            return _related.Neighbours(articleId).Select(n => (n.Id, n.Similarity)).ToList();
        }
        var weight = options.Embeddings.Weight;
        return _related.Neighbours(articleId).Select(n => (n.Id, (1 - weight) * n.Similarity))
            .Concat(_embeddings.Neighbours(articleId).Select(n => (n.Id, weight * (double)n.Similarity)))
            .ToList();
    }

    /// <summary>
    /// Meaning and words blended: the candidates of both lists, each scored
    /// <c>w · cos(embeddings) + (1 − w) · cos(TF-IDF)</c>. An article without its embedding yet has its words only.
    /// </summary>
    private IEnumerable<SimilarityIndex.Neighbour> RelatedTo(Guid articleId)
    {
        if (!_embeddings.Contains(articleId))
        {
            return _related.Neighbours(articleId);
        }
        var weight = options.Embeddings.Weight;
        var candidates = new HashSet<Guid>(_related.Neighbours(articleId).Select(n => n.Id));
        candidates.UnionWith(_embeddings.Neighbours(articleId).Select(n => n.Id));
        return candidates
            .Select(id => new SimilarityIndex.Neighbour(id,
                weight * (_embeddings.Similarity(articleId, id) ?? 0) + (1 - weight) * _related.Similarity(articleId, id)))
            .OrderByDescending(n => n.Similarity)
            .ThenBy(n => n.Id)
            .Take(options.Related.Neighbours)
            .ToList();
    }

    private ListedArticle Listed(Card card, double score) =>
        new(card.Id, card.Slug, card.Headline, card.Summary, card.PublishedAt, card.Topics, _votes.Count(card.Id), score);
}
