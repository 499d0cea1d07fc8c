using Publishing.Contracts;
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
    private sealed record Card(Guid Id, string Slug, string Headline, string? Summary, DateTimeOffset PublishedAt, IReadOnlyList<string> Topics);

    private readonly Lock _lock = new();
    private readonly Dictionary<Guid, Card> _articles = [];
    private readonly HashSet<Guid> _withdrawn = [];
    private readonly TrendingBoard _trending = new(options.Trending.HalfLife);
    private readonly SimilarityIndex _related = new(options.Related);
    private readonly VoteGraph _votes = new();

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
            _articles[article.ArticleId] = new Card(article.ArticleId, article.Slug, article.Headline, article.Summary, article.PublishedAt, topics);
            _trending.Add(article.ArticleId, options.Trending.PublicationWeight, article.PublishedAt);
            _trending.Show(article.ArticleId, topics);
            if (index)
            {
                _related.Put(article.ArticleId, article.Headline, article.Summary, article.Text, topics);
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
            }
        }
        return buffer.ToArray();
    }

    /// <summary>Reads a checkpoint into the still empty index; false when it does not fit these options.</summary>
    public bool RestoreRelated(byte[] checkpoint)
    {
        using var reader = new BinaryReader(new MemoryStream(checkpoint));
        lock (_lock)
        {
            return _related.TryLoad(reader);
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
            return _related.Neighbours(articleId)
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

    public IReadOnlyList<ListedArticle> Recommend(string readerId, int limit, DateTimeOffset now)
    {
        lock (_lock)
        {
            return Recommender.Recommend(readerId, limit, now, options.Recommendations, _votes, _related, _trending, _articles.ContainsKey)
                .Select(r => Listed(_articles[r.Id], r.Score))
                .ToList();
        }
    }

    private ListedArticle Listed(Card card, double score) =>
        new(card.Id, card.Slug, card.Headline, card.Summary, card.PublishedAt, card.Topics, _votes.Count(card.Id), score);
}
