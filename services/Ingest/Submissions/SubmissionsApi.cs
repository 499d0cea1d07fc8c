using Microsoft.AspNetCore.Http.HttpResults;
using Publishing.Contracts;
using Publishing.Ingest.Newsrooms;
using Publishing.Ingest.Storage;
using Publishing.ServiceDefaults.Problems;

namespace Publishing.Ingest.Submissions;

public static class SubmissionsApi
{
    public static IEndpointRouteBuilder MapSubmissionsApi(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("/api/ingest").RequireNewsroomKey().WithTags("Ingest");

        api.MapPost("/articles", SubmitArticle).Accepts<ArticleSubmission>("application/json")
            .ProducesProblem(StatusCodes.Status409Conflict).ProducesProblem(StatusCodes.Status413PayloadTooLarge).ProducesProblem(StatusCodes.Status415UnsupportedMediaType);
        api.MapPost("/articles/batch", BatchSubmissions.SubmitBatch).Accepts<ArticleSubmission[]>("application/json", "application/x-ndjson")
            .ProducesProblem(StatusCodes.Status413PayloadTooLarge).ProducesProblem(StatusCodes.Status415UnsupportedMediaType);
        api.MapDelete("/articles/{**externalId}", WithdrawArticle).ProducesProblem(StatusCodes.Status404NotFound);

        return app;
    }

    private static Task<Results<Accepted<Receipt>, ValidationProblem, ProblemHttpResult>> SubmitArticle(
        HttpRequest request, IIngestStore store, TimeProvider clock, CancellationToken cancellationToken) =>
        ArticleIntake.ReadAsync(request, async json =>
        {
            var now = clock.GetUtcNow();
            var (article, errors) = SubmissionValidator.Validate(json, now);
            if (article is null)
            {
                return ProblemDetailsExtensions.Invalid(errors);
            }
            var source = request.HttpContext.Newsroom().Source;
            return ArticleIntake.Answer(await store.SubmitAsync(source, ArticleIntake.Revision(article, source, now), cancellationToken));
        }, cancellationToken);

    private static async Task<Results<Accepted, ProblemHttpResult>> WithdrawArticle(
        string externalId, HttpContext http, IIngestStore store, TimeProvider clock, CancellationToken cancellationToken)
    {
        var source = http.Newsroom().Source;
        var withdrawn = await store.WithdrawAsync(
            source, externalId,
            articleId => new ArticleWithdrawalSubmitted(articleId, source, externalId, clock.GetUtcNow()),
            cancellationToken);
        return withdrawn is { } id
            ? TypedResults.Accepted($"/api/articles/{id}")
            : ProblemDetailsExtensions.Problem(StatusCodes.Status404NotFound, $"No article '{externalId}' of this newsroom is known.");
    }
}
