using Publishing.Contracts;
using Publishing.Ranking.Model;

namespace Publishing.Ranking.Evaluation;

/// <summary>Precision@10 of same-label neighbours, with the CPU it took per article indexed and per list asked.</summary>
public sealed record RelatedFigures(int Articles, int Evaluated, double PrecisionAt10, double Chance, TimeSpan IndexingTime,
    double IndexCpuPerArticle = 0, double QueryCpuPerProbe = 0);

/// <summary>
/// Related: items are published without their label (no topics), then each item's top 10 neighbours are checked for
/// sharing its label. Chance is the share of other items with the same label.
/// </summary>
public static class RelatedEvaluation
{
    public const int K = 10;

    /// <summary>Batch arrival: every item published, in the corpus' order, then every item probed.</summary>
    public static RelatedFigures Run(IReadOnlyList<LabelledArticle> corpus, RankingOptions? options = null, IReadOnlyDictionary<Guid, float[]>? embeddings = null) =>
        Run(corpus, steps: 1, options, embeddings);

    /// <summary>
    /// Incremental arrival in <paramref name="steps"/> equal parts: after each part is published, its items are probed
    /// against all published so far, as readers see an article's list soon after it appears.
    /// </summary>
    public static RelatedFigures Run(IReadOnlyList<LabelledArticle> corpus, int steps, RankingOptions? options = null, IReadOnlyDictionary<Guid, float[]>? embeddings = null)
    {
        var now = DateTimeOffset.UtcNow;
        var model = Model(options ?? new RankingOptions());
        var labels = corpus.ToDictionary(a => a.Id, a => a.Label);
        double hits = 0, shown = 0, chance = 0;
        var indexing = TimeSpan.Zero;
        var querying = TimeSpan.Zero;
        var started = TimeProvider.System.GetTimestamp();
        var published = 0;
        var probed = 0;
        foreach (var part in Parts(corpus.Count, steps))
        {
            var cpu = Cpu.Now();
            for (; published < part; published++)
            {
                Put(model, corpus[published], now.AddMinutes(published - corpus.Count), embeddings);
            }
            indexing += Cpu.Now() - cpu;
            var sizes = corpus.Take(published).GroupBy(a => a.Label).ToDictionary(g => g.Key, g => g.Count());
            cpu = Cpu.Now();
            for (; probed < published; probed++)
            {
                var article = corpus[probed];
                var related = model.Related(article.Id, K) ?? [];
                hits += related.Count(r => labels[r.Id] == article.Label);
                shown += K;
                chance += published > 1 ? (sizes[article.Label] - 1.0) / (published - 1.0) : 0;
            }
            querying += Cpu.Now() - cpu;
        }
        return new RelatedFigures(corpus.Count, corpus.Count, hits / shown, chance / corpus.Count, TimeProvider.System.GetElapsedTime(started),
            indexing.TotalMilliseconds / corpus.Count, querying.TotalMilliseconds / corpus.Count);
    }

    /// <summary>How many items are published after each of <paramref name="steps"/> equal parts.</summary>
    internal static IEnumerable<int> Parts(int count, int steps) => Enumerable.Range(1, steps).Select(step => (int)((long)count * step / steps));

    /// <summary>
    /// A model holding the corpus, published one by one a minute apart up to <paramref name="now"/>. With <paramref name="embeddings"/>, each article's embedding is handed to the model right after it is published,
    /// as the service's worker does once the model has read it; the model's own queue is left off.
    /// </summary>
    public static (RankingModel Model, TimeSpan Elapsed) Publish(
        IReadOnlyList<LabelledArticle> corpus, RankingOptions options, DateTimeOffset now, IReadOnlyDictionary<Guid, float[]>? embeddings = null)
    {
        var model = Model(options);
        var started = TimeProvider.System.GetTimestamp();
        for (var i = 0; i < corpus.Count; i++)
        {
            Put(model, corpus[i], now.AddMinutes(i - corpus.Count), embeddings);
        }
        return (model, TimeProvider.System.GetElapsedTime(started));
    }

    private static RankingModel Model(RankingOptions options) =>
        new(options with { Embeddings = options.Embeddings with { Enabled = false } });

    private static void Put(RankingModel model, LabelledArticle article, DateTimeOffset publishedAt, IReadOnlyDictionary<Guid, float[]>? embeddings)
    {
        model.Put(Snapshot(article, publishedAt));
        if (embeddings is not null)
        {
            model.PutEmbedding(article.Id, 1, embeddings[article.Id]);
        }
    }

    public static ArticleSnapshot Snapshot(LabelledArticle article, DateTimeOffset publishedAt) =>
        new(article.Id, 1, "item-" + article.Id.ToString("N")[..8], article.Headline, null, article.Text, [], "en", publishedAt);
}
