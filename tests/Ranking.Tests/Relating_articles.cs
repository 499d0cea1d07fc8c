using Publishing.Ranking.Model;
using Publishing.Ranking.Related;
using static Publishing.Ranking.Tests.Articles;

namespace Publishing.Ranking.Tests;

public sealed class Relating_articles
{
    private readonly RankingModel _model = new(new RankingOptions());

    private static readonly string[] Filler =
    [
        "Parliament debates the budget for schools and hospitals in the capital.",
        "The central bank holds interest rates as inflation slows across the region.",
        "A storm brings heavy rain and floods to the coast overnight.",
        "Researchers publish a study of sleep and memory in older adults.",
        "The orchestra opens its season with a symphony by a young composer.",
        "Farmers expect a record harvest of wheat after a mild spring.",
    ];

    private Guid Put(string headline, string text, string[]? topics = null, string? summary = null)
    {
        var article = Snapshot(headline, text: text, topics: topics ?? [], summary: summary);
        _model.Put(article);
        return article.ArticleId;
    }

    private void PutFiller()
    {
        foreach (var text in Filler)
        {
            Put(text, text);
        }
    }

    private List<Guid> Related(Guid id) => _model.Related(id, 10)!.Select(a => a.Id).ToList();

    [Fact]
    public void Should_list_the_articles_that_share_terms_most_similar_first_and_never_the_article_itself()
    {
        PutFiller();
        var kim = Put("North Korea's Kim vows to bolster war readiness", "North Korean leader Kim Jong Un called for bolstered war readiness.");
        var close = Put("Kim Jong Un inspects North Korean missile units", "North Korea's leader Kim visited missile units and spoke of war.");
        var farther = Put("South Korea holds talks on trade", "Seoul and Tokyo met for talks on trade and tariffs.");

        var related = Related(kim);

        Assert.Equal(close, related[0]);
        Assert.DoesNotContain(kim, related);
        Assert.True(related.IndexOf(farther) is < 0 or > 0);
        Assert.Contains(kim, Related(close));
        var scores = _model.Related(kim, 10)!.Select(a => a.Score).ToList();
        Assert.Equal(scores.OrderDescending(), scores);
    }

    [Fact]
    public void Should_weigh_a_shared_headline_and_topics_above_shared_body_words()
    {
        PutFiller();
        var article = Put("Volcano erupts near the island", "Ash falls on the villages.", topics: ["geology"]);
        var sharesHeadline = Put("Island volcano erupts again", "A quiet afternoon in the harbour.");
        var sharesBody = Put("Harbour reopens to ferries", "Ash falls on the villages near the island volcano.");
        var sharesTopic = Put("Earthquake shakes the valley", "Houses were damaged in the valley.", topics: ["geology"]);

        var related = Related(article);

        Assert.True(related.IndexOf(sharesHeadline) < related.IndexOf(sharesBody) || !related.Contains(sharesBody));
        Assert.Contains(sharesTopic, related);
    }

    [Fact]
    public void Should_leave_every_list_when_withdrawn_and_answer_nothing_for_it()
    {
        PutFiller();
        var a = Put("Mars rover finds water ice", "The rover found ice under the Martian soil.");
        var b = Put("Water ice on Mars confirmed", "Scientists confirm the rover's ice finding on Mars.");
        var c = Put("Rover drills Martian soil", "The Mars rover drilled into the soil for samples.");
        Assert.Contains(b, Related(a));

        _model.Withdraw(b);

        Assert.DoesNotContain(b, Related(a));
        Assert.DoesNotContain(b, Related(c));
        Assert.Contains(c, Related(a));
        Assert.Null(_model.Related(b, 10));
        Assert.True(_model.IsWithdrawn(b));
    }

    [Fact]
    public void Should_follow_a_revision_that_changes_the_subject()
    {
        PutFiller();
        var moving = Snapshot("Mars rover finds water ice", text: "The rover found ice under the Martian soil.", topics: []);
        _model.Put(moving);
        var mars = Put("Water ice on Mars confirmed", "Scientists confirm the rover's ice finding on Mars.");
        var football = Put("Football final ends in a penalty shoot-out", "The football final went to penalties after extra time.");
        Assert.Contains(moving.ArticleId, Related(mars));

        _model.Put(moving with { Revision = 2, Headline = "Football final: penalties decide it", Text = "Penalties decided the football final." });

        Assert.DoesNotContain(moving.ArticleId, Related(mars));
        Assert.Equal(football, Related(moving.ArticleId)[0]);
        Assert.Contains(moving.ArticleId, Related(football));
    }

    [Fact]
    public void Should_sweep_out_the_postings_of_revisions_that_left_and_keep_relating_the_rest()
    {
        var index = new SimilarityIndex(new RelatedOptions());
        var ids = Enumerable.Range(0, 40).Select(_ => Guid.NewGuid()).ToList();
        void PutAll(IEnumerable<Guid> articles)
        {
            foreach (var (i, id) in articles.Index())
            {
                index.Put(id, $"Dock workers strike at harbour {i}", null, "Dock workers at the harbour strike over pay and hours.", ["business"]);
            }
        }
        PutAll(ids);
        var live = index.PostingCount;

        // Three more revisions of each: without the sweep, four revisions' postings each.
        for (var round = 0; round < 3; round++)
        {
            PutAll(ids);
        }
        Assert.InRange(index.PostingCount, live, 2 * live);
        foreach (var id in ids[20..])
        {
            index.Remove(id);
        }

        Assert.InRange(index.PostingCount, live / 2, live);
        var related = index.Neighbours(ids[0]).Select(n => n.Id).ToList();
        Assert.NotEmpty(related);
        Assert.All(related, id => Assert.Contains(id, ids[1..20]));
    }

    [Fact]
    public void Should_keep_at_most_the_configured_neighbours_and_answer_the_limit()
    {
        var model = new RankingModel(new RankingOptions { Related = new RelatedOptions { Neighbours = 3 } });
        var ids = Enumerable.Range(0, 8).Select(i =>
        {
            var article = Snapshot($"Election results in district {i}", text: "The election count finished in the district.", topics: []);
            model.Put(article);
            return article.ArticleId;
        }).ToList();

        Assert.All(ids, id => Assert.Equal(3, model.Related(id, 10)!.Count));
        Assert.Single(model.Related(ids[0], 1)!);
    }

    [Fact]
    public void Should_score_the_same_lists_whatever_order_the_articles_arrived_in()
    {
        var articles = Filler.Concat(["Mars rover finds water ice", "Water ice on Mars confirmed", "Rover drills Martian soil for water"])
            .Select(text => Snapshot(text, text: text, topics: [])).ToList();
        var reversed = new RankingModel(new RankingOptions());
        articles.ForEach(article => _model.Put(article));
        Enumerable.Reverse(articles).ToList().ForEach(article => reversed.Put(article));

        foreach (var article in articles)
        {
            var inOrder = _model.Related(article.ArticleId, 10)!;
            var inReverse = reversed.Related(article.ArticleId, 10)!;
            Assert.Equal(inOrder.Select(a => a.Id), inReverse.Select(a => a.Id));
            Assert.All(inOrder.Zip(inReverse), pair => Assert.Equal(pair.First.Score, pair.Second.Score, 5));
        }
    }

    [Fact]
    public void Should_read_its_lists_back_from_a_checkpoint_taken_with_the_same_options_only()
    {
        PutFiller();
        var articles = new[] { "Mars rover finds water ice", "Water ice on Mars confirmed", "Rover drills Martian soil" }
            .Select(headline => Snapshot(headline, text: headline + ".", topics: [])).ToList();
        articles.ForEach(article => _model.Put(article));
        _model.Withdraw(articles[2].ArticleId);
        var checkpoint = _model.CheckpointRelated();

        var restored = new RankingModel(new RankingOptions());
        var otherOptions = new RankingModel(new RankingOptions { Related = new RelatedOptions { MaxQueryTerms = 5 } });

        Assert.True(restored.RestoreRelated(checkpoint));
        Assert.False(otherOptions.RestoreRelated(checkpoint));
        articles.Take(2).ToList().ForEach(article => restored.Put(article, index: false));
        Assert.Equal(Related(articles[0].ArticleId), restored.Related(articles[0].ArticleId, 10)!.Select(a => a.Id));
        Assert.Equal([articles[0].ArticleId], restored.Related(articles[1].ArticleId, 10)!.Select(a => a.Id).Where(id => id == articles[0].ArticleId));
        var another = Snapshot("Martian ice found by the rover", text: "Rover found ice.", topics: []);
        restored.Put(another);
        Assert.Contains(another.ArticleId, restored.Related(articles[0].ArticleId, 10)!.Select(a => a.Id));
    }
}
