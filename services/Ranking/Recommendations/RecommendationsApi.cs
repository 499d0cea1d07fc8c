using Microsoft.AspNetCore.Http.HttpResults;
using Publishing.Ranking.Lists;
using Publishing.Ranking.Projection;
using Publishing.ServiceDefaults.Problems;
using Publishing.ServiceDefaults.Readers;

namespace Publishing.Ranking.Recommendations;

public static class RecommendationsApi
{
    public static IEndpointRouteBuilder MapRecommendationsApi(this IEndpointRouteBuilder app)
    {
        app.MapGet("/api/recommendations", GetRecommendations).WithTags("Recommendations")
            .ProducesProblem(StatusCodes.Status401Unauthorized).ProducesProblem(StatusCodes.Status503ServiceUnavailable);
        return app;
    }

    private static Results<Ok<ListAnswer>, ValidationProblem, ProblemHttpResult> GetRecommendations(
        string? limit, HttpContext context, RankingProjection projection, TimeProvider clock)
    {
        if (!ListAnswer.TryLimit(limit, out var count, out var problem))
        {
            return problem!;
        }
        // Only the gateway sets the reader header, from the signed cookie (API.md: 401 where a reader is needed).
        if (context.ReaderId() is not { } readerId)
        {
            return ProblemDetailsExtensions.Problem(StatusCodes.Status401Unauthorized,
                "Recommendations are for a reader: create one with POST /api/readers and send its cookie.");
        }
        if (projection.Model is not { } model)
        {
            return ListAnswer.Rebuilding(context);
        }
        return TypedResults.Ok(new ListAnswer(model.Recommend(readerId, count, clock.GetUtcNow())));
    }
}
