namespace Publishing.Ingest.Submissions;

/// <summary>A submission that passed every rule, normalized, ready to become an event.</summary>
public sealed record ValidArticle(
    string ExternalId,
    int Revision,
    string Headline,
    string? Summary,
    string BodyHtml,
    string? Byline,
    string? Dateline,
    IReadOnlyList<string> Topics,
    string Language,
    DateTimeOffset PublishedAt);

/// <summary>The rules of API.md for a submission; every refusal names its field.</summary>
public static class SubmissionValidator
{
    public static (ValidArticle? Article, Dictionary<string, string[]> Errors) Validate(ArticleSubmission submission, DateTimeOffset now)
    {
        var errors = new Dictionary<string, string[]>();
        var externalId = submission.ExternalId ?? "";
        if (externalId.Length == 0)
        {
            errors["externalId"] = ["externalId is required."];
        }
        var headline = submission.Headline?.Trim() ?? "";
        if (headline.Length == 0)
        {
            errors["headline"] = ["headline is required."];
        }
        if (string.IsNullOrWhiteSpace(submission.Body))
        {
            errors["body"] = ["body is required."];
        }
        if (errors.Count > 0)
        {
            return (null, errors);
        }
        return (new ValidArticle(
            externalId,
            submission.Revision ?? 1,
            headline,
            submission.Summary,
            submission.Body!,
            submission.Byline,
            submission.Dateline,
            submission.Topics ?? [],
            submission.Language ?? "en",
            submission.PublishedAt ?? now), errors);
    }
}
