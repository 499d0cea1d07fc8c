namespace Publishing.Articles.Domain;

/// <summary>The newest revision of a readable article, as readers get it.</summary>
public sealed record Article(
    Guid Id,
    string Slug,
    int Revision,
    string ExternalId,
    string Source,
    string Headline,
    string? Summary,
    string Body,
    string? Byline,
    string? Dateline,
    IReadOnlyList<string> Topics,
    string Language,
    DateTimeOffset PublishedAt,
    DateTimeOffset UpdatedAt,
    long Votes);

/// <summary>An article in a list: enough to show and link it.</summary>
public sealed record ArticleSummary(
    Guid Id,
    string Slug,
    string Headline,
    string? Summary,
    string? Dateline,
    IReadOnlyList<string> Topics,
    DateTimeOffset PublishedAt,
    DateTimeOffset UpdatedAt,
    long Votes);

public abstract record ArticleLookup
{
    public sealed record Found(Article Article) : ArticleLookup;
    public sealed record Withdrawn(Guid Id) : ArticleLookup;
    public sealed record Unknown : ArticleLookup;
}

/// <summary>Where a page of the newest-first list ends: the last item's time and id, so later pages neither repeat nor skip.</summary>
public sealed record ListPosition(DateTimeOffset PublishedAt, Guid Id);
