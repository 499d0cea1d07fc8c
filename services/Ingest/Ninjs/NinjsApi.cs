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
        app.MapGroup("/api/ingest").RequireNewsroomKey().WithTags("Ingest")
            .MapPost("/ninjs", SubmitNinjs).Accepts<JsonElement>("application/json");
        return app;
    }

    /// <summary>
    /// A ninjs document: validated against the official schema of its version (400 naming what is wrong), then
    /// refused with a 422 when it is no article (no headline, no text or HTML body), then mapped and handled as
    /// our JSON is, with refusals named after the ninjs fields.
    /// </summary>
    private static Task<Results<Accepted<Receipt>, ValidationProblem, ProblemHttpResult>> SubmitNinjs(
        HttpRequest request, IIngestStore store, TimeProvider clock, CancellationToken cancellationToken) =>
        ArticleIntake.ReadAsync(request, async json =>
        {
            if (json.ValueKind != JsonValueKind.Object)
            {
                return ProblemDetailsExtensions.Invalid(new Dictionary<string, string[]> { ["$"] = ["A ninjs document is a JSON object."] });
            }
            var (version, declared) = NinjsArticle.DetectVersion(json);
            if (SchemaErrors(NinjsSchemas.For(version, declared), json.GetRawText()) is { Count: > 0 } schemaErrors)
            {
                return TypedResults.ValidationProblem(schemaErrors, title: $"The document is not valid ninjs {Describe(version)}.");
            }

            var ninjs = NinjsArticle.Map(json, version);
            if (ninjs.Missing.Count > 0)
            {
                return ProblemDetailsExtensions.Problem(StatusCodes.Status422UnprocessableEntity,
                    $"The ninjs document is not an article: it has no {string.Join(" and no ", ninjs.Missing)}.",
                    "The document is not a publishable article.");
            }
            var now = clock.GetUtcNow();
            var (article, errors) = SubmissionValidator.Validate(ninjs.Submission, now, ninjs.Errors);
            if (article is null)
            {
                return ProblemDetailsExtensions.Invalid(ninjs.InNinjsTerms(errors));
            }
            var source = request.HttpContext.Newsroom().Source;
            return ArticleIntake.Answer(await store.SubmitAsync(source, ArticleIntake.Revision(article, source, now), cancellationToken));
        }, cancellationToken);

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
