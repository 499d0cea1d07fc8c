using Microsoft.AspNetCore.Http.HttpResults;
using Publishing.Ranking.Lists;
using Publishing.Ranking.Projection;
using Publishing.ServiceDefaults.Problems;

namespace Publishing.Ranking.Related;

public static class RelatedApi
{
    public static IEndpointRouteBuilder MapRelatedApi(this IEndpointRouteBuilder app)
    {
        app.MapGet("/api/articles/{id}/related", GetRelated).WithTags("Related")
            .ProducesProblem(StatusCodes.Status404NotFound).ProducesProblem(StatusCodes.Status410Gone).ProducesProblem(StatusCodes.Status503ServiceUnavailable);
        return app;
    }

    private static Results<Ok<ListAnswer>, ValidationProblem, ProblemHttpResult> GetRelated(
        string id, string? limit, HttpContext context, RankingProjection projection)
    {
        if (!ListAnswer.TryLimit(limit, out var count, out var problem))
        {
            return problem!;
        }
        if (!Guid.TryParse(id, out var articleId))
        {
            return Unknown(id);
        }
        if (projection.Model is not { } model)
        {
            return ListAnswer.Rebuilding(context);
        }
        if (model.Related(articleId, count) is { } related)
        {
            return TypedResults.Ok(new ListAnswer(related));
        }
        return model.IsWithdrawn(articleId)
            ? ProblemDetailsExtensions.Problem(StatusCodes.Status410Gone, "The article was withdrawn by its newsroom.")
            : Unknown(id);
    }

    private static ProblemHttpResult Unknown(string id) =>
        ProblemDetailsExtensions.Problem(StatusCodes.Status404NotFound, $"No article '{id}' is known to the related-articles model.");
}
