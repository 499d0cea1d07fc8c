using System.Diagnostics;
using System.Globalization;
using Microsoft.Extensions.Logging.Abstractions;
using Publishing.Contracts;
using Publishing.Ranking.Domain;
using Publishing.Ranking.Evaluation;
using Publishing.Ranking.Model;
using Publishing.Ranking.Projection;
using Publishing.Ranking.Storage;
using Publishing.ServiceDefaults.Outbox;
using Publishing.ServiceDefaults.Storage;

namespace Publishing.Ranking.Benchmark;

/// <summary>
/// For each corpus size: a Ranking projection (SQLite store and model) is filled with that many articles made from
/// the AG News corpus (each a headline and a standfirst of one item plus the standfirst of another, under one of four
/// topics) and votes; then more articles are published one at a time, each timed, and each list is queried.
/// Prints medians and 90th percentiles. The model is measured alone too, as a restart rebuilds it without the store.
/// </summary>
internal static class RankingBenchmark
{
    private const int Measured = 300;
    private const int Queries = 2000;

    public static async Task Main(string[] args)
    {
        var sizes = args.Length > 0 ? args.Select(a => int.Parse(a, CultureInfo.InvariantCulture)).ToArray() : [10_000, 100_000];
        var corpus = LabelledCorpus.Load(LabelledCorpus.DefaultPath());
        Console.WriteLine($"Ranking benchmark on {Environment.ProcessorCount} cores; {Measured} timed publications and {Queries} queries of each list per size.");
        foreach (var size in sizes)
        {
            await RunAsync(size, corpus);
        }
    }

    private static async Task RunAsync(int size, IReadOnlyList<LabelledArticle> corpus)
    {
        var folder = Directory.CreateTempSubdirectory("publishing-ranking-benchmark-").FullName;
        try
        {
            var now = DateTimeOffset.UtcNow;
            var random = new Random(size);
            var articles = Enumerable.Range(0, size + Measured).Select(i => Article(i, size + Measured, corpus, random, now)).ToList();
            var database = new SqliteDatabase(Path.Combine(folder, "ranking.db"), SqliteRankingStore.Schema, new OutboxSignal());
            var projection = new RankingProjection(new SqliteRankingStore(database), new RankingModel(new RankingOptions()), NullLogger<RankingProjection>.Instance);

            var filling = Stopwatch.StartNew();
            foreach (var article in articles.Take(size))
            {
                await projection.ApplyAsync("benchmark", [new(Guid.NewGuid(), new RankingChange.Article(article))], CancellationToken.None);
            }
            // Readers who keep to one topic, a few votes each, on recent articles more often.
            var readers = Math.Max(100, size / 10);
            for (var r = 0; r < readers; r++)
            {
                var topic = random.Next(4);
                for (var v = 0; v < 5; v++)
                {
                    var index = size - 1 - (int)(Math.Pow(random.NextDouble(), 3) * (size / 4)) * 4 - topic;
                    var article = articles[Math.Max(index, 0)];
                    await projection.ApplyAsync("benchmark", [new(Guid.NewGuid(), new RankingChange.Vote(new ReaderVote(article.ArticleId, $"reader-{r}", v + 1, now.AddMinutes(-random.Next(1440)), true)))], CancellationToken.None);
                }
            }
            Console.WriteLine($"\n{size:N0} articles, {readers * 5:N0} votes from {readers:N0} readers (filled through the projection in {filling.Elapsed.TotalSeconds:F0} s)");

            var publish = new List<double>();
            foreach (var article in articles.Skip(size))
            {
                var started = Stopwatch.GetTimestamp();
                await projection.ApplyAsync("benchmark", [new(Guid.NewGuid(), new RankingChange.Article(article))], CancellationToken.None);
                publish.Add(Stopwatch.GetElapsedTime(started).TotalMicroseconds);
            }
            Report("publish one article (store + model)", publish);

            var votes = new List<double>();
            for (var v = 0; v < Queries; v++)
            {
                var article = articles[size - 1 - random.Next(Math.Min(size, 1000))];
                var started = Stopwatch.GetTimestamp();
                await projection.ApplyAsync("benchmark", [new(Guid.NewGuid(), new RankingChange.Vote(new ReaderVote(article.ArticleId, $"voter-{v}", 1, now, true)))], CancellationToken.None);
                votes.Add(Stopwatch.GetElapsedTime(started).TotalMicroseconds);
            }
            Report("apply one vote (store + model)", votes);

            var model = await projection.ModelAsync();
            var modelOnly = new List<double>();
            foreach (var article in articles.Skip(size))
            {
                var revised = article with { Revision = 2 };
                var started = Stopwatch.GetTimestamp();
                model.Put(revised);
                modelOnly.Add(Stopwatch.GetElapsedTime(started).TotalMicroseconds);
            }
            Report("revise one article (model only)", modelOnly);

            var ids = articles.Select(a => a.ArticleId).ToArray();
            Report("GET trending (overall, 10)", Time(() => model.Trending(null, 10, now)));
            Report("GET trending (one topic, 10)", Time(() => model.Trending("world", 10, now)));
            Report("GET related (10)", Time(() => model.Related(ids[random.Next(ids.Length)], 10)));
            Report("GET recommendations (reader with votes, 10)", Time(() => model.Recommend($"reader-{random.Next(readers)}", 10, now)));
            Report("GET recommendations (new reader, 10)", Time(() => model.Recommend("nobody", 10, now)));

            var checkpointing = Stopwatch.StartNew();
            await projection.CheckpointAsync(CancellationToken.None);
            var bytes = (await new SqliteRankingStore(database).LoadCheckpointAsync(CancellationToken.None))!.Data.Length;
            Console.WriteLine($"  {"checkpoint of the related index (on shutdown)",-48} {checkpointing.Elapsed.TotalSeconds,10:F1} s, {bytes / 1e6:F0} MB");

            var rebuilding = Stopwatch.StartNew();
            var restarted = new RankingProjection(new SqliteRankingStore(database), new RankingModel(new RankingOptions()), NullLogger<RankingProjection>.Instance);
            await restarted.ModelAsync();
            Console.WriteLine($"  {"restart from the checkpoint",-48} {rebuilding.Elapsed.TotalSeconds,10:F1} s");

            await database.WriteAsync((connection, transaction) => Dapper.SqlMapper.ExecuteAsync(connection, "DELETE FROM checkpoints", transaction: transaction));
            rebuilding.Restart();
            restarted = new RankingProjection(new SqliteRankingStore(database), new RankingModel(new RankingOptions()), NullLogger<RankingProjection>.Instance);
            await restarted.ModelAsync();
            Console.WriteLine($"  {"restart without a checkpoint (index everything)",-48} {rebuilding.Elapsed.TotalSeconds,10:F1} s");
        }
        finally
        {
            Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
            try { Directory.Delete(folder, recursive: true); }
            catch (IOException) { }
        }
    }

    private static readonly string[] Topics = ["world", "sports", "business", "technology"];

    private static ArticleSnapshot Article(int i, int total, IReadOnlyList<LabelledArticle> corpus, Random random, DateTimeOffset now)
    {
        var item = corpus[i % corpus.Count];
        var other = corpus[random.Next(corpus.Count)];
        var id = Guid.NewGuid();
        return new ArticleSnapshot(id, 1, "article-" + i, item.Headline, item.Text, other.Text, [Topics[i % 4]], "en",
            now.AddSeconds(-(total - i) * 30));
    }

    private static List<double> Time(Func<object?> query)
    {
        var samples = new List<double>(Queries);
        for (var i = 0; i < Queries; i++)
        {
            var started = Stopwatch.GetTimestamp();
            query();
            samples.Add(Stopwatch.GetElapsedTime(started).TotalMicroseconds);
        }
        return samples;
    }

    private static void Report(string what, List<double> microseconds)
    {
        microseconds.Sort();
        double At(double q) => microseconds[(int)Math.Min(microseconds.Count - 1, q * microseconds.Count)];
        Console.WriteLine($"  {what,-48} median {At(0.5) / 1000,8:F3} ms   p90 {At(0.9) / 1000,8:F3} ms");
    }
}
