using System.Text.Json;
using Microsoft.AspNetCore.Http.HttpResults;
using Publishing.Contracts;
using Publishing.Ingest.Storage;
using Publishing.ServiceDefaults.Problems;

namespace Publishing.Ingest.Submissions;

/// <summary>The answer to an accepted submission (API.md): where the article will be readable.</summary>
public sealed record Receipt(Guid Id, string Slug, int Revision, string Status);

/// <summary>What every way in (our JSON, ninjs, batches) does with a valid article: record it and answer.</summary>
public static class ArticleIntake
{
    public static readonly JsonDocumentOptions Json = new() { MaxDepth = 64 };

    public static RevisionSubmission Revision(ValidArticle article, string source, DateTimeOffset now) => new(
        article.ExternalId, article.Revision, article.ContentHash,
        articleId => new ArticleSubmitted(
            articleId, source, article.ExternalId, article.Revision, Slugs.For(article.Headline, articleId),
            article.Headline, article.Summary, article.BodyHtml, article.Byline, article.Dateline,
            article.Topics, article.Language, article.PublishedAt, now));

    public static Results<Accepted<Receipt>, ValidationProblem, ProblemHttpResult> Answer(SubmitOutcome outcome) => outcome switch
    {
        SubmitOutcome.Accepted a => TypedResults.Accepted($"/api/articles/{a.ArticleId}", new Receipt(a.ArticleId, a.Slug, a.Revision, "accepted")),
        SubmitOutcome.Repeated r => TypedResults.Accepted($"/api/articles/{r.ArticleId}", new Receipt(r.ArticleId, r.Slug, r.Revision, "accepted")),
        SubmitOutcome.Conflict c => ProblemDetailsExtensions.Problem(StatusCodes.Status409Conflict, c.Reason),
        _ => throw new InvalidOperationException($"Unexpected outcome {outcome}"),
    };

    /// <summary>
    /// Reads one article's JSON body and hands it to <paramref name="submit"/>: 415 when the body is not JSON, 413 over
    /// the article limit, 400 when it does not parse.
    /// </summary>
    public static async Task<Results<Accepted<Receipt>, ValidationProblem, ProblemHttpResult>> ReadAsync(
        HttpRequest request, Func<JsonElement, Task<Results<Accepted<Receipt>, ValidationProblem, ProblemHttpResult>>> submit,
        CancellationToken cancellationToken)
    {
        if (!RequestBodies.IsJson(request))
        {
            return NotJson();
        }
        if (await RequestBodies.ReadAsync(request, RequestBodies.ArticleLimit, cancellationToken) is not { } body)
        {
            return TooLarge(RequestBodies.ArticleLimit);
        }
        var (document, parseErrors) = Parse(body);
        if (document is null)
        {
            return ProblemDetailsExtensions.Invalid(parseErrors);
        }
        using (document)
        {
            return await submit(document.RootElement);
        }
    }

    public static ProblemHttpResult TooLarge(long limit) =>
        ProblemDetailsExtensions.Problem(StatusCodes.Status413PayloadTooLarge, $"The body is larger than {limit / 1024 / 1024} MiB.");

    public static ProblemHttpResult NotJson() =>
        ProblemDetailsExtensions.Problem(StatusCodes.Status415UnsupportedMediaType, "Send the body as application/json.");

    /// <summary>Parses JSON, or names what is wrong with it.</summary>
    public static (JsonDocument? Document, Dictionary<string, string[]> Errors) Parse(ReadOnlyMemory<byte> body)
    {
        try
        {
            return (JsonDocument.Parse(body, Json), []);
        }
        catch (JsonException invalid)
        {
            return (null, new Dictionary<string, string[]> { ["$"] = [$"The body is not valid JSON (line {invalid.LineNumber + 1}, byte {invalid.BytePositionInLine + 1})."] });
        }
    }
}
