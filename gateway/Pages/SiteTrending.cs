using Publishing.Gateway.Caching;

namespace Publishing.Gateway.Pages;

/// <summary>
/// What trends, as every article page shows it (Ranking, then the Recommendation of a reader the site knows nothing
/// about): the same list for the whole site, so Ranking is asked for it once per lifetime, not once per article page.
/// The pages built from a reading are kept no longer than it is fresh (<see cref="SharedResponses.KeepUntil"/>): a vote
/// changes trending on every page within the lifetime, as when each page asked Ranking itself.
/// </summary>
public sealed class SiteTrending(TimeProvider clock)
{
    /// <summary>Ranking's eight and the Recommendation's eight, with one to spare for the page's own article.</summary>
    public const int Length = 17;

    private readonly SiteWide<IReadOnlyList<ListedArticle>> _list = new(clock);

    /// <summary>The fresh reading, or a new one, read for the site and not for one request (whose cancellation it ignores).</summary>
    public SiteWide<IReadOnlyList<ListedArticle>>.Reading Get(PageSources sources) =>
        _list.Get(() => sources.TrendingAsync(null, Length, CancellationToken.None));
}
