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

    /// <summary>The section <c>Ranking</c> (e.g. <c>Ranking__Trending__HalfLife=03:00:00</c>), defaults where it says nothing.</summary>
    public static RankingOptions From(IConfiguration configuration) =>
        configuration.GetSection("Ranking").Get<RankingOptions>() ?? new RankingOptions();
}
