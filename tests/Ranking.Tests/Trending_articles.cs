using Publishing.Ranking.Model;
using static Publishing.Ranking.Tests.Articles;

namespace Publishing.Ranking.Tests;

public sealed class Trending_articles
{
    private readonly RankingModel _model = new(new RankingOptions());
    private static readonly TimeSpan HalfLife = new RankingOptions().Trending.HalfLife;

    private IReadOnlyList<Guid> Trending(DateTimeOffset now, string? topic = null) => _model.Trending(topic, 100, now).Select(a => a.Id).ToList();

    private void Vote(Guid article, int votes, DateTimeOffset at)
    {
        for (var i = 0; i < votes; i++)
        {
            _model.AddVote(article, $"reader-{Guid.NewGuid():N}", at);
        }
    }

    [Fact]
    public void Should_rank_the_article_with_more_votes_first()
    {
        var few = Snapshot(publishedAt: Noon);
        var many = Snapshot(publishedAt: Noon);
        _model.Put(few);
        _model.Put(many);
        Vote(few.ArticleId, 1, Noon);
        Vote(many.ArticleId, 3, Noon);

        var trending = _model.Trending(null, 10, Noon.AddHours(1));

        Assert.Equal([many.ArticleId, few.ArticleId], trending.Select(a => a.Id));
        Assert.Equal([3L, 1L], trending.Select(a => a.Votes));
        Assert.True(trending[0].Score > trending[1].Score);
    }

    [Fact]
    public void Should_rank_a_fresh_article_above_an_old_one_with_as_many_votes()
    {
        var old = Snapshot(publishedAt: Noon.AddDays(-1));
        var fresh = Snapshot(publishedAt: Noon);
        _model.Put(old);
        _model.Put(fresh);
        Vote(old.ArticleId, 5, Noon);
        Vote(fresh.ArticleId, 5, Noon);

        Assert.Equal([fresh.ArticleId, old.ArticleId], Trending(Noon.AddHours(2)));
    }

    [Fact]
    public void Should_let_recent_votes_outweigh_as_many_old_ones()
    {
        var voteYesterday = Snapshot(publishedAt: Noon.AddDays(-1));
        var voteNow = Snapshot(publishedAt: Noon.AddDays(-1));
        _model.Put(voteYesterday);
        _model.Put(voteNow);
        Vote(voteYesterday.ArticleId, 4, Noon.AddDays(-1));
        Vote(voteNow.ArticleId, 4, Noon);

        Assert.Equal([voteNow.ArticleId, voteYesterday.ArticleId], Trending(Noon));
    }

    [Fact]
    public void Should_halve_a_score_every_half_life_without_rescoring()
    {
        var article = Snapshot(publishedAt: Noon);
        _model.Put(article);
        Vote(article.ArticleId, 2, Noon);
        var publicationWeight = new RankingOptions().Trending.PublicationWeight;

        var atOnce = _model.Trending(null, 1, Noon).Single().Score;
        var later = _model.Trending(null, 1, Noon + HalfLife).Single().Score;
        var muchLater = _model.Trending(null, 1, Noon + 3 * HalfLife).Single().Score;

        Assert.Equal(2 + publicationWeight, atOnce, 9);
        Assert.Equal(atOnce / 2, later, 9);
        Assert.Equal(atOnce / 8, muchLater, 9);
    }

    [Fact]
    public void Should_take_back_exactly_what_a_retracted_vote_added()
    {
        var article = Snapshot(publishedAt: Noon);
        _model.Put(article);
        Vote(article.ArticleId, 2, Noon);
        var before = _model.Trending(null, 1, Noon.AddHours(3)).Single();

        _model.AddVote(article.ArticleId, "reader-late", Noon.AddHours(2));
        _model.RemoveVote(article.ArticleId, "reader-late", Noon.AddHours(2));

        var after = _model.Trending(null, 1, Noon.AddHours(3)).Single();
        Assert.Equal(before.Votes, after.Votes);
        Assert.Equal(before.Score, after.Score, 12);
    }

    [Fact]
    public void Should_remove_only_the_vote_of_the_reader_who_retracts()
    {
        var article = Snapshot(publishedAt: Noon);
        var other = Snapshot(publishedAt: Noon);
        _model.Put(article);
        _model.Put(other);
        _model.AddVote(article.ArticleId, "a", Noon);
        _model.AddVote(article.ArticleId, "b", Noon);
        Vote(other.ArticleId, 1, Noon);

        _model.RemoveVote(article.ArticleId, "a", Noon);
        _model.RemoveVote(article.ArticleId, "nobody", Noon);

        var trending = _model.Trending(null, 10, Noon);
        Assert.Equal(1, trending.Single(a => a.Id == article.ArticleId).Votes);
        Assert.Equal(trending[0].Score, trending[1].Score, 12);
    }

    [Fact]
    public void Should_drop_a_withdrawn_article_and_ignore_what_comes_for_it_later()
    {
        var withdrawn = Snapshot(publishedAt: Noon);
        var kept = Snapshot(publishedAt: Noon.AddHours(-6));
        _model.Put(withdrawn);
        _model.Put(kept);
        Vote(withdrawn.ArticleId, 10, Noon);

        _model.Withdraw(withdrawn.ArticleId);
        Vote(withdrawn.ArticleId, 10, Noon);
        _model.Put(withdrawn with { Revision = 2 });

        Assert.Equal([kept.ArticleId], Trending(Noon));
        Assert.Equal([kept.ArticleId], Trending(Noon, "world"));
    }

    [Fact]
    public void Should_list_each_topic_on_its_own_and_follow_a_revision_to_new_topics()
    {
        var sport = Snapshot(topics: ["sport"]);
        var both = Snapshot(topics: ["sport", "world"]);
        var world = Snapshot(topics: ["world"]);
        _model.Put(sport);
        _model.Put(both);
        _model.Put(world);
        Vote(both.ArticleId, 2, Noon);

        Assert.Equal([both.ArticleId, sport.ArticleId], Trending(Noon, "sport"));
        Assert.Equal(2, Trending(Noon, "world").Count);
        Assert.Empty(Trending(Noon, "business"));

        _model.Put(sport with { Revision = 2, Topics = ["business"] });

        Assert.Equal([both.ArticleId], Trending(Noon, "sport"));
        Assert.Equal([sport.ArticleId], Trending(Noon, "business"));
        Assert.Equal(3, Trending(Noon).Count);
    }

    [Fact]
    public void Should_count_a_vote_that_came_before_its_article()
    {
        var early = Snapshot(publishedAt: Noon);
        var other = Snapshot(publishedAt: Noon);
        _model.AddVote(early.ArticleId, "reader-a", Noon);
        Assert.Empty(Trending(Noon));

        _model.Put(other);
        _model.Put(early);

        var trending = _model.Trending(null, 10, Noon);
        Assert.Equal(early.ArticleId, trending[0].Id);
        Assert.Equal(1, trending[0].Votes);
    }

    [Fact]
    public void Should_keep_order_and_scores_when_the_landmark_moves_far_ahead()
    {
        var board = new Trending.TrendingBoard(TimeSpan.FromHours(1), rebaseAfterHalfLives: 10);
        Guid a = Guid.NewGuid(), b = Guid.NewGuid();
        board.Add(a, 3, Noon);
        board.Add(b, 1, Noon);
        board.Show(a, ["x"]);
        board.Show(b, ["x"]);
        var landmark = board.Landmark;

        board.Add(b, 1, Noon.AddHours(20));

        Assert.NotEqual(landmark, board.Landmark);
        var now = Noon.AddHours(20);
        Assert.Equal([b, a], board.Top("x", now).Select(t => t.Id));
        Assert.Equal(3 * Math.Pow(2, -20), board.Score(a, now), 12);
        Assert.Equal(1 + Math.Pow(2, -20), board.Score(b, now), 12);
    }
}
