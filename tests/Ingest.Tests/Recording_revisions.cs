using Publishing.Contracts;
using Publishing.Ingest.Storage;
using Publishing.Testing;

namespace Publishing.Ingest.Tests;

/// <summary>What every ingest store promises about identity, revisions and withdrawals, run against each adapter below.</summary>
public abstract class Recording_revisions(Func<Task<IngestStoreUnderTest>> open) : IAsyncLifetime
{
    private IngestStoreUnderTest _ingest = null!;
    private static CancellationToken Cancellation => TestContext.Current.CancellationToken;

    public async ValueTask InitializeAsync() => _ingest = await open();

    private static RevisionSubmission Revision(string externalId, int revision, string hash = "hash") =>
        new(externalId, revision, $"{hash}-{revision}", id => new ArticleSubmitted(
            id, "newsroom", externalId, revision, $"headline-{revision}-{id.ToString("N")[^8..]}", $"Headline {revision}", null,
            "<p>Body</p>", null, null, ["world"], "en", DateTimeOffset.UnixEpoch, DateTimeOffset.UnixEpoch));

    private Task<SubmitOutcome> SubmitAsync(RevisionSubmission revision, string source = "newsroom") =>
        _ingest.Store.SubmitAsync(source, revision, Cancellation);

    [Fact]
    public async Task Should_give_an_article_one_id_forever_and_put_each_revision_in_the_outbox()
    {
        var first = Assert.IsType<SubmitOutcome.Accepted>(await SubmitAsync(Revision("a", 1)));
        var revised = Assert.IsType<SubmitOutcome.Accepted>(await SubmitAsync(Revision("a", 3)));

        Assert.Equal(first.ArticleId, revised.ArticleId);
        Assert.Equal(3, revised.Revision);
        var events = (await _ingest.EventsAsync()).Cast<ArticleSubmitted>().ToList();
        Assert.Equal([(first.ArticleId, 1), (first.ArticleId, 3)], events.Select(e => (e.ArticleId, e.Revision)).Order());
    }

    [Fact]
    public async Task Should_answer_a_repeat_with_the_same_id_and_slug_and_add_nothing()
    {
        var first = Assert.IsType<SubmitOutcome.Accepted>(await SubmitAsync(Revision("a", 2)));

        var again = await SubmitAsync(Revision("a", 2));

        Assert.Equal(new SubmitOutcome.Repeated(first.ArticleId, first.Slug, 2), again);
        Assert.Single(await _ingest.EventsAsync());
    }

    [Fact]
    public async Task Should_refuse_a_lower_revision_and_the_same_revision_with_other_content()
    {
        var first = Assert.IsType<SubmitOutcome.Accepted>(await SubmitAsync(Revision("a", 2)));

        var lower = Assert.IsType<SubmitOutcome.Conflict>(await SubmitAsync(Revision("a", 1)));
        var other = Assert.IsType<SubmitOutcome.Conflict>(await SubmitAsync(Revision("a", 2, "other")));

        Assert.Equal(first.ArticleId, lower.ArticleId);
        Assert.Equal(first.ArticleId, other.ArticleId);
        Assert.Single(await _ingest.EventsAsync());
    }

    [Fact]
    public async Task Should_keep_two_newsrooms_articles_apart()
    {
        var a = Assert.IsType<SubmitOutcome.Accepted>(await SubmitAsync(Revision("same", 1), "newsroom-a"));
        var b = Assert.IsType<SubmitOutcome.Accepted>(await SubmitAsync(Revision("same", 1), "newsroom-b"));

        Assert.NotEqual(a.ArticleId, b.ArticleId);
    }

    [Fact]
    public async Task Should_let_later_items_of_a_batch_see_the_earlier_ones()
    {
        var outcomes = await _ingest.Store.SubmitAsync("newsroom", [Revision("a", 1), Revision("a", 2), Revision("a", 2), Revision("a", 1), Revision("b", 1)], Cancellation);

        var created = Assert.IsType<SubmitOutcome.Accepted>(outcomes[0]);
        Assert.Equal(new SubmitOutcome.Accepted(created.ArticleId, ((SubmitOutcome.Accepted)outcomes[1]).Slug, 2), outcomes[1]);
        Assert.IsType<SubmitOutcome.Repeated>(outcomes[2]);
        Assert.IsType<SubmitOutcome.Conflict>(outcomes[3]);
        Assert.IsType<SubmitOutcome.Accepted>(outcomes[4]);
        Assert.Equal(3, (await _ingest.EventsAsync()).Count);
    }

    [Fact]
    public async Task Should_withdraw_once_answer_null_for_an_unknown_article_and_refuse_revisions_afterwards()
    {
        var article = Assert.IsType<SubmitOutcome.Accepted>(await SubmitAsync(Revision("a", 1)));
        ArticleWithdrawalSubmitted Withdrawal(Guid id) => new(id, "newsroom", "a", DateTimeOffset.UnixEpoch);

        var withdrawn = await _ingest.Store.WithdrawAsync("newsroom", "a", Withdrawal, Cancellation);
        var again = await _ingest.Store.WithdrawAsync("newsroom", "a", Withdrawal, Cancellation);
        var unknown = await _ingest.Store.WithdrawAsync("newsroom", "unknown", Withdrawal, Cancellation);
        var revised = await SubmitAsync(Revision("a", 2));

        Assert.Equal(article.ArticleId, withdrawn);
        Assert.Equal(article.ArticleId, again);
        Assert.Null(unknown);
        Assert.IsType<SubmitOutcome.Conflict>(revised);
        Assert.Single((await _ingest.EventsAsync()).OfType<ArticleWithdrawalSubmitted>());
    }

    public async ValueTask DisposeAsync() => await _ingest.DisposeAsync();
}

public sealed class Recording_revisions_in_SQLite() : Recording_revisions(() => Task.FromResult<IngestStoreUnderTest>(new SqliteIngestStoreUnderTest()));

public sealed class Recording_revisions_in_MongoDB(MongoFixture mongo) : Recording_revisions(() => MongoIngestStoreUnderTest.CreateAsync(mongo));
