using Publishing.Articles.Domain;
using Publishing.Contracts;
using Publishing.ServiceDefaults.Messaging;
using Publishing.ServiceDefaults.Storage;
using Publishing.Testing;
using static Publishing.Articles.Tests.Submissions;

namespace Publishing.Articles.Tests;

/// <summary>
/// What every article store promises about a batch of consumed messages applied in one call, as the batch consumers
/// apply them, run against each adapter below.
/// </summary>
public abstract class Applying_a_batch(Func<Task<ArticleStoreUnderTest>> open) : IAsyncLifetime
{
    private ArticleStoreUnderTest _articles = null!;

    public async ValueTask InitializeAsync() => _articles = await open();

    private static CancellationToken Cancellation => TestContext.Current.CancellationToken;

    private static Delivered<ArticleChange> Submitted(ArticleSubmitted revision, Guid? messageId = null) =>
        new(messageId ?? Guid.NewGuid(), new ArticleChange.Submission(revision));

    private static Delivered<ArticleChange> Withdrawn(Guid id) => new(Guid.NewGuid(), new ArticleChange.Withdrawal(Withdrawal(id)));

    private async Task<IReadOnlyList<string>> EventsAsync() =>
        (await _articles.EventsAsync()).Select(e => e switch
        {
            ArticlePublished p => $"published {p.Article.Revision}",
            ArticleRevised r => $"revised {r.Article.Revision}",
            ArticleWithdrawn => "withdrawn",
            _ => e.GetType().Name,
        }).ToList();

    [Fact]
    public async Task Should_apply_a_message_that_is_twice_in_one_batch_once()
    {
        var id = Guid.NewGuid();
        var messageId = Guid.NewGuid();

        await _articles.Store.ApplyAsync([Submitted(Revision(id, 1), messageId), Submitted(Revision(id, 2), messageId)], Cancellation);

        Assert.Equal([1], (await _articles.Store.RevisionsAsync(id, Cancellation)).Select(r => r.Revision));
        Assert.Equal(["published 1"], await EventsAsync());
    }

    [Fact]
    public async Task Should_serve_the_newer_of_two_revisions_that_arrive_out_of_order_in_one_batch()
    {
        var id = Guid.NewGuid();

        await _articles.Store.ApplyAsync([Submitted(Revision(id, 2, "Second headline")), Submitted(Revision(id, 1, "First headline"))], Cancellation);

        var served = await _articles.ServedAsync(SlugFor("First headline", id));
        Assert.Equal((2, "Second headline"), (served.Revision, served.Headline));
        Assert.Equal([1, 2], (await _articles.Store.RevisionsAsync(id, Cancellation)).Select(r => r.Revision));
        Assert.Equal(["published 2"], await EventsAsync());
    }

    [Fact]
    public async Task Should_keep_an_article_withdrawn_by_a_batch_that_revises_it_after_the_withdrawal()
    {
        var id = Guid.NewGuid();
        await _articles.SubmitAsync(Revision(id, 1));

        await _articles.Store.ApplyAsync([Withdrawn(id), Submitted(Revision(id, 2, "After the withdrawal"))], Cancellation);

        Assert.IsType<ArticleLookup.Withdrawn>(await _articles.FindAsync(SlugFor("After the withdrawal", id)));
        Assert.Equal([1, 2], (await _articles.Store.RevisionsAsync(id, Cancellation)).Select(r => r.Revision));
        Assert.Equal(["published 1", "withdrawn"], await EventsAsync());
        Assert.Empty(await _articles.ListedAsync());
    }

    [Fact]
    public async Task Should_apply_nothing_of_a_batch_with_a_message_that_throws_and_the_rest_when_the_consumer_goes_one_by_one()
    {
        var (before, after) = (Guid.NewGuid(), Guid.NewGuid());
        var poison = Guid.NewGuid();
        // A revision without a body cannot be turned into text for the other services: the store throws while applying it.
        IReadOnlyList<Delivered<ArticleChange>> batch = [Submitted(Revision(before, 1)), Submitted(Revision(poison, 1) with { BodyHtml = null! }), Submitted(Revision(after, 1))];

        await Assert.ThrowsAnyAsync<Exception>(() => _articles.Store.ApplyAsync(batch, Cancellation));
        Assert.Empty(await _articles.ListedAsync());
        Assert.Empty(await EventsAsync());

        await Assert.ThrowsAnyAsync<ArgumentException>(() => Batches.ApplyAsync(batch, _articles.Store.ApplyAsync, Cancellation));
        Assert.Equal(new[] { before, after }.Order(), (await _articles.ListedAsync()).Order());
        Assert.IsType<ArticleLookup.Unknown>(await _articles.FindAsync(poison.ToString()));
        Assert.Equal(["published 1", "published 1"], await EventsAsync());

        // A retry of the batch, as MassTransit makes, applies nothing twice.
        await Assert.ThrowsAnyAsync<ArgumentException>(() => Batches.ApplyAsync(batch, _articles.Store.ApplyAsync, Cancellation));
        Assert.Equal(["published 1", "published 1"], await EventsAsync());
    }

    public ValueTask DisposeAsync() => _articles.DisposeAsync();
}

public sealed class Applying_a_batch_in_SQLite() : Applying_a_batch(() => Task.FromResult<ArticleStoreUnderTest>(new SqliteArticleStoreUnderTest()));

public sealed class Applying_a_batch_in_MongoDB(MongoFixture mongo) : Applying_a_batch(() => MongoArticleStoreUnderTest.CreateAsync(mongo));
