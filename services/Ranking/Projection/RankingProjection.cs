using System.Diagnostics;
using System.Diagnostics.Metrics;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Publishing.Ranking.Domain;
using Publishing.Ranking.Model;
using Publishing.Ranking.Storage;
using Publishing.ServiceDefaults.Messaging;
using Publishing.ServiceDefaults.Telemetry;

namespace Publishing.Ranking.Projection;

/// <summary>
/// Applies events to the store, a batch at a time, then brings the model up to date with the store's feed of changes,
/// one batch at a time, so that the model sees the changes in the order the store committed them. The model follows the feed, not the events
/// this process consumed: replicas that share a store (MongoDB) consume the events as competing consumers and still
/// all answer from every change (<see cref="CatchUpAsync"/> runs on a short timer too). The model is rebuilt from
/// the store before the first event or query is served.
/// </summary>
public sealed class RankingProjection(IRankingStore store, RankingModel model, ILogger<RankingProjection> logger) : IHealthCheck
{
    private static readonly Meter Meter = new(TelemetryExtensions.SourceName);
    private static readonly Histogram<double> ApplyDuration = Meter.CreateHistogram<double>(
        "publishing.ranking.apply.duration", unit: "ms", description: "Time to apply a batch of events to the ranking store and model, waiting included");

    private readonly SemaphoreSlim _gate = new(1, 1);
    private readonly Dictionary<Guid, int> _revisions = [];
    private long _position;
    private Lazy<Task>? _loaded;

    private Lazy<Task> Loaded => LazyInitializer.EnsureInitialized(ref _loaded, () => new Lazy<Task>(() => Task.Run(LoadAsync)));

    /// <summary>The model, once it holds everything the store holds.</summary>
    public async Task<RankingModel> ModelAsync()
    {
        await Loaded.Value;
        return model;
    }

    /// <summary>The model if it is rebuilt; null while the rebuild runs, so that requests need not wait for it.</summary>
    public RankingModel? Model => Loaded.Value.IsCompletedSuccessfully ? model : null;

    /// <summary>
    /// Stores the changes of a batch of messages consumed by <paramref name="consumer"/> in one transaction, in order,
    /// then follows the feed once for all of them.
    /// </summary>
    public Task ApplyAsync(string consumer, IReadOnlyList<Delivered<RankingChange>> changes, CancellationToken cancellationToken) =>
        ApplyAsync(Kind(changes), () => store.ApplyAsync(consumer, changes, cancellationToken), cancellationToken);

    /// <summary>What the apply-duration histogram calls a batch: by the kind of its (first) change, as a batch holds one kind.</summary>
    private static string Kind(IReadOnlyList<Delivered<RankingChange>> changes) => changes.Count == 0 ? "none" : changes[0].Change switch
    {
        RankingChange.Article => "article",
        RankingChange.Withdrawal => "withdrawal",
        _ => "vote",
    };

    /// <summary>Applies to the model what other replicas stored since the last change this one saw.</summary>
    public Task CatchUpAsync(CancellationToken cancellationToken) =>
        ApplyAsync("catch-up", () => Task.CompletedTask, cancellationToken);

    private async Task ApplyAsync(string change, Func<Task> write, CancellationToken cancellationToken)
    {
        await Loaded.Value;
        var started = Stopwatch.GetTimestamp();
        await _gate.WaitAsync(cancellationToken);
        try
        {
            await write();
            await FollowFeedAsync(cancellationToken);
        }
        finally
        {
            _gate.Release();
            ApplyDuration.Record(Stopwatch.GetElapsedTime(started).TotalMilliseconds, new KeyValuePair<string, object?>("ranking.change", change));
        }
    }

    private async Task FollowFeedAsync(CancellationToken cancellationToken)
    {
        var changes = await store.ChangesAfterAsync(_position, cancellationToken);
        var articlesChanged = changes.Articles.Count(article => Apply(article, index: true));
        foreach (var vote in changes.Votes)
        {
            model.SetVote(vote.ArticleId, vote.ReaderId, vote.Standing ? vote.CastAt : null);
        }
        Volatile.Write(ref _position, changes.Position);
        if (articlesChanged > 0)
        {
            await ArticlesChangedAsync(articlesChanged, cancellationToken);
        }
    }

    /// <summary>Brings the model to the article as stored; false when it already was (the feed may show a change twice).</summary>
    private bool Apply(StoredArticle stored, bool index)
    {
        if (stored.Withdrawn)
        {
            if (model.IsWithdrawn(stored.Id))
            {
                return false;
            }
            model.Withdraw(stored.Id);
            return true;
        }
        if (stored.Article is not { } article || article.Revision <= _revisions.GetValueOrDefault(stored.Id))
        {
            return false;
        }
        model.Put(article, index);
        _revisions[stored.Id] = article.Revision;
        return true;
    }

    private async Task LoadAsync()
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
            // The checkpoint holds every article as it was up to the position it covers; later ones are indexed again.
            var index = stored.Change > covers;
            indexed += Apply(stored, index) && index && !stored.Withdrawn ? 1 : 0;
        }
        foreach (var vote in snapshot.Votes)
        {
            model.SetVote(vote.ArticleId, vote.ReaderId, vote.CastAt);
        }
        _position = snapshot.Position;
        activity?.SetTag("ranking.articles", snapshot.Articles.Count);
        activity?.SetTag("ranking.indexed", indexed);
        activity?.SetTag("ranking.checkpoint_restored", restored);
        logger.LogInformation(
            "Rebuilt the ranking model from {Articles} articles ({Indexed} indexed, the rest from a checkpoint: {Restored}) and {Votes} votes in {Elapsed}",
            snapshot.Articles.Count, indexed, restored, snapshot.Votes.Count, TimeProvider.System.GetElapsedTime(started));
        // What had to be indexed again is in the next checkpoint, so that changes since the last one are never replayed twice.
        if (indexed > 0)
        {
            await TrySaveCheckpointAsync(CancellationToken.None);
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
            if (_changesSinceCheckpoint > 0 && await TrySaveCheckpointAsync(cancellationToken))
            {
                _changesSinceCheckpoint = 0;
            }
        }, cancellationToken);

    private async Task ArticlesChangedAsync(int count, CancellationToken cancellationToken)
    {
        // Under the gate: no change can come between the index as written and the position it is saved with.
        _changesSinceCheckpoint += count;
        if (_changesSinceCheckpoint >= CheckpointEvery && await TrySaveCheckpointAsync(cancellationToken))
        {
            _changesSinceCheckpoint = 0;
        }
    }

    /// <summary>A checkpoint only saves time at the next start: failing to write one must not fail the event that asked for it.</summary>
    private async Task<bool> TrySaveCheckpointAsync(CancellationToken cancellationToken)
    {
        try
        {
            await store.SaveCheckpointAsync(model.CheckpointRelated(), _position, cancellationToken);
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
        Task.FromResult(Loaded.Value switch
        {
            { IsCompletedSuccessfully: true } => HealthCheckResult.Healthy(),
            { IsFaulted: true } loading => HealthCheckResult.Unhealthy("The ranking model could not be rebuilt.", loading.Exception),
            _ => HealthCheckResult.Unhealthy("The ranking model is being rebuilt from the store."),
        });
}
