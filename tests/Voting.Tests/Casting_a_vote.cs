using Publishing.Contracts;
using Publishing.Testing;
using Publishing.Voting.Domain;
using Publishing.Voting.Storage;

namespace Publishing.Voting.Tests;

/// <summary>What every vote store promises when a reader votes, run against each adapter below.</summary>
public abstract class Casting_a_vote(Func<Task<VoteStoreUnderTest>> open) : IAsyncLifetime
{
    private VoteStoreUnderTest _votes = null!;
    private static CancellationToken Cancellation => TestContext.Current.CancellationToken;

    public async ValueTask InitializeAsync() => _votes = await open();

    [Fact]
    public async Task Should_count_a_reader_once_however_often_they_vote()
    {
        var article = await _votes.PublishedArticleAsync();
        var castAt = DateTimeOffset.UtcNow;

        var first = await _votes.Store.CastAsync(article, "reader-a", castAt, Cancellation);
        var again = await _votes.Store.CastAsync(article, "reader-a", castAt.AddSeconds(1), Cancellation);

        Assert.Equal(new VoteTally.Counted(article, 1, Voted: true), first);
        Assert.Equal(new VoteTally.Counted(article, 1, Voted: true), again);
        var cast = Assert.IsType<VoteCast>(Assert.Single(await _votes.EventsAsync()));
        Assert.Equal(new VoteCast(article, "reader-a", 1, 1, castAt), cast);
    }

    [Fact]
    public async Task Should_tell_a_voter_from_a_reader_who_did_not_vote()
    {
        var article = await _votes.PublishedArticleAsync();
        await _votes.Store.CastAsync(article, "reader-a", DateTimeOffset.UtcNow, Cancellation);

        Assert.Equal(new VoteTally.Counted(article, 1, Voted: true), await _votes.Store.TallyAsync(article, "reader-a", Cancellation));
        Assert.Equal(new VoteTally.Counted(article, 1, Voted: false), await _votes.Store.TallyAsync(article, "reader-b", Cancellation));
        Assert.Equal(new VoteTally.Counted(article, 1, Voted: false), await _votes.Store.TallyAsync(article, null, Cancellation));
    }

    [Fact]
    public async Task Should_refuse_an_unknown_article_and_store_nothing()
    {
        var article = Guid.NewGuid();

        Assert.IsType<VoteTally.Unknown>(await _votes.Store.CastAsync(article, "reader-a", DateTimeOffset.UtcNow, Cancellation));
        Assert.IsType<VoteTally.Unknown>(await _votes.Store.TallyAsync(article, null, Cancellation));
        Assert.Equal(0, await _votes.StoredVotesAsync(article));
        Assert.Empty(await _votes.EventsAsync());
    }

    [Fact]
    public async Task Should_refuse_a_withdrawn_article_even_when_the_withdrawal_came_first()
    {
        var article = Guid.NewGuid();
        await _votes.Store.ApplyWithdrawnAsync(article, DateTimeOffset.UtcNow, Cancellation);
        await _votes.Store.ApplyPublishedAsync(article, DateTimeOffset.UtcNow, Cancellation);

        Assert.IsType<VoteTally.Withdrawn>(await _votes.Store.CastAsync(article, "reader-a", DateTimeOffset.UtcNow, Cancellation));
        Assert.IsType<VoteTally.Withdrawn>(await _votes.Store.TallyAsync(article, null, Cancellation));
        Assert.Empty(await _votes.EventsAsync());
    }

    [Fact]
    public async Task Should_apply_a_batch_of_catalogue_changes_in_order_in_one_call()
    {
        var (withdrawn, open) = (Guid.NewGuid(), Guid.NewGuid());
        var at = DateTimeOffset.UtcNow;

        await _votes.Store.ApplyAsync(
        [
            new CatalogueChange.Published(withdrawn, at), new CatalogueChange.Withdrawn(withdrawn, at),
            new CatalogueChange.Published(open, at), new CatalogueChange.Published(withdrawn, at), new CatalogueChange.Published(open, at),
        ], Cancellation);

        Assert.IsType<VoteTally.Withdrawn>(await _votes.Store.CastAsync(withdrawn, "reader-a", at, Cancellation));
        Assert.Equal(new VoteTally.Counted(open, 1, Voted: true), await _votes.Store.CastAsync(open, "reader-a", at, Cancellation));
    }

    [Fact]
    public async Task Should_keep_counting_when_the_publication_is_delivered_again()
    {
        var article = await _votes.PublishedArticleAsync();
        await _votes.Store.CastAsync(article, "reader-a", DateTimeOffset.UtcNow, Cancellation);

        await _votes.Store.ApplyPublishedAsync(article, DateTimeOffset.UtcNow, Cancellation);

        Assert.Equal(new VoteTally.Counted(article, 1, Voted: true), await _votes.Store.TallyAsync(article, "reader-a", Cancellation));
        Assert.Equal(new VoteTally.Counted(article, 2, Voted: true), await _votes.Store.CastAsync(article, "reader-b", DateTimeOffset.UtcNow, Cancellation));
    }

    [Fact]
    public async Task Should_count_each_of_many_concurrent_readers_exactly_once()
    {
        var article = await _votes.PublishedArticleAsync();
        const int readers = 60, attempts = 4;

        var answers = await Task.WhenAll(Enumerable.Range(0, readers * attempts).Select(i =>
            Task.Run(() => _votes.Store.CastAsync(article, $"reader-{i % readers}", DateTimeOffset.UtcNow, Cancellation), Cancellation)));

        Assert.All(answers, answer => Assert.True(answer is VoteTally.Counted { Voted: true }));
        Assert.Equal(readers, answers.Cast<VoteTally.Counted>().Max(a => a.Count));
        Assert.Equal(readers, await _votes.StoredVotesAsync(article));
        // Consumers order a count's changes by their sequence, so each sequence comes once and carries the count it made.
        var events = (await _votes.EventsAsync()).Cast<VoteCast>().OrderBy(e => e.Sequence).ToList();
        Assert.Equal(Enumerable.Range(1, readers).Select(n => (long)n), events.Select(e => e.Sequence));
        Assert.Equal(events.Select(e => e.Sequence), events.Select(e => e.Count));
        Assert.Equal(readers, events.Select(e => e.ReaderId).Distinct().Count());
    }

    public ValueTask DisposeAsync() => _votes?.DisposeAsync() ?? ValueTask.CompletedTask;
}

public sealed class Casting_a_vote_in_SQLite() : Casting_a_vote(() => Task.FromResult<VoteStoreUnderTest>(new SqliteVoteStoreUnderTest()));

public sealed class Casting_a_vote_in_MongoDB(MongoFixture mongo) : Casting_a_vote(() => MongoVoteStoreUnderTest.CreateAsync(mongo));
