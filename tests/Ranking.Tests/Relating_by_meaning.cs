using Publishing.Ranking.Embeddings;
using Publishing.Ranking.Model;
using static Publishing.Ranking.Tests.Articles;

namespace Publishing.Ranking.Tests;

/// <summary>
/// Related by meaning: embeddings in 8 bits with exact neighbour lists, blended with TF-IDF in the model, arriving
/// after the article is listed by its words. Vectors are made up here; the encoder itself is tested once, in
/// <see cref="Should_place_texts_on_one_subject_closer_than_texts_on_another"/>.
/// </summary>
public sealed class Relating_by_meaning
{
    private static float[] Unit(Random random, int dimensions = 48)
    {
        var vector = new float[dimensions];
        for (var i = 0; i < vector.Length; i++)
        {
            vector[i] = (float)(random.NextDouble() * 2 - 1);
        }
        return Normalised(vector);
    }

    private static float[] Normalised(float[] vector)
    {
        var norm = (float)Math.Sqrt(vector.Sum(v => v * v));
        return vector.Select(v => v / norm).ToArray();
    }

    private static float Cosine(float[] x, float[] y) => x.Zip(y, (a, b) => a * b).Sum();

    [Fact]
    public void Should_keep_for_every_article_its_nearest_neighbours_among_all_those_before_and_after_it()
    {
        var random = new Random(7);
        var vectors = Enumerable.Range(0, 400).Select(_ => (Id: Guid.NewGuid(), Vector: Unit(random))).ToList();
        var index = new EmbeddingIndex(neighbours: 10);
        foreach (var (id, vector) in vectors)
        {
            index.Put(id, vector);
        }

        var overlap = 0.0;
        foreach (var (id, vector) in vectors)
        {
            var exact = vectors.Where(v => v.Id != id).OrderByDescending(v => Cosine(vector, v.Vector)).Take(10).Select(v => v.Id);
            var kept = index.Neighbours(id).ToList();
            Assert.Equal(10, kept.Count);
            Assert.DoesNotContain(id, kept.Select(n => n.Id));
            Assert.Equal(kept.Select(n => n.Similarity).OrderDescending(), kept.Select(n => n.Similarity));
            overlap += exact.Intersect(kept.Select(n => n.Id)).Count() / 10.0;
        }
        // Eight bits a dimension blur only near ties.
        Assert.True(overlap / vectors.Count > 0.9, $"overlap with the exact neighbours {overlap / vectors.Count:P1}");
    }

    [Fact]
    public void Should_take_a_departed_article_out_of_every_list_and_refill_the_lists()
    {
        var random = new Random(11);
        var vectors = Enumerable.Range(0, 60).Select(_ => (Id: Guid.NewGuid(), Vector: Unit(random))).ToList();
        var index = new EmbeddingIndex(neighbours: 5);
        foreach (var (id, vector) in vectors)
        {
            index.Put(id, vector);
        }
        var leaving = vectors.Take(20).Select(v => v.Id).ToHashSet();
        foreach (var id in leaving)
        {
            index.Remove(id);
        }

        foreach (var (id, vector) in vectors.Skip(20))
        {
            var kept = index.Neighbours(id).Select(n => n.Id).ToList();
            Assert.Equal(5, kept.Count);
            Assert.Empty(kept.Intersect(leaving));
            var exact = vectors.Skip(20).Where(v => v.Id != id).OrderByDescending(v => Cosine(vector, v.Vector)).First().Id;
            Assert.Contains(exact, kept);
        }
        Assert.Empty(index.Neighbours(vectors[0].Id));
    }

    [Fact]
    public void Should_compute_the_same_dot_product_with_and_without_vector_instructions()
    {
        var random = new Random(3);
        foreach (var length in new[] { 1, 15, 16, 17, 384, 385 })
        {
            var x = Enumerable.Range(0, length).Select(_ => (sbyte)random.Next(-127, 128)).ToArray();
            var y = Enumerable.Range(0, length).Select(_ => (sbyte)random.Next(-127, 128)).ToArray();
            Assert.Equal(x.Zip(y, (a, b) => a * b).Sum(), EmbeddingIndex.Dot(x, y));
        }
    }

    private static RankingModel Model(bool embeddings = true) =>
        new(new RankingOptions { Embeddings = new EmbeddingOptions { Enabled = embeddings } });

    [Fact]
    public void Should_list_an_article_by_its_words_at_once_and_by_meaning_too_once_its_embedding_arrives()
    {
        var model = Model();
        var car = Snapshot("Electric car sales rise", text: "Sales of electric cars rose in the spring.", topics: []);
        var words = Snapshot("Sales rise in the spring", text: "Spring sales rose at shops.", topics: []);
        var meaning = Snapshot("Battery vehicles gain buyers", text: "Buyers turn to battery vehicles.", topics: []);
        foreach (var article in new[] { car, words, meaning })
        {
            model.Put(article);
        }
        Assert.Equal(words.ArticleId, model.Related(car.ArticleId, 10)![0].Id);
        Assert.DoesNotContain(meaning.ArticleId, model.Related(car.ArticleId, 10)!.Select(a => a.Id));

        // What the worker would read, in publication order.
        var waiting = new List<Guid>();
        while (model.WaitingForEmbedding.TryRead(out var next))
        {
            waiting.Add(next.Id);
        }
        Assert.Equal([car.ArticleId, words.ArticleId, meaning.ArticleId], waiting);

        model.PutEmbedding(car.ArticleId, 1, Normalised([1, 0.1f, 0]));
        model.PutEmbedding(words.ArticleId, 1, Normalised([0, 1, 0.2f]));
        model.PutEmbedding(meaning.ArticleId, 1, Normalised([1, 0, 0.1f]));

        var related = model.Related(car.ArticleId, 10)!;
        Assert.Equal(meaning.ArticleId, related[0].Id);
        Assert.Contains(words.ArticleId, related.Select(a => a.Id));
        Assert.Equal(3, model.Embedded);
    }

    [Fact]
    public void Should_ignore_the_embedding_of_a_revision_that_was_replaced_or_of_an_article_withdrawn()
    {
        var model = Model();
        var article = Snapshot("Rail strike halts trains", text: "Trains stood still.", topics: []);
        var other = Snapshot("Rail workers walk out", text: "Workers walked out.", topics: []);
        model.Put(article);
        model.Put(other);
        model.Put(article with { Revision = 2, Headline = "Rail strike ends" });

        model.PutEmbedding(article.ArticleId, 1, Normalised([1, 0]));
        Assert.Equal(0, model.Embedded);
        model.PutEmbedding(article.ArticleId, 2, Normalised([1, 0]));
        Assert.Equal(1, model.Embedded);

        model.Withdraw(other.ArticleId);
        model.PutEmbedding(other.ArticleId, 1, Normalised([1, 0.1f]));
        Assert.Equal(1, model.Embedded);
    }

    [Fact]
    public void Should_queue_nothing_when_embeddings_are_switched_off()
    {
        var model = Model(embeddings: false);
        model.Put(Snapshot("Quiet machine", text: "Nothing to embed.", topics: []));

        Assert.False(model.WaitingForEmbedding.TryRead(out _));
    }

    [Fact]
    public void Should_keep_the_embeddings_and_their_lists_in_the_checkpoint_and_queue_only_what_it_lacks()
    {
        var model = Model();
        var random = new Random(5);
        var articles = Enumerable.Range(0, 30).Select(i => Snapshot($"Story {i} about harbours", text: $"Harbour story {i}.", topics: [])).ToList();
        foreach (var article in articles)
        {
            model.Put(article);
        }
        foreach (var article in articles.Take(25))
        {
            model.PutEmbedding(article.ArticleId, 1, Unit(random, 16));
        }

        var restored = Model();
        Assert.True(restored.RestoreRelated(model.CheckpointRelated()));
        foreach (var article in articles)
        {
            restored.Put(article, index: false);
        }

        Assert.Equal(25, restored.Embedded);
        foreach (var article in articles)
        {
            Assert.Equal(model.Related(article.ArticleId, 10)!.Select(a => (a.Id, a.Score)), restored.Related(article.ArticleId, 10)!.Select(a => (a.Id, a.Score)));
        }
        var waiting = new List<Guid>();
        while (restored.WaitingForEmbedding.TryRead(out var next))
        {
            waiting.Add(next.Id);
        }
        Assert.Equal(articles.Skip(25).Select(a => a.ArticleId), waiting);
    }

    [Fact]
    public void Should_give_the_model_the_headline_and_the_start_of_the_text_with_whitespace_collapsed()
    {
        var text = ArticleEncoder.TextOf("  Storm\nwarning ", "Winds of\t100 km/h", "Stay  indoors.\n\nMore follows.", maxCharacters: 30);

        Assert.Equal("Storm warning. Winds of 100 km/h Stay indoors", text);
        Assert.Equal("Headline only", ArticleEncoder.TextOf("Headline only", null, "", 1000));
    }

    /// <summary>The real model, once (half a second to load, ~35 ms a text).</summary>
    [Fact]
    public void Should_place_texts_on_one_subject_closer_than_texts_on_another()
    {
        using var encoder = new ArticleEncoder(new EmbeddingOptions());
        var football = encoder.Encode("The striker scored twice as the home side won the cup final.");
        var soccer = encoder.Encode("A late goal gave the team victory in the league match.");
        var markets = encoder.Encode("Shares fell as the central bank raised interest rates again.");

        Assert.Equal(ArticleEncoder.Dimensions, football.Length);
        Assert.Equal(1, Math.Sqrt(football.Sum(v => v * v)), 3);
        Assert.True(Cosine(football, soccer) > Cosine(football, markets) + 0.1,
            $"same subject {Cosine(football, soccer):F2}, other subject {Cosine(football, markets):F2}");
    }
}
