using Publishing.Ranking.Model;
using Publishing.ServiceDefaults.Health;

namespace Publishing.Ranking.Projection;

public static class ProjectionExtensions
{
    /// <summary>The model with its options (section <c>Ranking</c>), the projection that feeds it, and its rebuild at start-up.</summary>
    public static IHostApplicationBuilder AddRankingModel(this IHostApplicationBuilder builder)
    {
        builder.Services.AddSingleton(RankingOptions.From(builder.Configuration));
        builder.Services.AddSingleton<RankingModel>();
        builder.Services.AddSingleton<RankingProjection>();
        builder.Services.AddHostedService<ModelRebuild>();
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
}
