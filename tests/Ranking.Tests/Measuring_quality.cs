using Publishing.Ranking.Evaluation;

namespace Publishing.Ranking.Tests;

/// <summary>
/// The evaluation of services/Ranking/README.md on a subset of the corpus, so it stays fast: these fail when quality
/// falls well below the measured figures, not when it wobbles.
/// </summary>
public sealed class Measuring_quality
{
    private static readonly Lazy<IReadOnlyList<LabelledArticle>> Subset = new(() => LabelledCorpus.Load(LabelledCorpus.DefaultPath(), perLabel: 400));

    [Fact]
    public void Should_find_related_articles_of_the_same_label_far_more_often_than_chance()
    {
        var figures = RelatedEvaluation.Run(Subset.Value);

        TestContext.Current.TestOutputHelper?.WriteLine($"precision@10 {figures.PrecisionAt10:P1}, chance {figures.Chance:P1}");
        Assert.InRange(figures.Chance, 0.24, 0.26);
        Assert.True(figures.PrecisionAt10 >= 0.55, $"precision@10 fell to {figures.PrecisionAt10:P1}");
    }

    [Fact]
    public void Should_relate_as_well_as_tf_idf_over_the_whole_corpus_in_whatever_order_the_articles_arrive()
    {
        // The worst order for weights fixed at arrival: one label after another (each label's words look common first).
        var byLabel = Subset.Value.OrderBy(a => a.Label, StringComparer.Ordinal).ToList();
        var plain = PlainTfIdf.Run(byLabel);
        var batch = RelatedEvaluation.Run(byLabel);
        var plainInSteps = PlainTfIdf.Run(Subset.Value, steps: 4);
        var inSteps = RelatedEvaluation.Run(Subset.Value, steps: 4);

        TestContext.Current.TestOutputHelper?.WriteLine(
            $"one label after another: plain {plain.PrecisionAt10:P1}, index {batch.PrecisionAt10:P1}; in 4 steps: plain {plainInSteps.PrecisionAt10:P1}, index {inSteps.PrecisionAt10:P1}");
        Assert.True(batch.PrecisionAt10 >= plain.PrecisionAt10 - 0.005, $"plain {plain.PrecisionAt10:P1}, index {batch.PrecisionAt10:P1}");
        Assert.True(inSteps.PrecisionAt10 >= plainInSteps.PrecisionAt10 - 0.005, $"plain {plainInSteps.PrecisionAt10:P1}, index {inSteps.PrecisionAt10:P1}");
    }

    [Fact]
    public void Should_recommend_within_the_readers_interest_and_find_held_out_votes_better_than_popularity()
    {
        var figures = RecommendationEvaluation.Run(Subset.Value, readers: 800, testReaders: 200);

        TestContext.Current.TestOutputHelper?.WriteLine(
            $"model: share {figures.Model.ShareInLabel:P1}, hit rate {figures.Model.HitRateAt10:P1}; popularity: share {figures.Popularity.ShareInLabel:P1}, hit rate {figures.Popularity.HitRateAt10:P1}");
        Assert.True(figures.Model.ShareInLabel >= 0.75, $"share in label fell to {figures.Model.ShareInLabel:P1}");
        Assert.True(figures.Model.ShareInLabel > figures.Popularity.ShareInLabel + 0.4);
        Assert.True(figures.Model.HitRateAt10 > figures.Popularity.HitRateAt10, $"hit rate {figures.Model.HitRateAt10:P1} vs popularity {figures.Popularity.HitRateAt10:P1}");
    }
}

/// <summary>
/// The same evaluation with embeddings, on 100 items per label so that the model's work stays a few seconds (the
/// embeddings are kept beside the test's build output for the next run): meaning must add to words, not just match.
/// </summary>
public sealed class Measuring_quality_with_embeddings
{
    private static readonly Lazy<(IReadOnlyList<LabelledArticle> Corpus, IReadOnlyDictionary<Guid, float[]> Embeddings)> Subset = new(() =>
    {
        var corpus = LabelledCorpus.Load(LabelledCorpus.DefaultPath(), perLabel: 100);
        var cache = Path.Combine(AppContext.BaseDirectory, "embeddings", "agnews-100-per-label.minilm.bin");
        return (corpus, CorpusEmbeddings.Load(corpus, cache, new Publishing.Ranking.Embeddings.EmbeddingOptions()).Vectors);
    });

    [Fact]
    public void Should_find_related_articles_of_the_same_label_more_often_by_meaning_and_words_than_by_words_alone()
    {
        var (corpus, embeddings) = Subset.Value;

        var words = RelatedEvaluation.Run(corpus);
        var blended = RelatedEvaluation.Run(corpus, embeddings: embeddings);

        TestContext.Current.TestOutputHelper?.WriteLine($"precision@10: words {words.PrecisionAt10:P1}, meaning and words {blended.PrecisionAt10:P1}");
        Assert.True(blended.PrecisionAt10 >= words.PrecisionAt10 + 0.05, $"words {words.PrecisionAt10:P1}, meaning and words {blended.PrecisionAt10:P1}");
    }

    [Fact]
    public void Should_keep_recommendations_closer_to_the_readers_interest_when_votes_stray()
    {
        var (corpus, embeddings) = Subset.Value;

        var words = RecommendationEvaluation.Run(corpus, readers: 400, testReaders: 200, stray: 0.2);
        var blended = RecommendationEvaluation.Run(corpus, readers: 400, testReaders: 200, stray: 0.2, embeddings: embeddings);

        TestContext.Current.TestOutputHelper?.WriteLine(
            $"share in label: words {words.Model.ShareInLabel:P1}, meaning and words {blended.Model.ShareInLabel:P1}; hit rate {words.Model.HitRateAt10:P1} / {blended.Model.HitRateAt10:P1}");
        Assert.True(blended.Model.ShareInLabel >= words.Model.ShareInLabel + 0.05, $"words {words.Model.ShareInLabel:P1}, meaning and words {blended.Model.ShareInLabel:P1}");
        Assert.True(blended.Model.HitRateAt10 > blended.Popularity.HitRateAt10, $"hit rate {blended.Model.HitRateAt10:P1} vs popularity {blended.Popularity.HitRateAt10:P1}");
    }
}
