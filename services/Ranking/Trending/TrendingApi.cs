using Microsoft.AspNetCore.Http.HttpResults;
using Publishing.Ranking.Lists;
using Publishing.Ranking.Projection;

namespace Publishing.Ranking.Trending;

public static class TrendingApi
{
    public static IEndpointRouteBuilder MapTrendingApi(this IEndpointRouteBuilder app)
    {
        app.MapGet("/api/trending", GetTrending).WithTags("Trending");
        return app;
    }

    private static async Task<Results<Ok<ListAnswer>, ValidationProblem>> GetTrending(
        string? topic, string? limit, RankingProjection projection, TimeProvider clock)
    {
        if (!ListAnswer.TryLimit(limit, out var count, out var problem))
        {
            return problem!;
        }
        var model = await projection.ModelAsync();
        var board = string.IsNullOrWhiteSpace(topic) ? null : topic.Trim().ToLowerInvariant();
        return TypedResults.Ok(new ListAnswer(model.Trending(board, count, clock.GetUtcNow())));
    }
}
