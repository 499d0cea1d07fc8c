namespace Publishing.Ingest.Submissions;

/// <summary>An article as a newsroom sends it in our JSON (API.md, "Newsroom: ingest").</summary>
public sealed record ArticleSubmission
{
    public string? ExternalId { get; init; }
    public int? Revision { get; init; }
    public string? Headline { get; init; }
    public string? Summary { get; init; }
    public string? Body { get; init; }
    public string? Byline { get; init; }
    public string? Dateline { get; init; }
    public IReadOnlyList<string>? Topics { get; init; }
    public string? Language { get; init; }
    public DateTimeOffset? PublishedAt { get; init; }
}
