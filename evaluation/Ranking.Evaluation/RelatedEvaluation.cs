using Publishing.Contracts;
using Publishing.Ranking.Model;

namespace Publishing.Ranking.Evaluation;

public sealed record RelatedFigures(int Articles, int Evaluated, double PrecisionAt10, double Chance, TimeSpan IndexingTime);

/// <summary>
/// Related: every item is published without its label (no topics), then each item's top 10 neighbours are checked
/// for sharing its label. Chance is the share of other items with the same label.
/// </summary>
public static class RelatedEvaluation
{
    public const int K = 10;

    public static RelatedFigures Run(IReadOnlyList<LabelledArticle> corpus, RankingOptions? options = null, IReadOnlyDictionary<Guid, float[]>? embeddings = null)
    {
        var (model, elapsed) = Publish(corpus, options ?? new RankingOptions(), DateTimeOffset.UtcNow, embeddings);
        var labels = corpus.ToDictionary(a => a.Id, a => a.Label);
        var sizes = corpus.GroupBy(a => a.Label).ToDictionary(g => g.Key, g => g.Count());
        double hits = 0, shown = 0, chance = 0;
        foreach (var article in corpus)
        {
            var related = model.Related(article.Id, K) ?? [];
            hits += related.Count(r => labels[r.Id] == article.Label);
            shown += K;
            chance += (sizes[article.Label] - 1.0) / (corpus.Count - 1.0);
        }
        return new RelatedFigures(corpus.Count, corpus.Count, hits / shown, chance / corpus.Count, elapsed);
    }

    /// <summary>A model holding the corpus, published one by one a minute apart up to <paramref name="now"/>.</summary>
    /// <summary>
    /// With <paramref name="embeddings"/>, each article's embedding is handed to the model right after it is published,
    /// as the service's worker does once the model has read it; the model's own queue is left off.
    /// </summary>
    public static (RankingModel Model, TimeSpan Elapsed) Publish(
        IReadOnlyList<LabelledArticle> corpus, RankingOptions options, DateTimeOffset now, IReadOnlyDictionary<Guid, float[]>? embeddings = null)
    {
        var model = new RankingModel(options with { Embeddings = options.Embeddings with { Enabled = false } });
        var started = TimeProvider.System.GetTimestamp();
        for (var i = 0; i < corpus.Count; i++)
        {
            model.Put(Snapshot(corpus[i], now.AddMinutes(i - corpus.Count)));
            if (embeddings is not null)
            {
                model.PutEmbedding(corpus[i].Id, 1, embeddings[corpus[i].Id]);
            }
        }
        return (model, TimeProvider.System.GetElapsedTime(started));
    }

    public static ArticleSnapshot Snapshot(LabelledArticle article, DateTimeOffset publishedAt) =>
        new(article.Id, 1, "item-" + article.Id.ToString("N")[..8], article.Headline, null, article.Text, [], "en", publishedAt);
}
