using System.Diagnostics;
using System.Diagnostics.Metrics;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Publishing.Contracts;
using Publishing.Ranking.Model;
using Publishing.Ranking.Storage;
using Publishing.ServiceDefaults.Telemetry;

namespace Publishing.Ranking.Projection;

/// <summary>
/// Applies events to the store and then to the model, one at a time, so that the model sees the changes in the
/// order the store decided them. The model is rebuilt from the store before the first event or query is served.
/// </summary>
public sealed class RankingProjection(IRankingStore store, RankingModel model, ILogger<RankingProjection> logger) : IHealthCheck
{
    private static readonly Meter Meter = new(TelemetryExtensions.SourceName);
    private static readonly Histogram<double> ApplyDuration = Meter.CreateHistogram<double>(
        "publishing.ranking.apply.duration", unit: "ms", description: "Time to apply one event to the ranking store and model, waiting included");

    private readonly SemaphoreSlim _gate = new(1, 1);
    private readonly Lazy<Task> _loaded = new(() => Task.Run(() => LoadAsync(store, model, logger)));

    /// <summary>The model, once it holds everything the store holds.</summary>
    public async Task<RankingModel> ModelAsync()
    {
        await _loaded.Value;
        return model;
    }

    /// <summary>The model if it is rebuilt; null while the rebuild runs, so that requests need not wait for it.</summary>
    public RankingModel? Model => _loaded.Value.IsCompletedSuccessfully ? model : null;

    public Task PutArticleAsync(Guid messageId, string consumer, ArticleSnapshot article, CancellationToken cancellationToken) =>
        ApplyAsync("article", async () =>
        {
            if (await store.PutArticleAsync(messageId, consumer, article, cancellationToken))
            {
                model.Put(article);
                await ArticleChangedAsync(cancellationToken);
            }
        }, cancellationToken);

    public Task WithdrawAsync(Guid messageId, string consumer, Guid articleId, DateTimeOffset withdrawnAt, CancellationToken cancellationToken) =>
        ApplyAsync("withdrawal", async () =>
        {
            if (await store.WithdrawAsync(messageId, consumer, articleId, withdrawnAt, cancellationToken))
            {
                model.Withdraw(articleId);
                await ArticleChangedAsync(cancellationToken);
            }
        }, cancellationToken);

    public Task PutVoteAsync(Guid messageId, string consumer, ReaderVote vote, CancellationToken cancellationToken) =>
        ApplyAsync("vote", async () =>
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

    private async Task ApplyAsync(string change, Func<Task> apply, CancellationToken cancellationToken)
    {
        await _loaded.Value;
        var started = Stopwatch.GetTimestamp();
        await _gate.WaitAsync(cancellationToken);
        try
        {
            await apply();
        }
        finally
        {
            _gate.Release();
            ApplyDuration.Record(Stopwatch.GetElapsedTime(started).TotalMilliseconds, new KeyValuePair<string, object?>("ranking.change", change));
        }
    }

    private static async Task LoadAsync(IRankingStore store, RankingModel model, ILogger logger)
    {
        // Its own trace: operators see how long a start keeps the lists unavailable, and why.
        using var activity = TelemetryExtensions.Source.StartActivity("ranking rebuild", ActivityKind.Internal, parentContext: default);
        var started = TimeProvider.System.GetTimestamp();
        var checkpoint = await store.LoadCheckpointAsync(CancellationToken.None);
        var restored = checkpoint is not null && model.RestoreRelated(checkpoint.Data);
        var covers = restored ? checkpoint!.Covers : -1;
        var snapshot = await store.LoadAsync(CancellationToken.None);
        var indexed = 0;
        foreach (var stored in snapshot.Articles)
        {
            if (stored.Withdrawn)
            {
                model.Withdraw(stored.Id);
            }
            else if (stored.Article is { } article)
            {
                // The checkpoint holds every article as it was up to the change it covers; later ones are indexed again.
                var index = stored.Change > covers;
                model.Put(article, index);
                indexed += index ? 1 : 0;
            }
        }
        foreach (var vote in snapshot.Votes)
        {
            model.AddVote(vote.ArticleId, vote.ReaderId, vote.CastAt);
        }
        activity?.SetTag("ranking.articles", snapshot.Articles.Count);
        activity?.SetTag("ranking.indexed", indexed);
        activity?.SetTag("ranking.checkpoint_restored", restored);
        logger.LogInformation(
            "Rebuilt the ranking model from {Articles} articles ({Indexed} indexed, the rest from a checkpoint: {Restored}) and {Votes} votes in {Elapsed}",
            snapshot.Articles.Count, indexed, restored, snapshot.Votes.Count, TimeProvider.System.GetElapsedTime(started));
        // What had to be indexed again is in the next checkpoint, so that changes since the last one are never replayed twice.
        if (indexed > 0)
        {
            await TrySaveCheckpointAsync(store, model, logger, CancellationToken.None);
        }
    }

    /// <summary>
    /// Article changes between checkpoints of the related-articles index: a restart re-indexes at most this many
    /// articles (a few seconds' work at 100k articles) instead of every one.
    /// </summary>
    public const int CheckpointEvery = 2000;

    private int _changesSinceCheckpoint;

    /// <summary>Writes a checkpoint of the related-articles index now, if anything changed since the last one.</summary>
    public Task CheckpointAsync(CancellationToken cancellationToken) =>
        ApplyAsync("checkpoint", async () =>
        {
            if (_changesSinceCheckpoint > 0 && await TrySaveCheckpointAsync(store, model, logger, cancellationToken))
            {
                _changesSinceCheckpoint = 0;
            }
        }, cancellationToken);

    private async Task ArticleChangedAsync(CancellationToken cancellationToken)
    {
        // Under the gate: no change can come between the index as written and the change number it is saved with.
        if (++_changesSinceCheckpoint >= CheckpointEvery && await TrySaveCheckpointAsync(store, model, logger, cancellationToken))
        {
            _changesSinceCheckpoint = 0;
        }
    }

    /// <summary>A checkpoint only saves time at the next start: failing to write one must not fail the event that asked for it.</summary>
    private static async Task<bool> TrySaveCheckpointAsync(IRankingStore store, RankingModel model, ILogger logger, CancellationToken cancellationToken)
    {
        try
        {
            await store.SaveCheckpointAsync(model.CheckpointRelated(), cancellationToken);
            return true;
        }
        catch (Exception exception) when (exception is not OperationCanceledException)
        {
            logger.LogWarning(exception, "The checkpoint of the related-articles index could not be written; the next start indexes more");
            return false;
        }
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
