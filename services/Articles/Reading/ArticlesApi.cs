using System.Buffers.Text;
using System.Text;
using Microsoft.AspNetCore.Http.HttpResults;
using Publishing.Articles.Storage;
using Publishing.ServiceDefaults.Problems;

namespace Publishing.Articles.Reading;

public static class ArticlesApi
{
    public static IEndpointRouteBuilder MapArticlesApi(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("/api/articles").WithTags("Articles");

        api.MapGet("/", ListArticles);
        api.MapGet("/{idOrSlug}", GetArticle);

        return app;
    }

    public sealed record ArticlePage(IReadOnlyList<ArticleSummary> Items, string? NextCursor);

    private static async Task<Results<Ok<ArticlePage>, ValidationProblem>> ListArticles(
        IArticleStore store, CancellationToken cancellationToken, string? topic = null, int? limit = null, string? cursor = null)
    {
        var errors = new Dictionary<string, string[]>();
        var pageSize = limit ?? 20;
        if (pageSize is < 1 or > 100)
        {
            errors["limit"] = ["limit must be between 1 and 100."];
        }
        ListPosition? after = null;
        if (cursor is not null && !TryDecode(cursor, out after))
        {
            errors["cursor"] = ["cursor is not one this API gave out."];
        }
        if (errors.Count > 0)
        {
            return ProblemDetailsExtensions.Invalid(errors);
        }

        var items = await store.ListAsync(string.IsNullOrWhiteSpace(topic) ? null : topic.Trim().ToLowerInvariant(), pageSize + 1, after, cancellationToken);
        var page = items.Take(pageSize).ToList();
        var next = items.Count > pageSize ? Encode(new ListPosition(page[^1].PublishedAt, page[^1].Id)) : null;
        return TypedResults.Ok(new ArticlePage(page, next));
    }

    private static async Task<Results<Ok<Article>, ProblemHttpResult>> GetArticle(string idOrSlug, IArticleStore store, CancellationToken cancellationToken) =>
        await store.FindAsync(idOrSlug, cancellationToken) switch
        {
            ArticleLookup.Found found => TypedResults.Ok(found.Article),
            ArticleLookup.Withdrawn => ProblemDetailsExtensions.Problem(StatusCodes.Status410Gone, "The article was withdrawn by its newsroom."),
            _ => ProblemDetailsExtensions.Problem(StatusCodes.Status404NotFound, $"No article '{idOrSlug}' is known."),
        };

    private static string Encode(ListPosition position) =>
        Base64Url.EncodeToString(Encoding.UTF8.GetBytes($"{position.PublishedAt.UtcTicks}:{position.Id:N}"));

    private static bool TryDecode(string cursor, out ListPosition? position)
    {
        position = null;
        try
        {
            var parts = Encoding.UTF8.GetString(Base64Url.DecodeFromChars(cursor)).Split(':');
            if (parts.Length == 2 && long.TryParse(parts[0], out var ticks) && ticks >= 0 && ticks <= DateTimeOffset.MaxValue.UtcTicks && Guid.TryParseExact(parts[1], "N", out var id))
            {
                position = new ListPosition(new DateTimeOffset(ticks, TimeSpan.Zero), id);
                return true;
            }
        }
        catch (FormatException)
        {
        }
        return false;
    }
}
