using Microsoft.Extensions.Diagnostics.HealthChecks;
using Publishing.Contracts;
using Publishing.Ranking.Model;
using Publishing.Ranking.Storage;

namespace Publishing.Ranking.Projection;

/// <summary>
/// Applies events to the store and then to the model, one at a time, so that the model sees the changes in the
/// order the store decided them. The model is rebuilt from the store before the first event or query is served.
/// </summary>
public sealed class RankingProjection(IRankingStore store, RankingModel model, ILogger<RankingProjection> logger) : IHealthCheck
{
    private readonly SemaphoreSlim _gate = new(1, 1);
    private readonly Lazy<Task> _loaded = new(() => Task.Run(() => LoadAsync(store, model, logger)));

    /// <summary>The model, once it holds everything the store holds.</summary>
    public async Task<RankingModel> ModelAsync()
    {
        await _loaded.Value;
        return model;
    }

    public Task PutArticleAsync(Guid messageId, string consumer, ArticleSnapshot article, CancellationToken cancellationToken) =>
        ApplyAsync(async () =>
        {
            if (await store.PutArticleAsync(messageId, consumer, article, cancellationToken))
            {
                model.Put(article);
            }
        }, cancellationToken);

    public Task WithdrawAsync(Guid messageId, string consumer, Guid articleId, DateTimeOffset withdrawnAt, CancellationToken cancellationToken) =>
        ApplyAsync(async () =>
        {
            if (await store.WithdrawAsync(messageId, consumer, articleId, withdrawnAt, cancellationToken))
            {
                model.Withdraw(articleId);
            }
        }, cancellationToken);

    public Task PutVoteAsync(Guid messageId, string consumer, ReaderVote vote, CancellationToken cancellationToken) =>
        ApplyAsync(async () =>
        {
            var change = await store.PutVoteAsync(messageId, consumer, vote, cancellationToken);
            if (change.Removed is { } removed)
            {
                model.RemoveVote(vote.ArticleId, vote.ReaderId, removed);
            }
            if (change.Added is { } added)
            {
                model.AddVote(vote.ArticleId, vote.ReaderId, added);
            }
        }, cancellationToken);

    private async Task ApplyAsync(Func<Task> apply, CancellationToken cancellationToken)
    {
        await _loaded.Value;
        await _gate.WaitAsync(cancellationToken);
        try
        {
            await apply();
        }
        finally
        {
            _gate.Release();
        }
    }

    private static async Task LoadAsync(IRankingStore store, RankingModel model, ILogger logger)
    {
        var started = TimeProvider.System.GetTimestamp();
        var snapshot = await store.LoadAsync(CancellationToken.None);
        foreach (var stored in snapshot.Articles)
        {
            if (stored.Withdrawn)
            {
                model.Withdraw(stored.Id);
            }
            else if (stored.Article is { } article)
            {
                model.Put(article);
            }
        }
        foreach (var vote in snapshot.Votes)
        {
            model.AddVote(vote.ArticleId, vote.ReaderId, vote.CastAt);
        }
        logger.LogInformation("Rebuilt the ranking model from {Articles} articles and {Votes} votes in {Elapsed}",
            snapshot.Articles.Count, snapshot.Votes.Count, TimeProvider.System.GetElapsedTime(started));
    }

    /// <summary>Ready once the model is rebuilt; the check starts the rebuild if nothing asked for it yet.</summary>
    public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default) =>
        Task.FromResult(_loaded.Value switch
        {
            { IsCompletedSuccessfully: true } => HealthCheckResult.Healthy(),
            { IsFaulted: true } loading => HealthCheckResult.Unhealthy("The ranking model could not be rebuilt.", loading.Exception),
            _ => HealthCheckResult.Unhealthy("The ranking model is being rebuilt from the store."),
        });
}
