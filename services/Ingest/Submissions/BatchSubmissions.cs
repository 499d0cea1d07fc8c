using System.Text.Json;
using System.Text.Json.Serialization;
using Microsoft.AspNetCore.Http.HttpResults;
using Publishing.Contracts;
using Publishing.Ingest.Newsrooms;
using Publishing.Ingest.Storage;
using Publishing.ServiceDefaults.Problems;

namespace Publishing.Ingest.Submissions;

/// <summary>
/// Many submissions in one request (a JSON array, or NDJSON with one submission a line), in our JSON or, at
/// <c>/api/ingest/ninjs/batch</c>, in ninjs: each item is accepted or refused on its own, and the accepted ones are
/// recorded in one store transaction, which is what makes a batch cheaper than as many single requests.
/// </summary>
public static class BatchSubmissions
{
    /// <summary>
    /// One item's answer; <see cref="Status"/> is <c>accepted</c>, <c>invalid</c> (a 400 on its own), <c>conflict</c>
    /// (a 409) or, for ninjs, <c>not-an-article</c> (a 422).
    /// </summary>
    public sealed record ItemResult(
        int Index,
        string Status,
        Guid? Id = null,
        [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? Slug = null,
        [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] int? Revision = null,
        [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] IDictionary<string, string[]>? Errors = null);

    public sealed record BatchResult(IReadOnlyList<ItemResult> Results);

    /// <summary>One item read: the article to submit, or the status and errors that refuse it.</summary>
    public readonly record struct ItemVerdict(ValidArticle? Article, string Status, IDictionary<string, string[]>? Errors)
    {
        public static ItemVerdict Accept(ValidArticle article) => new(article, "accepted", null);
        public static ItemVerdict Refuse(string status, IDictionary<string, string[]> errors) => new(null, status, errors);
    }

    /// <summary>A batch of submissions in our JSON.</summary>
    public static Task<Results<Ok<BatchResult>, ValidationProblem, ProblemHttpResult>> SubmitBatch(
        HttpRequest request, IIngestStore store, TimeProvider clock, CancellationToken cancellationToken) =>
        SubmitAsync(request, store, clock, (element, now) => SubmissionValidator.Validate(element, now) switch
        {
            ({ } article, _) => ItemVerdict.Accept(article),
            (null, var errors) => ItemVerdict.Refuse("invalid", errors),
        }, cancellationToken);

    /// <summary>
    /// A batch whose items <paramref name="read"/> turns into articles, or refuses; an item that does not parse is
    /// refused with its errors as <paramref name="unreadable"/> names them, if given.
    /// </summary>
    public static async Task<Results<Ok<BatchResult>, ValidationProblem, ProblemHttpResult>> SubmitAsync(
        HttpRequest request, IIngestStore store, TimeProvider clock, Func<JsonElement, DateTimeOffset, ItemVerdict> read,
        CancellationToken cancellationToken, Func<Dictionary<string, string[]>, Dictionary<string, string[]>>? unreadable = null)
    {
        var ndjson = RequestBodies.IsNdjson(request);
        if (!ndjson && !RequestBodies.IsJson(request))
        {
            return ProblemDetailsExtensions.Problem(StatusCodes.Status415UnsupportedMediaType,
                "Send a batch as a JSON array (application/json) or as NDJSON (application/x-ndjson).");
        }
        if (await RequestBodies.ReadAsync(request, Limits.BatchRequestBytes, cancellationToken) is not { } body)
        {
            return ArticleIntake.TooLarge(Limits.BatchRequestBytes);
        }

        var owned = new List<JsonDocument>();
        var (items, errors) = ndjson ? Lines(body, owned) : Array(body, owned);
        try
        {
            if (items is null)
            {
                return ProblemDetailsExtensions.Invalid(errors);
            }
            var now = clock.GetUtcNow();
            var source = request.HttpContext.Newsroom().Source;
            var results = new ItemResult?[items.Count];
            var valid = new List<(int Index, RevisionSubmission Revision)>(items.Count);
            for (var index = 0; index < items.Count; index++)
            {
                var verdict = items[index].Element is { } element
                    ? read(element, now)
                    : ItemVerdict.Refuse("invalid", unreadable?.Invoke(items[index].Errors!) ?? items[index].Errors!);
                if (verdict.Article is { } article)
                {
                    valid.Add((index, ArticleIntake.Revision(article, source, now)));
                }
                else
                {
                    results[index] = new ItemResult(index, verdict.Status, Errors: verdict.Errors);
                }
            }

            if (valid.Count > 0)
            {
                var outcomes = await store.SubmitAsync(source, valid.Select(v => v.Revision).ToList(), cancellationToken);
                for (var i = 0; i < valid.Count; i++)
                {
                    var index = valid[i].Index;
                    results[index] = outcomes[i] switch
                    {
                        SubmitOutcome.Accepted a => new ItemResult(index, "accepted", a.ArticleId, a.Slug, a.Revision),
                        SubmitOutcome.Repeated r => new ItemResult(index, "accepted", r.ArticleId, r.Slug, r.Revision),
                        SubmitOutcome.Conflict c => new ItemResult(index, "conflict", c.ArticleId,
                            Errors: new Dictionary<string, string[]> { ["revision"] = [c.Reason] }),
                        var other => throw new InvalidOperationException($"Unexpected outcome {other}"),
                    };
                }
            }
            return TypedResults.Ok(new BatchResult(results.Select(r => r!).ToList()));
        }
        finally
        {
            owned.ForEach(document => document.Dispose());
        }
    }

    /// <summary>An item read from the batch: its JSON, or why it could not be read.</summary>
    private sealed record Item(JsonElement? Element, Dictionary<string, string[]>? Errors);

    private static (List<Item>? Items, Dictionary<string, string[]> Errors) Array(byte[] body, List<JsonDocument> owned)
    {
        var (document, errors) = ArticleIntake.Parse(body);
        if (document is null)
        {
            return (null, errors);
        }
        owned.Add(document);
        if (document.RootElement.ValueKind != JsonValueKind.Array)
        {
            return (null, new() { ["$"] = ["A batch is a JSON array of documents, one per article."] });
        }
        if (document.RootElement.GetArrayLength() > Limits.BatchItems)
        {
            return (null, TooMany());
        }
        return (document.RootElement.EnumerateArray().Select(element => new Item(element, null)).ToList(), []);
    }

    /// <summary>NDJSON: one submission a line; blank lines are skipped; a line that is not JSON refuses that item only.</summary>
    private static (List<Item>? Items, Dictionary<string, string[]> Errors) Lines(byte[] body, List<JsonDocument> owned)
    {
        var items = new List<Item>();
        ReadOnlyMemory<byte> memory = body;
        while (memory.Length > 0)
        {
            var end = memory.Span.IndexOf((byte)'\n');
            var line = end < 0 ? memory : memory[..end];
            memory = end < 0 ? ReadOnlyMemory<byte>.Empty : memory[(end + 1)..];
            if (line.Span.Trim(" \t\r"u8).IsEmpty)
            {
                continue;
            }
            if (items.Count == Limits.BatchItems)
            {
                return (null, TooMany());
            }
            var (document, errors) = ArticleIntake.Parse(line);
            if (document is null)
            {
                items.Add(new Item(null, errors));
                continue;
            }
            owned.Add(document);
            items.Add(new Item(document.RootElement, null));
        }
        return (items, []);
    }

    private static Dictionary<string, string[]> TooMany() => new() { ["$"] = [$"A batch holds at most {Limits.BatchItems:N0} items."] };
}
