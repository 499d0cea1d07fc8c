using Microsoft.AspNetCore.Http.HttpResults;
using Publishing.ServiceDefaults.Problems;
using Publishing.ServiceDefaults.Readers;
using Publishing.ServiceDefaults.Storage;
using Publishing.Voting.Domain;

namespace Publishing.Voting.Votes;

public static class VotesApi
{
    /// <summary>The answer of every votes request: the article's count and whether the calling reader voted.</summary>
    public sealed record ArticleVotes(Guid ArticleId, long Count, bool Voted);

    public static IEndpointRouteBuilder MapVotesApi(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("/api/articles/{id}/votes").WithTags("Votes")
            .ProducesProblem(StatusCodes.Status404NotFound).ProducesProblem(StatusCodes.Status410Gone);

        api.MapGet("/", GetVotes);
        api.MapPost("/", CastVote).ProducesProblem(StatusCodes.Status401Unauthorized);
        api.MapDelete("/", RetractVote).ProducesProblem(StatusCodes.Status401Unauthorized);

        return app;
    }

    private static async Task<Results<Ok<ArticleVotes>, ProblemHttpResult>> GetVotes(
        string id, HttpContext context, IVoteStore store, CancellationToken cancellationToken) =>
        Guid.TryParse(id, out var articleId)
            ? Answer(await store.TallyAsync(articleId, context.ReaderId(), cancellationToken), id)
            : UnknownArticle(id);

    private static Task<Results<Ok<ArticleVotes>, ProblemHttpResult>> CastVote(
        string id, HttpContext context, IVoteStore store, TimeProvider clock, CancellationToken cancellationToken) =>
        AsReader(id, context, (articleId, readerId) => store.CastAsync(articleId, readerId, clock.GetUtcNow(), cancellationToken));

    private static Task<Results<Ok<ArticleVotes>, ProblemHttpResult>> RetractVote(
        string id, HttpContext context, IVoteStore store, TimeProvider clock, CancellationToken cancellationToken) =>
        AsReader(id, context, (articleId, readerId) => store.RetractAsync(articleId, readerId, clock.GetUtcNow(), cancellationToken));

    private static async Task<Results<Ok<ArticleVotes>, ProblemHttpResult>> AsReader(
        string id, HttpContext context, Func<Guid, string, Task<VoteTally>> change)
    {
        // Only the gateway sets this header, from the signed cookie; it drops any copy a client sends.
        if (context.ReaderId() is not { } readerId)
        {
            return ProblemDetailsExtensions.Problem(StatusCodes.Status401Unauthorized,
                "Voting needs a reader: create one with POST /api/readers and send its cookie.");
        }
        if (!Guid.TryParse(id, out var articleId))
        {
            return UnknownArticle(id);
        }
        try
        {
            return Answer(await change(articleId, readerId), id);
        }
        catch (WritesQueueFullException)
        {
            context.Response.Headers.RetryAfter = "1";
            return ProblemDetailsExtensions.Problem(StatusCodes.Status503ServiceUnavailable,
                "Too many votes are waiting to be stored: send it again in a second.");
        }
    }

    private static Results<Ok<ArticleVotes>, ProblemHttpResult> Answer(VoteTally tally, string id) => tally switch
    {
        VoteTally.Counted counted => TypedResults.Ok(new ArticleVotes(counted.ArticleId, counted.Count, counted.Voted)),
        VoteTally.Withdrawn => ProblemDetailsExtensions.Problem(StatusCodes.Status410Gone, "The article was withdrawn by its newsroom."),
        _ => UnknownArticle(id),
    };

    private static ProblemHttpResult UnknownArticle(string id) =>
        ProblemDetailsExtensions.Problem(StatusCodes.Status404NotFound, $"No article '{id}' is known.");
}
