using Microsoft.AspNetCore.Http.HttpResults;
using Publishing.Contracts;
using Publishing.Ranking.Lists;
using Publishing.Ranking.Projection;

namespace Publishing.Ranking.Trending;

public static class TrendingApi
{
    public static IEndpointRouteBuilder MapTrendingApi(this IEndpointRouteBuilder app)
    {
        app.MapGet("/api/trending", GetTrending).WithTags("Trending").ProducesProblem(StatusCodes.Status503ServiceUnavailable);
        return app;
    }

    private static Results<Ok<ListAnswer>, ValidationProblem, ProblemHttpResult> GetTrending(
        string? topic, string? limit, HttpContext context, RankingProjection projection, TimeProvider clock)
    {
        if (!ListAnswer.TryLimit(limit, out var count, out var problem))
        {
            return problem!;
        }
        if (projection.Model is not { } model)
        {
            return ListAnswer.Rebuilding(context);
        }
        var board = string.IsNullOrWhiteSpace(topic) ? null : TopicKey.Normalize(topic);
        // Scores as of the start of this second: the answer stays the same until something changes or the second
        // ends, so that its ETag lets a client or a cache in front hear "not modified".
        var now = clock.GetUtcNow();
        return TypedResults.Ok(new ListAnswer(model.Trending(board, count, now.AddTicks(-(now.Ticks % TimeSpan.TicksPerSecond)))));
    }
}
