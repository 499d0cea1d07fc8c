using Publishing.Ranking.Model;

namespace Publishing.Ranking.Evaluation;

public sealed record ListFigures(double ShareInLabel, double HitRateAt10);

public sealed record RecommendationFigures(int Articles, int Readers, int TestReaders, int VotesPerReader, double Stray, ListFigures Model, ListFigures Popularity,
    double CpuPerRequest = 0);

/// <summary>
/// Recommendation, with simulated readers: each reader keeps to one label and votes for a few of its articles,
/// popular ones more often (Zipf within the label, as real attention is). Test readers cast all their votes but one;
/// the held-out one is what their top 10 should find. Both the model and the popularity baseline (most votes
/// overall, minus what the reader voted for) are scored on the share of the top 10 in the reader's label and on hit
/// rate@10 of the held-out vote. With <c>stray</c> above zero, that share of the votes (never the held-out one)
/// goes to other labels, as real readers' interests are mixed.
/// </summary>
public static class RecommendationEvaluation
{
    public const int K = 10;

    public static RecommendationFigures Run(
        IReadOnlyList<LabelledArticle> corpus, int readers = 3000, int testReaders = 500, int votesPerReader = 5, int seed = 20261124,
        RankingOptions? options = null, double stray = 0, IReadOnlyDictionary<Guid, float[]>? embeddings = null)
    {
        var now = DateTimeOffset.UtcNow;
        var (model, _) = RelatedEvaluation.Publish(corpus, options ?? new RankingOptions(), now, embeddings);
        var random = new Random(seed);
        var byLabel = corpus.GroupBy(a => a.Label).ToDictionary(g => g.Key, g => Shuffled(g.ToList(), random));
        var labels = byLabel.Keys.Order().ToArray();
        var labelOf = corpus.ToDictionary(a => a.Id, a => a.Label);

        var heldOut = new List<(string Reader, string Label, Guid HeldOut, HashSet<Guid> Voted)>();
        for (var r = 0; r < readers + testReaders; r++)
        {
            var reader = $"reader-{r}";
            var label = labels[random.Next(labels.Length)];
            var votes = Pick(byLabel[label], votesPerReader, random);
            // Readers are not that tidy: with probability `stray` a vote (never the held-out one) goes to another label.
            for (var v = 1; v < votes.Count; v++)
            {
                if (stray > 0 && random.NextDouble() < stray)
                {
                    var elsewhere = labels.Where(l => l != label).ElementAt(random.Next(labels.Length - 1));
                    var replacement = Pick(byLabel[elsewhere], 1, random)[0];
                    if (!votes.Contains(replacement))
                    {
                        votes[v] = replacement;
                    }
                }
            }
            var castAt = now.AddHours(-24 * random.NextDouble());
            var cast = r < readers ? votes : votes.Skip(1).ToList();
            foreach (var article in cast)
            {
                model.AddVote(article.Id, reader, castAt);
                castAt = castAt.AddMinutes(random.Next(1, 30));
            }
            if (r >= readers)
            {
                heldOut.Add((reader, label, votes[0].Id, cast.Select(a => a.Id).ToHashSet()));
            }
        }

        var popular = PopularFirst(model, corpus);
        double modelShare = 0, modelHits = 0, baseShare = 0, baseHits = 0;
        var requests = TimeSpan.Zero;
        foreach (var (reader, label, held, voted) in heldOut)
        {
            var cpu = Cpu.Now();
            var recommended = model.Recommend(reader, K, now).Select(a => a.Id).ToList();
            requests += Cpu.Now() - cpu;
            modelShare += recommended.Count(id => labelOf[id] == label) / (double)K;
            modelHits += recommended.Contains(held) ? 1 : 0;
            var baseline = popular.Where(id => !voted.Contains(id)).Take(K).ToList();
            baseShare += baseline.Count(id => labelOf[id] == label) / (double)K;
            baseHits += baseline.Contains(held) ? 1 : 0;
        }
        var n = heldOut.Count;
        return new RecommendationFigures(corpus.Count, readers, testReaders, votesPerReader, stray,
            new ListFigures(modelShare / n, modelHits / n), new ListFigures(baseShare / n, baseHits / n), requests.TotalMilliseconds / n);
    }

    /// <summary>Most votes first: the popularity baseline.</summary>
    private static List<Guid> PopularFirst(RankingModel model, IReadOnlyList<LabelledArticle> corpus) =>
        corpus.Select(a => (a.Id, Votes: model.Votes(a.Id))).OrderByDescending(v => v.Votes).ThenBy(v => v.Id).Select(v => v.Id).Take(200).ToList();

    private static List<LabelledArticle> Shuffled(List<LabelledArticle> items, Random random)
    {
        var array = items.ToArray();
        random.Shuffle(array);
        return [.. array];
    }

    /// <summary><paramref name="count"/> distinct items, the i-th of the list drawn with weight 1/(i+1) (Zipf, s = 1).</summary>
    private static List<LabelledArticle> Pick(List<LabelledArticle> items, int count, Random random)
    {
        var picked = new List<LabelledArticle>();
        var total = 0.0;
        for (var i = 0; i < items.Count; i++) total += 1.0 / (i + 1);
        while (picked.Count < count)
        {
            var target = random.NextDouble() * total;
            var i = 0;
            for (; i < items.Count - 1 && (target -= 1.0 / (i + 1)) > 0; i++) { }
            if (!picked.Contains(items[i]))
            {
                picked.Add(items[i]);
            }
        }
        return picked;
    }
}
