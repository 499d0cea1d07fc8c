using System.Globalization;

namespace Publishing.Ranking.Evaluation;

// Usage: dotnet run -c Release --project evaluation/Ranking.Evaluation -- [--data PATH] [--per-label N] [--readers N] [--seed N] [--damping D]
internal static class EvaluationProgram
{
    public static void Main(string[] args)
    {
        var options = Arguments.Parse(args);
        var path = options.GetValueOrDefault("data") ?? LabelledCorpus.DefaultPath();
        int? perLabel = options.TryGetValue("per-label", out var limit) ? int.Parse(limit, CultureInfo.InvariantCulture) : null;
        var readers = options.TryGetValue("readers", out var r) ? int.Parse(r, CultureInfo.InvariantCulture) : 3000;
        var seed = options.TryGetValue("seed", out var s) ? int.Parse(s, CultureInfo.InvariantCulture) : 20261124;

        var corpus = LabelledCorpus.Load(path, perLabel);
        Console.WriteLine($"corpus: {corpus.Count} items from {path}, labels {string.Join(", ", corpus.GroupBy(a => a.Label).Select(g => $"{g.Key} {g.Count()}"))}");

        var related = RelatedEvaluation.Run(corpus);
        Console.WriteLine($"related: precision@10 of same-label neighbours {related.PrecisionAt10:P1} vs chance {related.Chance:P1} " +
            $"({related.Articles} articles published without labels in {related.IndexingTime.TotalSeconds:F1} s)");

        var damping = options.TryGetValue("damping", out var d) ? double.Parse(d, CultureInfo.InvariantCulture) : new Publishing.Ranking.Recommendations.RecommendationOptions().PopularityDamping;
        var rankingOptions = new Publishing.Ranking.Model.RankingOptions { Recommendations = new() { PopularityDamping = damping } };
        foreach (var stray in new[] { 0.0, 0.2 })
        {
            var recommendations = RecommendationEvaluation.Run(corpus, readers: readers, seed: seed, options: rankingOptions, stray: stray);
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
