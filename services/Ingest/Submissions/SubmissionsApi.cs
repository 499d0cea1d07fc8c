using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
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

        api.MapPost("/articles", SubmitArticle);
        api.MapDelete("/articles/{**externalId}", WithdrawArticle);

        return app;
    }

    public sealed record Receipt(Guid Id, string Slug, int Revision, string Status);

    private static async Task<Results<Accepted<Receipt>, ValidationProblem, ProblemHttpResult>> SubmitArticle(
        ArticleSubmission submission, HttpContext http, IIngestStore store, TimeProvider clock, CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow();
        var (article, errors) = SubmissionValidator.Validate(submission, now);
        if (article is null)
        {
            return ProblemDetailsExtensions.Invalid(errors);
        }

        var source = http.Newsroom().Source;
        var outcome = await store.SubmitAsync(
            source, article.ExternalId, article.Revision, ContentHash(article, submission.PublishedAt),
            articleId => new ArticleSubmitted(
                articleId, source, article.ExternalId, article.Revision, Slugs.For(article.Headline, articleId),
                article.Headline, article.Summary, article.BodyHtml, article.Byline, article.Dateline,
                article.Topics, article.Language, article.PublishedAt, now),
            cancellationToken);

        return outcome switch
        {
            SubmitOutcome.Accepted a => TypedResults.Accepted($"/api/articles/{a.ArticleId}", new Receipt(a.ArticleId, a.Slug, a.Revision, "accepted")),
            SubmitOutcome.Repeated r => TypedResults.Accepted($"/api/articles/{r.ArticleId}", new Receipt(r.ArticleId, r.Slug, r.Revision, "accepted")),
            SubmitOutcome.Conflict c => ProblemDetailsExtensions.Problem(StatusCodes.Status409Conflict, c.Reason),
            _ => throw new InvalidOperationException($"Unexpected outcome {outcome}"),
        };
    }

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

    /// <summary>
    /// What makes two submissions of one revision "the same content": every field but the revision, with the
    /// publication time as sent (a time defaulted to "now" must not make a repeat look different).
    /// </summary>
    public static string ContentHash(ValidArticle article, DateTimeOffset? publishedAtAsSent) =>
        Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(JsonSerializer.Serialize(
            article with { Revision = 0, PublishedAt = publishedAtAsSent ?? DateTimeOffset.MinValue }))));
}
