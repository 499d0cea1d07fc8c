using System.Globalization;
using Publishing.Contracts;
using Publishing.Ranking.Embeddings;
using Publishing.Ranking.Model;

namespace Publishing.Ranking.Tests;

/// <summary>
/// A checkpoint written by the release before this one (format 2: TF-IDF weights, embeddings, neighbour lists) must
/// still be read after an upgrade, or every replica would index its whole corpus again on its first start.
/// <c>Checkpoints/format-2.bin</c> holds 30 articles, 25 of them with an embedding, and
/// <c>Checkpoints/format-2-related.txt</c> each one's related list as that release answered it.
/// </summary>
public sealed class Reading_an_earlier_checkpoint
{
    private static readonly string[] Subjects =
        ["harbour ferry crossing storm", "election parliament vote minister", "football league match goal", "bank interest rates inflation", "telescope planet orbit discovery"];

    /// <summary>The articles as that checkpoint was written from them.</summary>
    private static List<ArticleSnapshot> Written() => Enumerable.Range(0, 30).Select(i => new ArticleSnapshot(
        Guid.Parse($"00000000-0000-0000-0000-{i + 1:D12}"), 1, $"item-{i}", $"Story {i}: {Subjects[i % 5]}", null,
        $"Report {i} on the {Subjects[i % 5].Split(' ')[i % 4]} and the {Subjects[(i + 1) % 5].Split(' ')[i % 3]}.", [], "en",
        Articles.Noon.AddMinutes(i))).ToList();

    private static string Checkpoint(string name) => Path.Combine(AppContext.BaseDirectory, "Checkpoints", name);

    [Fact]
    public void Should_read_a_checkpoint_of_the_earlier_format_and_answer_the_lists_it_answered()
    {
        var model = new RankingModel(new RankingOptions { Embeddings = new EmbeddingOptions { Enabled = false } });
        Assert.True(model.RestoreRelated(File.ReadAllBytes(Checkpoint("format-2.bin"))));
        var articles = Written();
        articles.ForEach(article => model.Put(article, index: false));

        Assert.Equal(25, model.Embedded);
        foreach (var line in File.ReadAllLines(Checkpoint("format-2-related.txt")))
        {
            var parts = line.Split(' ', StringSplitOptions.RemoveEmptyEntries);
            var expected = parts[1..].Select(p => p.Split(':')).Select(p => (Id: Guid.Parse(p[0]), Score: double.Parse(p[1], CultureInfo.InvariantCulture))).ToList();
            var related = model.Related(Guid.Parse(parts[0]), 10)!;
            Assert.Equal(expected.Select(e => e.Id), related.Select(r => r.Id));
            Assert.All(expected.Zip(related), pair => Assert.Equal(pair.First.Score, pair.Second.Score, 4));
        }

        // The index goes on from there: a new article finds its neighbours and enters their lists.
        var another = new ArticleSnapshot(Guid.NewGuid(), 1, "another", "Ferry crossing cancelled by the storm", null,
            "The harbour ferry crossing was cancelled.", [], "en", Articles.Noon.AddHours(1));
        model.Put(another);
        Assert.Contains(articles[0].ArticleId, model.Related(another.ArticleId, 10)!.Select(r => r.Id));
        Assert.Contains(another.ArticleId, model.Related(articles[0].ArticleId, 20)!.Select(r => r.Id));
    }
}
