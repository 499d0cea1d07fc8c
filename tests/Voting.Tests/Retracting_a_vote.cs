using Publishing.Contracts;
using Publishing.Testing;
using Publishing.Voting.Domain;
using Publishing.Voting.Storage;

namespace Publishing.Voting.Tests;

/// <summary>What every vote store promises when a reader takes a vote back, run against each adapter below.</summary>
public abstract class Retracting_a_vote(Func<Task<VoteStoreUnderTest>> open) : IAsyncLifetime
{
    private VoteStoreUnderTest _votes = null!;
    private static CancellationToken Cancellation => TestContext.Current.CancellationToken;

    public async ValueTask InitializeAsync() => _votes = await open();

    [Fact]
    public async Task Should_be_idempotent_and_remove_exactly_the_vote_it_retracts()
    {
        var article = await _votes.PublishedArticleAsync();
        // Not on a millisecond: the retraction must give back the instant the vote was cast, to the tick.
        var castAt = new DateTimeOffset(2026, 11, 23, 10, 0, 0, TimeSpan.Zero).AddTicks(1_234_567);
        await _votes.Store.CastAsync(article, "reader-a", castAt, Cancellation);
        await _votes.Store.CastAsync(article, "reader-b", castAt, Cancellation);

        var first = await _votes.Store.RetractAsync(article, "reader-a", castAt.AddMinutes(5), Cancellation);
        var again = await _votes.Store.RetractAsync(article, "reader-a", castAt.AddMinutes(6), Cancellation);

        Assert.Equal(new VoteTally.Counted(article, 1, Voted: false), first);
        Assert.Equal(new VoteTally.Counted(article, 1, Voted: false), again);
        Assert.Equal(1, await _votes.StoredVotesAsync(article));
        var retracted = Assert.Single((await _votes.EventsAsync()).OfType<VoteRetracted>());
        Assert.Equal(new VoteRetracted(article, "reader-a", 1, 3, castAt, castAt.AddMinutes(5)), retracted);
    }

    [Fact]
    public async Task Should_change_nothing_for_a_reader_who_never_voted()
    {
        var article = await _votes.PublishedArticleAsync();

        Assert.Equal(new VoteTally.Counted(article, 0, Voted: false), await _votes.Store.RetractAsync(article, "reader-a", DateTimeOffset.UtcNow, Cancellation));
        Assert.Empty(await _votes.EventsAsync());
    }

    [Fact]
    public async Task Should_let_a_reader_vote_again_after_retracting()
    {
        var article = await _votes.PublishedArticleAsync();
        await _votes.Store.CastAsync(article, "reader-a", DateTimeOffset.UtcNow, Cancellation);
        await _votes.Store.RetractAsync(article, "reader-a", DateTimeOffset.UtcNow, Cancellation);

        Assert.Equal(new VoteTally.Counted(article, 1, Voted: true), await _votes.Store.CastAsync(article, "reader-a", DateTimeOffset.UtcNow, Cancellation));
        var events = (await _votes.EventsAsync()).Select(e => e switch
        {
            VoteCast c => ("cast", c.Sequence, c.Count),
            VoteRetracted r => ("retracted", r.Sequence, r.Count),
            _ => ("other", 0L, 0L),
        }).OrderBy(e => e.Item2);
        Assert.Equal([("cast", 1L, 1L), ("retracted", 2L, 0L), ("cast", 3L, 1L)], events);
    }

    [Fact]
    public async Task Should_refuse_once_the_article_is_withdrawn_and_keep_the_votes_it_had()
    {
        var article = await _votes.PublishedArticleAsync();
        await _votes.Store.CastAsync(article, "reader-a", DateTimeOffset.UtcNow, Cancellation);
        await _votes.Store.ApplyWithdrawnAsync(article, DateTimeOffset.UtcNow, Cancellation);

        Assert.IsType<VoteTally.Withdrawn>(await _votes.Store.RetractAsync(article, "reader-a", DateTimeOffset.UtcNow, Cancellation));
        Assert.Equal(1, await _votes.StoredVotesAsync(article));
        Assert.Empty((await _votes.EventsAsync()).OfType<VoteRetracted>());
    }

    public ValueTask DisposeAsync() => _votes?.DisposeAsync() ?? ValueTask.CompletedTask;
}

public sealed class Retracting_a_vote_in_SQLite() : Retracting_a_vote(() => Task.FromResult<VoteStoreUnderTest>(new SqliteVoteStoreUnderTest()));

public sealed class Retracting_a_vote_in_MongoDB(MongoFixture mongo) : Retracting_a_vote(() => MongoVoteStoreUnderTest.CreateAsync(mongo));
