namespace Publishing.Contracts;

/// <summary>
/// What consumers of articles need to know of one revision, so that none of them calls back:
/// the body comes as plain text for the related-articles model.
/// </summary>
public sealed record ArticleSnapshot(
    Guid ArticleId,
    int Revision,
    string Slug,
    string Headline,
    string? Summary,
    string Text,
    IReadOnlyList<string> Topics,
    string Language,
    DateTimeOffset PublishedAt);

/// <summary>An article became readable for the first time.</summary>
public sealed record ArticlePublished(ArticleSnapshot Article);

/// <summary>A newer revision of a readable article replaced the one before it.</summary>
public sealed record ArticleRevised(ArticleSnapshot Article);

/// <summary>An article was withdrawn: it answers 410 and leaves every list.</summary>
public sealed record ArticleWithdrawn(Guid ArticleId, DateTimeOffset WithdrawnAt);
