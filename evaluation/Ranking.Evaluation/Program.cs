using System.Globalization;
using Publishing.Ranking.Embeddings;
using Publishing.Ranking.Model;

namespace Publishing.Ranking.Evaluation;

// Usage: dotnet run -c Release --project evaluation/Ranking.Evaluation -- [--data PATH] [--per-label N] [--readers N] [--seed N]
//   [--damping D] [--co-votes W] [--content W] [--profile W] [--trending W] [--embeddings on|off] [--cache PATH] [--only recommendations]
// Prints every method side by side, as Markdown tables, with its cost in CPU time of this process.
internal static class EvaluationProgram
{
    /// <summary>Incremental arrival: the corpus comes in this many parts, each probed once it has arrived.</summary>
    private const int Steps = 4;

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
        Console.WriteLine("AG News is the only labelled corpus shipped (data/); --data takes any label,title,text CSV.");

        double Weight(string name, double otherwise) => options.TryGetValue(name, out var w) ? double.Parse(w, CultureInfo.InvariantCulture) : otherwise;
        var defaults = new Publishing.Ranking.Recommendations.RecommendationOptions();
        var rankingOptions = new RankingOptions
        {
            Recommendations = defaults with
            {
                PopularityDamping = Weight("damping", defaults.PopularityDamping),
                CoVoteWeight = Weight("co-votes", defaults.CoVoteWeight),
                ContentWeight = Weight("content", defaults.ContentWeight),
                ProfileWeight = Weight("profile", defaults.ProfileWeight),
                TrendingWeight = Weight("trending", defaults.TrendingWeight),
            },
        };

        IReadOnlyDictionary<Guid, float[]>? embeddings = null;
        var encoding = 0.0;
        if (withEmbeddings)
        {
            var cache = options.GetValueOrDefault("cache") ?? Path.Combine(AppContext.BaseDirectory, "embeddings", Path.GetFileNameWithoutExtension(path) + ".minilm.bin");
            var computed = CorpusEmbeddings.Load(corpus, cache, rankingOptions.Embeddings);
            embeddings = computed.Vectors;
            encoding = CorpusEmbeddings.CpuPerItem(corpus, rankingOptions.Embeddings);
            Console.WriteLine(computed.Computed > 0
                ? $"embeddings (all-MiniLM-L6-v2): {computed.Computed} computed ({computed.MillisecondsPerItem:F1} ms of CPU per item), kept in {cache}"
                : $"embeddings (all-MiniLM-L6-v2): read from {cache}");
            Console.WriteLine($"the model on the worker: {encoding:F1} ms of CPU per item, one at a time (40 items)");
        }

        if (options.GetValueOrDefault("only") != "recommendations")
        {
            Related(corpus, rankingOptions, embeddings, encoding);
        }
        Recommendations(corpus, readers, seed, rankingOptions, embeddings);
    }

    private static void Related(IReadOnlyList<LabelledArticle> corpus, RankingOptions options, IReadOnlyDictionary<Guid, float[]>? embeddings, double encoding)
    {
        // Batch arrival in the corpus' order and in the worst order for IDF taken at arrival (one label after another),
        // then incremental arrival in the corpus' order.
        var byLabel = corpus.OrderBy(a => a.Label, StringComparer.Ordinal).ToList();
        var methods = new List<(string Name, Func<IReadOnlyList<LabelledArticle>, int, RelatedFigures> Run, double Encoding)>
        {
            ("plain TF-IDF, whole corpus (recomputed at each step)", PlainTfIdf.Run, 0),
            ("TF-IDF, the service's index (embeddings off)", (items, steps) => RelatedEvaluation.Run(items, steps, options), 0),
        };
        if (embeddings is not null)
        {
            foreach (var weight in new[] { 1.0, options.Embeddings.Weight })
            {
                var blended = options with { Embeddings = options.Embeddings with { Weight = weight } };
                methods.Add((weight == 1 ? "embeddings alone" : $"meaning and words, {weight:0.0#} each (the service)",
                    (items, steps) => RelatedEvaluation.Run(items, steps, blended, embeddings), encoding));
            }
        }
        Console.WriteLine($"\nrelated, precision@10 of same-label neighbours, {corpus.Count} items published without labels; CPU per article indexed and per list asked (batch, corpus order)\n");
        Console.WriteLine("| method | batch, corpus order | batch, one label after another | incremental, 4 steps | index, ms CPU an article | list, ms CPU |");
        Console.WriteLine("|---|---|---|---|---|---|");
        foreach (var (name, run, encodingCost) in methods)
        {
            var batch = run(corpus, 1);
            var ordered = run(byLabel, 1);
            var incremental = run(corpus, Steps);
            var index = encodingCost > 0 ? $"{batch.IndexCpuPerArticle:F2} + {encodingCost:F1} (the model)" : $"{batch.IndexCpuPerArticle:F2}";
            Console.WriteLine($"| {name} | {batch.PrecisionAt10:P1} | {ordered.PrecisionAt10:P1} | {incremental.PrecisionAt10:P1} | {index} | {batch.QueryCpuPerProbe:F3} |");
        }
        var sizes = corpus.GroupBy(a => a.Label).ToDictionary(g => g.Key, g => g.Count());
        Console.WriteLine($"| chance | {corpus.Average(a => (sizes[a.Label] - 1.0) / (corpus.Count - 1.0)):P1} | | | | |");
    }

    private static void Recommendations(IReadOnlyList<LabelledArticle> corpus, int readers, int seed, RankingOptions options, IReadOnlyDictionary<Guid, float[]>? embeddings)
    {
        var variants = new List<(string Name, IReadOnlyDictionary<Guid, float[]>? Embeddings)>();
        if (embeddings is not null)
        {
            variants.Add(("co-votes, content, centre of interest by meaning, trending (the service)", embeddings));
        }
        variants.Add(("co-votes, content by words, trending (embeddings off)", null));
        var rows = new List<string>();
        RecommendationFigures? last = null;
        foreach (var (name, vectors) in variants)
        {
            var tidy = RecommendationEvaluation.Run(corpus, readers: readers, seed: seed, options: options, stray: 0, embeddings: vectors);
            var stray = RecommendationEvaluation.Run(corpus, readers: readers, seed: seed, options: options, stray: 0.2, embeddings: vectors);
            rows.Add(Row(name, tidy.Model, stray.Model, $"{(tidy.CpuPerRequest + stray.CpuPerRequest) / 2:F3}"));
            (last, var popularTidy) = (stray, tidy.Popularity);
            if (vectors is null)
            {
                rows.Add(Row("popularity (most voted not yet voted for)", popularTidy, stray.Popularity, ""));
            }
        }
        Console.WriteLine($"\nrecommendations: {last!.Readers} simulated readers and {last.TestReaders} test readers, {last.VotesPerReader} votes each in one label, " +
            "one held out; \"stray\": each other vote goes to another label with probability 0.2\n");
        Console.WriteLine("| list | share of top 10 in the reader's label | hit rate@10 | share in label, stray votes | hit rate@10, stray votes | ms CPU a request |");
        Console.WriteLine("|---|---|---|---|---|---|");
        rows.ForEach(Console.WriteLine);
    }

    private static string Row(string name, ListFigures tidy, ListFigures stray, string cpu) =>
        $"| {name} | {tidy.ShareInLabel:P1} | {tidy.HitRateAt10:P1} | {stray.ShareInLabel:P1} | {stray.HitRateAt10:P1} | {cpu} |";
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
