namespace Publishing.Ranking.Lists;

/// <summary>
/// An item of every list Ranking serves: the summary fields of API.md, the article's current vote count, and its
/// <paramref name="Score"/> in that list (trending: decayed votes as of now; related: cosine similarity;
/// recommendations: the blended score).
/// </summary>
public sealed record ListedArticle(
    Guid Id,
    string Slug,
    string Headline,
    string? Summary,
    DateTimeOffset PublishedAt,
    IReadOnlyList<string> Topics,
    long Votes,
    double Score);
