using Publishing.Ranking.Model;
using static Publishing.Ranking.Tests.Articles;

namespace Publishing.Ranking.Tests;

public sealed class Recommending_articles
{
    private readonly RankingModel _model = new(new RankingOptions());

    private Guid Put(string headline, DateTimeOffset? publishedAt = null)
    {
        var article = Snapshot(headline, text: headline, topics: [], publishedAt: publishedAt ?? Noon);
        _model.Put(article);
        return article.ArticleId;
    }

    private List<Guid> Several(int count, string subject) =>
        Enumerable.Range(0, count).Select(i => Put($"{subject} story number {i}", Noon.AddMinutes(-i))).ToList();

    private IReadOnlyList<Guid> Recommend(string reader, int limit = 10) => _model.Recommend(reader, limit, Noon).Select(a => a.Id).ToList();

    [Fact]
    public void Should_give_a_reader_without_votes_the_trending_list()
    {
        var articles = Several(12, "Harvest");
        _model.AddVote(articles[5], "someone", Noon);

        Assert.Equal(_model.Trending(null, 10, Noon).Select(a => a.Id), Recommend("newcomer"));
        Assert.Equal(articles[5], Recommend("newcomer")[0]);
    }

    [Fact]
    public void Should_recommend_what_readers_who_voted_alike_also_voted_for()
    {
        var shared = Put("Chess championship opens");
        var coVoted = Put("Grandmaster wins with a queen sacrifice");
        var popularElsewhere = Put("Celebrity wedding draws crowds");
        Several(20, "Weather");
        for (var r = 0; r < 5; r++)
        {
            _model.AddVote(shared, $"chess-{r}", Noon);
            _model.AddVote(coVoted, $"chess-{r}", Noon);
        }
        for (var r = 0; r < 8; r++)
        {
            _model.AddVote(popularElsewhere, $"crowd-{r}", Noon);
        }
        _model.AddVote(shared, "reader", Noon);

        var recommended = Recommend("reader");

        Assert.Equal(coVoted, recommended[0]);
        Assert.Contains(popularElsewhere, recommended);
    }

    [Fact]
    public void Should_never_recommend_what_the_reader_voted_for_nor_a_withdrawn_article_and_still_fill_the_list()
    {
        var articles = Several(30, "Budget");
        foreach (var voted in articles.Take(5))
        {
            _model.AddVote(voted, "reader", Noon);
            _model.AddVote(voted, "other", Noon);
        }
        _model.AddVote(articles[6], "other", Noon);
        _model.Withdraw(articles[6]);

        var recommended = Recommend("reader", 20);

        Assert.Equal(20, recommended.Count);
        Assert.Equal(20, recommended.Distinct().Count());
        Assert.DoesNotContain(articles[6], recommended);
        Assert.Empty(recommended.Intersect(articles.Take(5)));
    }

    [Fact]
    public void Should_fall_back_on_content_when_nobody_else_voted()
    {
        var voted = Put("Lunar eclipse visible across Europe tonight");
        var similar = Put("How to watch the lunar eclipse over Europe");
        Several(15, "Parliament");
        _model.AddVote(voted, "reader", Noon);

        Assert.Equal(similar, Recommend("reader")[0]);
    }

    /// <summary>
    /// What one request costs, counted in bytes allocated on this thread (the work it does, without timing it): the
    /// same for an article with 100,000 voters as for one with 1,000. Sorting every voter made it grow with them.
    /// </summary>
    [Fact]
    public void Should_cost_the_same_whatever_the_number_of_voters_per_article()
    {
        long CostWith(int voters)
        {
            var model = new RankingModel(new RankingOptions());
            var articles = Enumerable.Range(0, 5).Select(i => Snapshot($"Harbour story {i}", text: $"Harbour story {i}", topics: [], publishedAt: Noon)).ToList();
            foreach (var article in articles)
            {
                model.Put(article);
            }
            for (var v = 0; v < voters; v++)
            {
                model.AddVote(articles[0].ArticleId, $"voter-{v}", Noon.AddSeconds(-v));
                model.AddVote(articles[1 + v % 4].ArticleId, $"voter-{v}", Noon.AddSeconds(-v));
            }
            model.AddVote(articles[0].ArticleId, "reader", Noon);
            model.Recommend("reader", 10, Noon);
            var before = GC.GetAllocatedBytesForCurrentThread();
            model.Recommend("reader", 10, Noon);
            return GC.GetAllocatedBytesForCurrentThread() - before;
        }

        var few = CostWith(1_000);
        var many = CostWith(100_000);

        Assert.True(many < 2 * few, $"{few} bytes with 1,000 voters, {many} with 100,000");
    }
}
