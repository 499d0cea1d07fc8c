using Publishing.Ranking.Related;

namespace Publishing.Ranking.Evaluation;

/// <summary>
/// The baseline the related list must beat: TF-IDF over the whole corpus at once (the headline counted twice,
/// <c>(1 + ln tf) · ln(1 + N/df)</c>, every term kept), exact cosine neighbours through an inverted index. Arriving in
/// steps, it is computed again over all that has arrived at each step (its real cost).
/// </summary>
public static class PlainTfIdf
{
    public static RelatedFigures Run(IReadOnlyList<LabelledArticle> corpus, int steps = 1)
    {
        var started = TimeProvider.System.GetTimestamp();
        double hits = 0;
        var indexing = TimeSpan.Zero;
        var querying = TimeSpan.Zero;
        var probed = 0;
        foreach (var published in RelatedEvaluation.Parts(corpus.Count, steps))
        {
            var cpu = Cpu.Now();
            var (vectors, postings) = Index(corpus.Take(published).ToList());
            indexing += Cpu.Now() - cpu;
            cpu = Cpu.Now();
            var scores = new double[published];
            for (; probed < published; probed++)
            {
                Array.Clear(scores);
                foreach (var (term, weight) in vectors[probed])
                {
                    foreach (var (item, other) in postings[term])
                    {
                        scores[item] += weight * other;
                    }
                }
                scores[probed] = double.NegativeInfinity;
                hits += Enumerable.Range(0, scores.Length).OrderByDescending(j => scores[j]).Take(RelatedEvaluation.K)
                    .Count(j => corpus[j].Label == corpus[probed].Label);
            }
            querying += Cpu.Now() - cpu;
        }
        return new RelatedFigures(corpus.Count, corpus.Count, hits / (corpus.Count * RelatedEvaluation.K), 0, TimeProvider.System.GetElapsedTime(started),
            indexing.TotalMilliseconds / corpus.Count, querying.TotalMilliseconds / corpus.Count);
    }

    private static (List<Dictionary<string, double>> Vectors, Dictionary<string, List<(int Item, double Weight)>> Postings) Index(IReadOnlyList<LabelledArticle> corpus)
    {
        var counts = corpus.Select(a =>
        {
            var tf = new Dictionary<string, double>(StringComparer.Ordinal);
            foreach (var term in TextAnalyzer.Terms(a.Headline).Concat(TextAnalyzer.Terms(a.Headline)).Concat(TextAnalyzer.Terms(a.Text)))
            {
                tf[term] = tf.GetValueOrDefault(term) + 1;
            }
            return tf;
        }).ToList();
        var df = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (var term in counts.SelectMany(c => c.Keys))
        {
            df[term] = df.GetValueOrDefault(term) + 1;
        }
        var n = (double)corpus.Count;
        var vectors = counts.Select(c =>
        {
            var v = c.ToDictionary(t => t.Key, t => (1 + Math.Log(t.Value)) * Math.Log(1 + n / df[t.Key]), StringComparer.Ordinal);
            var norm = Math.Sqrt(v.Values.Sum(w => w * w));
            return v.ToDictionary(t => t.Key, t => t.Value / norm, StringComparer.Ordinal);
        }).ToList();
        var postings = new Dictionary<string, List<(int Item, double Weight)>>(StringComparer.Ordinal);
        for (var i = 0; i < vectors.Count; i++)
        {
            foreach (var (term, weight) in vectors[i])
            {
                (postings.TryGetValue(term, out var list) ? list : postings[term] = []).Add((i, weight));
            }
        }
        return (vectors, postings);
    }
}
