using Publishing.Ranking.Related;

namespace Publishing.Ranking.Evaluation;

/// <summary>
/// The baseline the related list must beat: TF-IDF over the whole corpus at once (the headline counted twice,
/// <c>(1 + ln tf) · ln(1 + N/df)</c>, every term kept), exact cosine neighbours through an inverted index.
/// </summary>
public static class PlainTfIdf
{
    public static double PrecisionAt10(IReadOnlyList<LabelledArticle> corpus)
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
        double hits = 0;
        var scores = new double[corpus.Count];
        for (var i = 0; i < corpus.Count; i++)
        {
            Array.Clear(scores);
            foreach (var (term, weight) in vectors[i])
            {
                foreach (var (item, other) in postings[term])
                {
                    scores[item] += weight * other;
                }
            }
            scores[i] = double.NegativeInfinity;
            hits += Enumerable.Range(0, scores.Length).OrderByDescending(j => scores[j]).Take(RelatedEvaluation.K)
                .Count(j => corpus[j].Label == corpus[i].Label);
        }
        return hits / (corpus.Count * RelatedEvaluation.K);
    }
}
