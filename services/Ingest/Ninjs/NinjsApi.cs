using System.Text.Json;
using Microsoft.AspNetCore.Http.HttpResults;
using NJsonSchema.Validation;
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
        }, cancellationToken);

    /// <summary>Many ninjs documents, as a JSON array or NDJSON: each accepted or refused on its own, as <see cref="SubmitNinjs"/> would.</summary>
    private static Task<Results<Ok<BatchSubmissions.BatchResult>, ValidationProblem, ProblemHttpResult>> SubmitNinjsBatch(
        HttpRequest request, IIngestStore store, TimeProvider clock, CancellationToken cancellationToken) =>
        BatchSubmissions.SubmitAsync(request, store, clock, (json, now) => Read(json, now) switch
        {
            { Article: { } article } => BatchSubmissions.ItemVerdict.Accept(article),
            { NotAnArticle: { } detail } => BatchSubmissions.ItemVerdict.Refuse("not-an-article", new Dictionary<string, string[]> { ["$"] = [detail] }),
            var refused => BatchSubmissions.ItemVerdict.Refuse("invalid", refused.Errors),
        }, cancellationToken);

    /// <summary>What a ninjs document is: an article, or invalid (what is wrong, named after the ninjs fields), or valid ninjs that is no article.</summary>
    private sealed record Reading(ValidArticle? Article, IDictionary<string, string[]> Errors, string? Title = null, string? NotAnArticle = null);

    /// <summary>
    /// Validated against the official schema of its version, then refused when it is no article (no headline, no text
    /// or HTML body), then mapped and validated as our JSON is.
    /// </summary>
    private static Reading Read(JsonElement json, DateTimeOffset now)
    {
        if (json.ValueKind != JsonValueKind.Object)
        {
            return new Reading(null, new Dictionary<string, string[]> { ["$"] = ["A ninjs document is a JSON object."] });
        }
        var (version, declared) = NinjsArticle.DetectVersion(json);
        if (SchemaErrors(NinjsSchemas.For(version, declared), json.GetRawText()) is { Count: > 0 } schemaErrors)
        {
            return new Reading(null, schemaErrors, $"The document is not valid ninjs {Describe(version)}.");
        }
        var ninjs = NinjsArticle.Map(json, version);
        if (ninjs.Missing.Count > 0)
        {
            return new Reading(null, new Dictionary<string, string[]>(), NotAnArticle: $"The ninjs document is not an article: it has no {string.Join(" and no ", ninjs.Missing)}.");
        }
        var (article, errors) = SubmissionValidator.Validate(ninjs.Submission, now, ninjs.Errors);
        return article is null ? new Reading(null, ninjs.InNinjsTerms(errors)) : new Reading(article, new Dictionary<string, string[]>());
    }

    private static string Describe(NinjsVersion version) => version switch
    {
        NinjsVersion.V1 => "1.x",
        NinjsVersion.V2 => "2.x",
        _ => "3.x",
    };

    /// <summary>What the schema finds wrong, by the path of the offending value (<c>headlines[0].value</c>).</summary>
    internal static Dictionary<string, string[]> SchemaErrors(NJsonSchema.JsonSchema schema, string json)
    {
        ICollection<ValidationError> found;
        try
        {
            found = schema.Validate(json);
        }
        catch (Newtonsoft.Json.JsonException unreadable)
        {
            return new() { ["$"] = [$"The document cannot be read: {unreadable.Message}"] };
        }
        return found
            .GroupBy(error => FieldOf(error))
            .ToDictionary(group => group.Key, group => group.Select(Describe).Distinct().ToArray());
    }

    private static string FieldOf(ValidationError error)
    {
        var path = (error.Path ?? "").TrimStart('#').TrimStart('/').Replace('/', '.');
        return path.Length > 0 ? path : error.Property ?? "$";
    }

    private static string Describe(ValidationError error) => error.Kind switch
    {
        ValidationErrorKind.NoAdditionalPropertiesAllowed => $"'{error.Property}' is not a ninjs field here.",
        ValidationErrorKind.PropertyRequired => $"'{error.Property}' is required.",
        _ => $"{error.Kind}: {Humanize(error.Kind)}",
    };

    private static string Humanize(ValidationErrorKind kind) => kind switch
    {
        ValidationErrorKind.StringExpected => "a string is expected",
        ValidationErrorKind.ArrayExpected => "an array is expected",
        ValidationErrorKind.ObjectExpected => "an object is expected",
        ValidationErrorKind.IntegerExpected or ValidationErrorKind.NumberExpected => "a number is expected",
        ValidationErrorKind.DateTimeExpected => "a date-time such as 2025-04-16T18:29:53Z is expected",
        ValidationErrorKind.UriExpected => "an absolute URI is expected",
        ValidationErrorKind.NotInEnumeration => "the value is not one the schema allows",
        _ => "the value does not match the schema",
    };
}
