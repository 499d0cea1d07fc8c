using Publishing.Articles.Domain;
using Publishing.Articles.Storage;
using Publishing.Contracts;
using Publishing.Testing;
using static Publishing.Articles.Tests.Submissions;

namespace Publishing.Articles.Tests;

/// <summary>What every article store promises about withdrawals, run against each adapter below.</summary>
public abstract class Withdrawing_an_article(Func<Task<ArticleStoreUnderTest>> open) : IAsyncLifetime
{
    private ArticleStoreUnderTest _articles = null!;

    public async ValueTask InitializeAsync() => _articles = await open();

    /// <summary>Every order of revision 1 (r1), revision 2 (r2) and the withdrawal (w).</summary>
    public static TheoryData<string> Orders => new("r1 r2 w", "r1 w r2", "r2 r1 w", "r2 w r1", "w r1 r2", "w r2 r1");

    [Theory]
    [MemberData(nameof(Orders), MemberType = typeof(Withdrawing_an_article))]
    public async Task Should_win_over_every_revision_in_any_order_and_with_redeliveries(string order)
    {
        var id = Guid.NewGuid();
        var messages = new Dictionary<string, (Guid MessageId, Func<Guid, Task> Apply)>
        {
            ["r1"] = (Guid.NewGuid(), messageId => _articles.SubmitAsync(Revision(id, 1, "First headline"), messageId)),
            ["r2"] = (Guid.NewGuid(), messageId => _articles.SubmitAsync(Revision(id, 2, "Second headline"), messageId)),
            ["w"] = (Guid.NewGuid(), messageId => _articles.WithdrawAsync(Withdrawal(id), messageId)),
        };
        var steps = order.Split(' ');
        // Each message once in the given order, then each again, as a broker redelivering would.
        foreach (var step in steps.Concat(steps))
        {
            await messages[step].Apply(messages[step].MessageId);
        }

        foreach (var idOrSlug in new[] { id.ToString(), SlugFor("First headline", id), SlugFor("Second headline", id) })
        {
            Assert.Equal(new ArticleLookup.Withdrawn(id), await _articles.FindAsync(idOrSlug));
        }
        Assert.DoesNotContain(id, await _articles.ListedAsync());
        Assert.DoesNotContain(id, await _articles.ListedAsync("world"));
        Assert.Equal([1, 2], (await _articles.Store.RevisionsAsync(id, TestContext.Current.CancellationToken)).Select(r => r.Revision));

        var events = await _articles.EventsAsync();
        var withdrawn = Assert.Single(events.OfType<ArticleWithdrawn>());
        Assert.Equal(new ArticleWithdrawn(id, Withdrawal(id).WithdrawnAt), withdrawn);
        // Only what was served before the withdrawal was published: nothing after it, and revision 1 never after 2.
        // (Compared as a set ordered by revision: the MongoDB outbox orders events only to the millisecond.)
        var revisionsPublished = events.Where(e => e is not ArticleWithdrawn).Select(e => e switch
        {
            ArticlePublished p => (p.Article.Revision, "published " + p.Article.Revision),
            ArticleRevised r => (r.Article.Revision, "revised " + r.Article.Revision),
            _ => (0, e.GetType().Name),
        }).OrderBy(e => e.Item1).Select(e => e.Item2);
        var expected = order switch
        {
            "r1 r2 w" => new[] { "published 1", "revised 2" },
            "r1 w r2" => ["published 1"],
            "r2 r1 w" or "r2 w r1" => ["published 2"],
            _ => [],
        };
        Assert.Equal(expected, revisionsPublished);
    }

    [Fact]
    public async Task Should_leave_every_list_and_leave_the_other_articles_in_them()
    {
        var staying = Guid.NewGuid();
        var leaving = Guid.NewGuid();
        await _articles.SubmitAsync(Revision(staying, 1, topics: ["world"], publishedAt: Noon));
        await _articles.SubmitAsync(Revision(leaving, 1, topics: ["world", "asia"], publishedAt: Noon.AddMinutes(1)));
        Assert.Equal([leaving, staying], await _articles.ListedAsync());

        await _articles.WithdrawAsync(Withdrawal(leaving));

        Assert.Equal([staying], await _articles.ListedAsync());
        Assert.Equal([staying], await _articles.ListedAsync("world"));
        Assert.Empty(await _articles.ListedAsync("asia"));
    }

    [Fact]
    public async Task Should_answer_gone_for_an_article_withdrawn_before_any_revision_arrived()
    {
        var id = Guid.NewGuid();

        await _articles.WithdrawAsync(Withdrawal(id));

        Assert.Equal(new ArticleLookup.Withdrawn(id), await _articles.FindAsync(id.ToString()));
        Assert.IsType<ArticleWithdrawn>(Assert.Single(await _articles.EventsAsync()));
    }

    [Fact]
    public async Task Should_publish_one_withdrawal_however_often_the_newsroom_withdraws()
    {
        var id = Guid.NewGuid();
        await _articles.SubmitAsync(Revision(id, 1));

        await _articles.WithdrawAsync(Withdrawal(id));
        await _articles.WithdrawAsync(Withdrawal(id) with { WithdrawnAt = Noon.AddHours(2) });

        Assert.Equal(new ArticleWithdrawn(id, Withdrawal(id).WithdrawnAt), Assert.Single((await _articles.EventsAsync()).OfType<ArticleWithdrawn>()));
    }

    public ValueTask DisposeAsync() => _articles.DisposeAsync();
}

public sealed class Withdrawing_an_article_in_SQLite() : Withdrawing_an_article(() => Task.FromResult<ArticleStoreUnderTest>(new SqliteArticleStoreUnderTest()));

public sealed class Withdrawing_an_article_in_MongoDB(MongoFixture mongo) : Withdrawing_an_article(() => MongoArticleStoreUnderTest.CreateAsync(mongo));
