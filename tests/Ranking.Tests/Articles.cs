using Publishing.Contracts;

namespace Publishing.Ranking.Tests;

/// <summary>Article snapshots for tests, with only what a test cares about to set.</summary>
public static class Articles
{
    public static readonly DateTimeOffset Noon = new(2026, 11, 24, 12, 0, 0, TimeSpan.Zero);

    public static ArticleSnapshot Snapshot(
        string headline = "An article", DateTimeOffset? publishedAt = null, string text = "Some text.", string[]? topics = null,
        Guid? id = null, int revision = 1, string? summary = null) =>
        new(id ?? Guid.NewGuid(), revision, "slug-" + Guid.NewGuid().ToString("N")[..8], headline, summary, text,
            topics ?? ["world"], "en", publishedAt ?? Noon);
}
