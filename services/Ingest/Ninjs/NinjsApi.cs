using System.Text.Json;
using Microsoft.AspNetCore.Http.HttpResults;
using Publishing.Ingest.Newsrooms;
using Publishing.Ingest.Storage;
using Publishing.Ingest.Submissions;
using Publishing.ServiceDefaults.Problems;

namespace Publishing.Ingest.Ninjs;

public static class NinjsApi
{
    public static IEndpointRouteBuilder MapNinjsApi(this IEndpointRouteBuilder app)
    {
        NinjsSchemas.Warm();
        var ingest = app.MapGroup("/api/ingest").RequireNewsroomKey().WithTags("Ingest");
        ingest.MapPost("/ninjs", SubmitNinjs).Accepts<JsonElement>("application/json")
            .ProducesProblem(StatusCodes.Status409Conflict).ProducesProblem(StatusCodes.Status413PayloadTooLarge)
            .ProducesProblem(StatusCodes.Status415UnsupportedMediaType).ProducesProblem(StatusCodes.Status422UnprocessableEntity);
        ingest.MapPost("/ninjs/batch", SubmitNinjsBatch).Accepts<JsonElement[]>("application/json", "application/x-ndjson")
            .ProducesProblem(StatusCodes.Status413PayloadTooLarge).ProducesProblem(StatusCodes.Status415UnsupportedMediaType);
        return app;
    }

    /// <summary>A ninjs document, read by <see cref="Read"/> and then handled as our JSON is.</summary>
    private static Task<Results<Accepted<Receipt>, ValidationProblem, ProblemHttpResult>> SubmitNinjs(
        HttpRequest request, IIngestStore store, TimeProvider clock, CancellationToken cancellationToken) =>
        ArticleIntake.ReadAsync(request, async json =>
        {
            var (now, source) = (clock.GetUtcNow(), request.HttpContext.Newsroom().Source);
            return Read(json, now) switch
            {
                { Article: { } article } => ArticleIntake.Answer(await store.SubmitAsync(source, ArticleIntake.Revision(article, source, now), cancellationToken)),
                { NotAnArticle: { } detail } => ProblemDetailsExtensions.Problem(StatusCodes.Status422UnprocessableEntity, detail, "The document is not a publishable article."),
                { Title: { } title } refused => TypedResults.ValidationProblem(refused.Errors, title: title),
                var refused => ProblemDetailsExtensions.Invalid(refused.Errors),
            };
        }, cancellationToken, Unreadable);

    /// <summary>Many ninjs documents, as a JSON array or NDJSON: each accepted or refused on its own, as <see cref="SubmitNinjs"/> would.</summary>
    private static Task<Results<Ok<BatchSubmissions.BatchResult>, ValidationProblem, ProblemHttpResult>> SubmitNinjsBatch(
        HttpRequest request, IIngestStore store, TimeProvider clock, CancellationToken cancellationToken) =>
        BatchSubmissions.SubmitAsync(request, store, clock, (json, now) => Read(json, now) switch
        {
            { Article: { } article } => BatchSubmissions.ItemVerdict.Accept(article),
            { NotAnArticle: { } detail } => BatchSubmissions.ItemVerdict.Refuse("not-an-article", new Dictionary<string, string[]> { [""] = [detail] }),
            var refused => BatchSubmissions.ItemVerdict.Refuse("invalid", refused.Errors),
        }, cancellationToken, Unreadable);

    /// <summary>What a ninjs document is: an article, or invalid (what is wrong, by JSON pointer), or valid ninjs that is no article.</summary>
    private sealed record Reading(ValidArticle? Article, IDictionary<string, string[]> Errors, string? Title = null, string? NotAnArticle = null);

    /// <summary>
    /// Validated against the official schema of its version (<see cref="NinjsVersions"/>), then refused when it is no article (no headline, no text
    /// or HTML body), then mapped and validated as our JSON is.
    /// </summary>
    private static Reading Read(JsonElement json, DateTimeOffset now)
    {
        var (version, schema) = NinjsVersions.Choose(json);
        if (SchemaErrors(schema, json) is { Count: > 0 } schemaErrors)
        {
            return new Reading(null, schemaErrors, $"The document is not valid ninjs {schema}.");
        }
        var ninjs = NinjsArticle.Map(json, version);
        if (ninjs.Missing.Count > 0)
        {
            return new Reading(null, new Dictionary<string, string[]>(), NotAnArticle: $"The ninjs document is not an article: it has no {string.Join(" and no ", ninjs.Missing)}.");
        }
        var (article, errors) = SubmissionValidator.Validate(ninjs.Submission, now, ninjs.Errors);
        return article is null ? new Reading(null, ninjs.InNinjsTerms(errors)) : new Reading(article, new Dictionary<string, string[]>());
    }

    /// <summary>
    /// What the schema finds wrong, by the JSON pointer of each failing value (<c>/headlines/0/value</c>; <c>""</c> is
    /// the document itself), each message led by the keyword that fails (<c>type: …</c>).
    /// </summary>
    internal static Dictionary<string, string[]> SchemaErrors(string version, JsonElement document) =>
        NinjsSchemas.Evaluate(version, document)
            .GroupBy(error => error.Location)
            .ToDictionary(group => group.Key, group => group.Select(error => $"{error.Keyword}: {error.Message}").Distinct().ToArray());

    /// <summary>
    /// A document that does not parse, named as schema errors are: by JSON pointer (<c>$.body_html</c> becomes
    /// <c>/body_html</c>, <c>$</c> the document itself, <c>""</c>), under the keyword <c>json</c>.
    /// </summary>
    private static Dictionary<string, string[]> Unreadable(Dictionary<string, string[]> errors) =>
        errors.ToDictionary(e => Pointer(e.Key), e => e.Value.Select(message => $"json: {message}").ToArray());

    /// <summary>A path of our own (<c>$.a[0].b</c>, or a ninjs field name such as <c>uri</c>) as a JSON pointer (<c>/a/0/b</c>).</summary>
    internal static string Pointer(string path)
    {
        var steps = path == "$" ? "" : path.StartsWith("$.", StringComparison.Ordinal) ? path[2..] : path;
        return steps.Length == 0 ? "" : "/" + string.Join('/', steps.Replace("[", ".").Replace("]", "").Split('.').Select(s => s.Replace("~", "~0").Replace("/", "~1")));
    }
}
