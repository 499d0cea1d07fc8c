using System.Diagnostics;
using System.Globalization;
using Publishing.Ranking.Embeddings;
using Publishing.Ranking.Model;

namespace Publishing.Ranking.Evaluation;

// Usage: dotnet run -c Release --project evaluation/Ranking.Evaluation -- [--data PATH] [--per-label N] [--readers N] [--seed N]
//   [--damping D] [--co-votes W] [--content W] [--profile W] [--trending W] [--embeddings on|off] [--cache PATH] [--only recommendations]
internal static class EvaluationProgram
{
    public static void Main(string[] args)
    {
        var options = Arguments.Parse(args);
        var path = options.GetValueOrDefault("data") ?? LabelledCorpus.DefaultPath();
        int? perLabel = options.TryGetValue("per-label", out var limit) ? int.Parse(limit, CultureInfo.InvariantCulture) : null;
        var readers = options.TryGetValue("readers", out var r) ? int.Parse(r, CultureInfo.InvariantCulture) : 3000;
        var seed = options.TryGetValue("seed", out var s) ? int.Parse(s, CultureInfo.InvariantCulture) : 20261124;
        var withEmbeddings = options.GetValueOrDefault("embeddings", "on") != "off";

        var corpus = LabelledCorpus.Load(path, perLabel);
        Console.WriteLine($"corpus: {corpus.Count} items from {path}, labels {string.Join(", ", corpus.GroupBy(a => a.Label).Select(g => $"{g.Key} {g.Count()}"))}");

        var damping = options.TryGetValue("damping", out var d) ? double.Parse(d, CultureInfo.InvariantCulture) : new Publishing.Ranking.Recommendations.RecommendationOptions().PopularityDamping;
        double Weight(string name, double otherwise) => options.TryGetValue(name, out var w) ? double.Parse(w, CultureInfo.InvariantCulture) : otherwise;
        var defaults = new Publishing.Ranking.Recommendations.RecommendationOptions();
        var rankingOptions = new RankingOptions
        {
            Recommendations = defaults with
            {
                PopularityDamping = damping,
                CoVoteWeight = Weight("co-votes", defaults.CoVoteWeight),
                ContentWeight = Weight("content", defaults.ContentWeight),
                ProfileWeight = Weight("profile", defaults.ProfileWeight),
                TrendingWeight = Weight("trending", defaults.TrendingWeight),
            },
        };

        var related = options.GetValueOrDefault("only") != "recommendations";
        if (related)
        {
            var started = Stopwatch.GetTimestamp();
            var plain = PlainTfIdf.PrecisionAt10(corpus);
            Console.WriteLine($"related, plain TF-IDF over the whole corpus: precision@10 {plain:P1} ({Stopwatch.GetElapsedTime(started).TotalSeconds:F1} s, exact search)");
            var words = RelatedEvaluation.Run(corpus, rankingOptions);
            Console.WriteLine($"related, TF-IDF incremental (the service without embeddings): precision@10 {words.PrecisionAt10:P1} vs chance {words.Chance:P1} " +
                $"({words.Articles} articles published one by one in {words.IndexingTime.TotalSeconds:F1} s)");
        }

        IReadOnlyDictionary<Guid, float[]>? embeddings = null;
        if (withEmbeddings)
        {
            var cache = options.GetValueOrDefault("cache") ?? Path.Combine(AppContext.BaseDirectory, "embeddings", Path.GetFileNameWithoutExtension(path) + ".minilm.bin");
            var computed = CorpusEmbeddings.Load(corpus, cache, rankingOptions.Embeddings);
            embeddings = computed.Vectors;
            Console.WriteLine(computed.Computed > 0
                ? $"embeddings (all-MiniLM-L6-v2): {computed.Computed} computed, {computed.MillisecondsPerItem:F1} ms of CPU per item, kept in {cache}"
                : $"embeddings (all-MiniLM-L6-v2): read from {cache}");
            foreach (var weight in related ? new[] { 1.0, 0.5 } : [])
            {
                var blended = rankingOptions with { Embeddings = new EmbeddingOptions { Weight = weight } };
                var figures = RelatedEvaluation.Run(corpus, blended, embeddings);
                Console.WriteLine($"related, {(weight == 1 ? "embeddings alone" : $"blend {weight:F1} meaning + words")}: precision@10 {figures.PrecisionAt10:P1} " +
                    $"({figures.IndexingTime.TotalSeconds:F1} s to index, embeddings given)");
            }
        }

        foreach (var stray in new[] { 0.0, 0.2 })
        {
            var recommendations = RecommendationEvaluation.Run(corpus, readers: readers, seed: seed, options: rankingOptions, stray: stray, embeddings: embeddings);
            Console.WriteLine($"recommendations ({recommendations.Readers} simulated readers + {recommendations.TestReaders} test readers, " +
                $"{recommendations.VotesPerReader} votes each in one label, {stray:P0} of them strayed to other labels, one held out):");
            Console.WriteLine($"  model:      share of top 10 in the reader's label {recommendations.Model.ShareInLabel:P1}, hit rate@10 {recommendations.Model.HitRateAt10:P1}");
            Console.WriteLine($"  popularity: share of top 10 in the reader's label {recommendations.Popularity.ShareInLabel:P1}, hit rate@10 {recommendations.Popularity.HitRateAt10:P1}");
        }
    }
}

internal static class Arguments
{
    public static Dictionary<string, string> Parse(string[] args)
    {
        var options = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        for (var i = 0; i + 1 < args.Length; i += 2)
        {
            options[args[i].TrimStart('-')] = args[i + 1];
        }
        return options;
    }
}
