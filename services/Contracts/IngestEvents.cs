namespace Publishing.Contracts;

/// <summary>A newsroom submitted a revision of an article; Ingest has checked and sanitized it.</summary>
public sealed record ArticleSubmitted(
    Guid ArticleId,
    string Source,
    string ExternalId,
    int Revision,
    string Slug,
    string Headline,
    string? Summary,
    string BodyHtml,
    string? Byline,
    string? Dateline,
    IReadOnlyList<string> Topics,
    string Language,
    DateTimeOffset PublishedAt,
    DateTimeOffset SubmittedAt);

/// <summary>A newsroom withdrew (killed) an article. It wins over every revision it follows.</summary>
public sealed record ArticleWithdrawalSubmitted(
    Guid ArticleId,
    string Source,
    string ExternalId,
    DateTimeOffset WithdrawnAt);
