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
    /// the article limit, 400 when it does not parse (its errors as <paramref name="unreadable"/> names them, if given).
    /// </summary>
    public static async Task<Results<Accepted<Receipt>, ValidationProblem, ProblemHttpResult>> ReadAsync(
        HttpRequest request, Func<JsonElement, Task<Results<Accepted<Receipt>, ValidationProblem, ProblemHttpResult>>> submit,
        CancellationToken cancellationToken, Func<Dictionary<string, string[]>, Dictionary<string, string[]>>? unreadable = null)
    {
        if (!RequestBodies.IsJson(request))
        {
            return NotJson();
        }
        if (await RequestBodies.ReadAsync(request, Limits.ArticleRequestBytes, cancellationToken) is not { } body)
        {
            return TooLarge(Limits.ArticleRequestBytes);
        }
        var (document, parseErrors) = Parse(body);
        if (document is null)
        {
            return ProblemDetailsExtensions.Invalid(unreadable?.Invoke(parseErrors) ?? parseErrors);
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
        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(body, Json);
        }
        catch (JsonException invalid)
        {
            return (null, new Dictionary<string, string[]> { ["$"] = [$"This is not valid JSON (line {invalid.LineNumber + 1}, byte {invalid.BytePositionInLine + 1})."] });
        }
        if (EscapesASurrogate(body.Span) && LoneSurrogate(document.RootElement, "$") is { } path)
        {
            document.Dispose();
            return (null, new Dictionary<string, string[]> { [path] = ["The text escapes half of a surrogate pair alone (\\uD800 to \\uDFFF), which is no character."] });
        }
        return (document, []);
    }

    /// <summary>Whether the body holds a \uD8.. to \uDF.. escape anywhere: only then can a string fail to decode.</summary>
    private static bool EscapesASurrogate(ReadOnlySpan<byte> body)
    {
        var rest = body;
        while (rest.IndexOf("\\u"u8) is var at and >= 0)
        {
            rest = rest[(at + 2)..];
            if (rest.Length >= 2 && rest[0] is (byte)'d' or (byte)'D' &&
                rest[1] is (>= (byte)'8' and <= (byte)'9') or (>= (byte)'a' and <= (byte)'f') or (>= (byte)'A' and <= (byte)'F'))
            {
                return true;
            }
        }
        return false;
    }

    /// <summary>
    /// The path of the first string or name that escapes a lone surrogate: JSON parses it, but it is no text, and
    /// reading it would throw.
    /// </summary>
    private static string? LoneSurrogate(JsonElement element, string path)
    {
        switch (element.ValueKind)
        {
            case JsonValueKind.String:
                try
                {
                    element.GetString();
                    return null;
                }
                catch (InvalidOperationException)
                {
                    return path;
                }
            case JsonValueKind.Array:
                var index = 0;
                foreach (var item in element.EnumerateArray())
                {
                    if (LoneSurrogate(item, $"{path}[{index++}]") is { } found)
                    {
                        return found;
                    }
                }
                return null;
            case JsonValueKind.Object:
                foreach (var property in element.EnumerateObject())
                {
                    string name;
                    try
                    {
                        name = property.Name;
                    }
                    catch (InvalidOperationException)
                    {
                        return path;
                    }
                    if (LoneSurrogate(property.Value, $"{path}.{name}") is { } found)
                    {
                        return found;
                    }
                }
                return null;
            default:
                return null;
        }
    }
}
