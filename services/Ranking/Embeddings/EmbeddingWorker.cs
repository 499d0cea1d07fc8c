using System.Diagnostics;
using System.Diagnostics.Metrics;
using Publishing.Ranking.Model;
using Publishing.ServiceDefaults.Telemetry;

namespace Publishing.Ranking.Embeddings;

/// <summary>
/// Reads the articles waiting for an embedding, one at a time on one thread, and hands each embedding to the model.
/// The model (~300 MB) is loaded with the first article, so a process that is never sent one never pays for it.
/// </summary>
public sealed class EmbeddingWorker(RankingModel model, ILogger<EmbeddingWorker> logger) : BackgroundService
{
    private static readonly Meter Meter = new(TelemetryExtensions.SourceName);
    private static readonly Histogram<double> EncodeDuration = Meter.CreateHistogram<double>(
        "publishing.ranking.embedding.duration", unit: "ms", description: "Time to compute one article's embedding");

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        ArticleEncoder? encoder = null;
        try
        {
            await foreach (var article in model.WaitingForEmbedding.ReadAllAsync(stoppingToken))
            {
                try
                {
                    encoder ??= new ArticleEncoder(model.Options.Embeddings);
                    var started = Stopwatch.GetTimestamp();
                    var embedding = encoder.Encode(article.Text);
                    EncodeDuration.Record(Stopwatch.GetElapsedTime(started).TotalMilliseconds);
                    model.PutEmbedding(article.Id, article.Revision, embedding);
                }
                catch (Exception exception) when (exception is not OperationCanceledException)
                {
                    // The article keeps its TF-IDF neighbours: a list without meaning is worse, not wrong.
                    logger.LogWarning(exception, "No embedding for article {ArticleId}; its related list stays by words", article.Id);
                }
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
        finally
        {
            encoder?.Dispose();
        }
    }
}
