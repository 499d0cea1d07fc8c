using System.Globalization;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.OpenApi;
using Microsoft.OpenApi;
using Publishing.Articles.Domain;
using Publishing.Articles.Storage;
using Publishing.Contracts;
using Publishing.ServiceDefaults.Lists;
using Publishing.ServiceDefaults.Problems;

namespace Publishing.Articles.Reading;

public static class ArticlesApi
{
    public const int DefaultLimit = 20;

    public static IEndpointRouteBuilder MapArticlesApi(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("/api/articles").WithTags("Articles");

        api.MapGet("/", ListArticles).AddOpenApiOperationTransformer(DescribeListQuery);
        api.MapGet("/{idOrSlug}", GetArticle).ProducesProblem(StatusCodes.Status404NotFound).ProducesProblem(StatusCodes.Status410Gone);

        return app;
    }

    // The query values bind as text (see ListArticles); the document still tells clients what they are.
    private static Task DescribeListQuery(OpenApiOperation operation, OpenApiOperationTransformerContext context, CancellationToken cancellationToken)
    {
        foreach (var parameter in operation.Parameters?.OfType<OpenApiParameter>() ?? [])
        {
            switch (parameter.Name)
            {
                case "limit":
                    parameter.Description = $"Items per page, 1 to {ListLimit.Max}; {DefaultLimit} when absent.";
                    parameter.Schema = new OpenApiSchema { Type = JsonSchemaType.Integer, Format = "int32", Minimum = "1", Maximum = ListLimit.Max.ToString(CultureInfo.InvariantCulture) };
                    break;
                case "cursor":
                    parameter.Description = "The nextCursor of the previous page, unchanged.";
                    break;
                case "topic":
                    parameter.Description = "Only articles of this topic, matched in its normalized form (lower case, hyphens).";
                    break;
            }
        }
        return Task.CompletedTask;
    }

    public sealed record ArticlePage(IReadOnlyList<ArticleSummary> Items, string? NextCursor);

    // The query values arrive as text so that a malformed one is a 400 naming its field, not a bare binding failure.
    private static async Task<Results<Ok<ArticlePage>, ValidationProblem>> ListArticles(
        IArticleStore store, CancellationToken cancellationToken, string? topic = null, string? limit = null, string? cursor = null)
    {
        var errors = new Dictionary<string, string[]>();
        if (!ListLimit.TryParse(limit, DefaultLimit, out var pageSize))
        {
            errors["limit"] = [ListLimit.Error];
        }
        ListPosition? after = null;
        if (!string.IsNullOrEmpty(cursor) && !ListCursor.TryDecode(cursor, out after))
        {
            errors["cursor"] = ["cursor is not one this API gave out: pass the nextCursor of a previous page, unchanged."];
        }
        if (errors.Count > 0)
        {
            return ProblemDetailsExtensions.Invalid(errors);
        }

        var topicKey = string.IsNullOrWhiteSpace(topic) ? null : TopicKey.Normalize(topic);
        if (topicKey is { Length: 0 })
        {
            // Nothing is stored under a topic with no letters or digits.
            return TypedResults.Ok(new ArticlePage([], null));
        }
        // One more than asked tells whether a next page exists without a second query.
        var items = await store.ListAsync(topicKey, pageSize + 1, after, cancellationToken);
        var page = items.Take(pageSize).ToList();
        var next = items.Count > pageSize ? ListCursor.Encode(new ListPosition(page[^1].PublishedAt, page[^1].Id)) : null;
        return TypedResults.Ok(new ArticlePage(page, next));
    }

    private static async Task<Results<Ok<Article>, ProblemHttpResult>> GetArticle(string idOrSlug, IArticleStore store, CancellationToken cancellationToken) =>
        await store.FindAsync(idOrSlug, cancellationToken) switch
        {
            ArticleLookup.Found found => TypedResults.Ok(found.Article),
            ArticleLookup.Withdrawn => ProblemDetailsExtensions.Problem(StatusCodes.Status410Gone, "The article was withdrawn by its newsroom."),
            _ => ProblemDetailsExtensions.Problem(StatusCodes.Status404NotFound, $"No article '{idOrSlug}' is known."),
        };
}
