using Publishing.Articles.Domain;
using Publishing.Testing;
using static Publishing.Articles.Tests.Submissions;

namespace Publishing.Articles.Tests;

/// <summary>What every article store promises about vote counts, run against each adapter below.</summary>
public abstract class Counting_votes(Func<Task<ArticleStoreUnderTest>> open) : IAsyncLifetime
{
    private ArticleStoreUnderTest _articles = null!;

    public async ValueTask InitializeAsync() => _articles = await open();
    private static CancellationToken Cancellation => TestContext.Current.CancellationToken;

    private Task CountAsync(Guid articleId, long count, long sequence, Guid? messageId = null) =>
        _articles.Store.ApplyVoteCountAsync(messageId ?? Guid.NewGuid(), articleId, count, sequence, Cancellation);

    [Fact]
    public async Task Should_keep_the_count_of_the_newest_change_whatever_the_order()
    {
        var id = Guid.NewGuid();
        await _articles.SubmitAsync(Revision(id, 1));

        await CountAsync(id, 2, 2);
        await CountAsync(id, 3, 3);
        await CountAsync(id, 1, 1);

        Assert.Equal(3, (await _articles.ServedAsync(id.ToString())).Votes);
        Assert.Equal(3, (await _articles.Store.ListAsync(null, 10, null, Cancellation)).Single().Votes);
    }

    [Fact]
    public async Task Should_apply_a_redelivered_count_once()
    {
        var id = Guid.NewGuid();
        await _articles.SubmitAsync(Revision(id, 1));
        var messageId = Guid.NewGuid();

        await CountAsync(id, 1, 1, messageId);
        await CountAsync(id, 0, 2);
        await CountAsync(id, 1, 1, messageId);

        Assert.Equal(0, (await _articles.ServedAsync(id.ToString())).Votes);
    }

    [Fact]
    public async Task Should_keep_counts_that_arrive_before_the_article_and_through_its_revisions()
    {
        var id = Guid.NewGuid();
        await CountAsync(id, 4, 4);
        Assert.IsType<ArticleLookup.Unknown>(await _articles.FindAsync(id.ToString()));
        Assert.Empty(await _articles.ListedAsync());

        await _articles.SubmitAsync(Revision(id, 1));
        await _articles.SubmitAsync(Revision(id, 2));

        Assert.Equal(4, (await _articles.ServedAsync(id.ToString())).Votes);
    }

    public ValueTask DisposeAsync() => _articles.DisposeAsync();
}

public sealed class Counting_votes_in_SQLite() : Counting_votes(() => Task.FromResult<ArticleStoreUnderTest>(new SqliteArticleStoreUnderTest()));

public sealed class Counting_votes_in_MongoDB(MongoFixture mongo) : Counting_votes(() => MongoArticleStoreUnderTest.CreateAsync(mongo));
