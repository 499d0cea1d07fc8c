using Publishing.Ranking.Embeddings;
using Publishing.Ranking.Recommendations;
using Publishing.Ranking.Related;
using Publishing.Ranking.Trending;

namespace Publishing.Ranking.Model;

/// <summary>Every weight of the three lists, from the configuration section <c>Ranking</c>; the defaults are argued where they are declared.</summary>
public sealed record RankingOptions
{
    public TrendingOptions Trending { get; init; } = new();
    public RelatedOptions Related { get; init; } = new();
    public RecommendationOptions Recommendations { get; init; } = new();
    public EmbeddingOptions Embeddings { get; init; } = new();

    /// <summary>
    /// How often the model looks for changes other replicas stored (<c>Ranking__FeedInterval</c>): a quarter of a
    /// second keeps the lists as fresh as the events' own delivery, for one indexed read of the store when idle.
    /// </summary>
    public TimeSpan FeedInterval { get; init; } = TimeSpan.FromMilliseconds(250);

    /// <summary>
    /// How long the feed keeps a change (<c>Ranking__FeedRetention</c>): a replica reads it within a second, so a day
    /// is ample; a replica stalled for longer is answered the whole store. Without trimming, the feed would hold one
    /// entry per vote ever cast.
    /// </summary>
    public TimeSpan FeedRetention { get; init; } = TimeSpan.FromDays(1);

    /// <summary>The section <c>Ranking</c> (e.g. <c>Ranking__Trending__HalfLife=03:00:00</c>), defaults where it says nothing.</summary>
    public static RankingOptions From(IConfiguration configuration) =>
        configuration.GetSection("Ranking").Get<RankingOptions>() ?? new RankingOptions();
}
