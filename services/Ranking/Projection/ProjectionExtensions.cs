using Publishing.Ranking.Embeddings;
using Publishing.Ranking.Model;
using Publishing.Ranking.Storage;
using Publishing.ServiceDefaults.Health;
using Publishing.ServiceDefaults.Storage;

namespace Publishing.Ranking.Projection;

public static class ProjectionExtensions
{
    /// <summary>
    /// The model with its options (section <c>Ranking</c>), the projection that feeds it, its rebuild at start-up, and
    /// the feed it follows, trimmed.
    /// </summary>
    public static IHostApplicationBuilder AddRankingModel(this IHostApplicationBuilder builder)
    {
        builder.Services.AddSingleton(RankingOptions.From(builder.Configuration));
        builder.Services.AddSingleton<RankingModel>();
        builder.Services.AddSingleton<RankingProjection>();
        builder.Services.AddHostedService<ModelRebuild>();
        builder.Services.AddHostedService<FeedFollower>();
        builder.Services.AddHostedService<FeedTrimmer>();
        builder.Services.AddHostedService<EmbeddingWorker>();
        builder.Services.AddHealthChecks().AddCheck<RankingProjection>("model", tags: [HealthEndpoints.ReadyTag]);
        return builder;
    }

    /// <summary>Starts the rebuild with the process rather than with the first request; checkpoints on the way out.</summary>
    private sealed class ModelRebuild(RankingProjection projection) : IHostedService
    {
        public Task StartAsync(CancellationToken cancellationToken)
        {
            _ = projection.ModelAsync();
            return Task.CompletedTask;
        }

        public Task StopAsync(CancellationToken cancellationToken) =>
            projection.Model is null ? Task.CompletedTask : projection.CheckpointAsync(cancellationToken);
    }

    /// <summary>Keeps the model in step with changes other replicas store, between the events this one consumes.</summary>
    private sealed class FeedFollower(RankingProjection projection, RankingOptions options, ILogger<FeedFollower> logger) : BackgroundService
    {
        protected override async Task ExecuteAsync(CancellationToken stoppingToken)
        {
            try
            {
                await projection.ModelAsync().WaitAsync(stoppingToken);
            }
            catch (Exception exception) when (exception is not OperationCanceledException)
            {
                return; // The readiness check reports the failed rebuild.
            }
            using var timer = new PeriodicTimer(options.FeedInterval);
            while (await timer.WaitForNextTickAsync(stoppingToken))
            {
                try
                {
                    await projection.CatchUpAsync(stoppingToken);
                }
                catch (Exception exception) when (exception is not OperationCanceledException)
                {
                    logger.LogWarning(exception, "The ranking model could not read the store's changes; it tries again");
                }
            }
        }
    }

    /// <summary>Deletes feed entries older than <see cref="RankingOptions.FeedRetention"/>.</summary>
    public sealed class FeedTrimmer(IRankingStore store, RankingOptions options, TimeProvider clock, ILogger<FeedTrimmer> logger)
        : PeriodicCleanup(options.FeedRetention, clock, logger)
    {
        protected override string What => "feed entries";

        protected override Task<long> DeleteBeforeAsync(DateTimeOffset now, DateTimeOffset cutoff, CancellationToken cancellationToken) =>
            store.TrimFeedAsync(now, cutoff, cancellationToken);
    }
}
