using Publishing.Contracts;
using Publishing.Voting.Storage;

namespace Publishing.Voting.Tests;

public sealed class Retracting_a_vote : IDisposable
{
    private readonly VoteStoreFixture _votes = new();
    private static CancellationToken Cancellation => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Should_be_idempotent_and_remove_exactly_the_vote_it_retracts()
    {
        var article = await _votes.PublishedArticleAsync();
        var castAt = new DateTimeOffset(2026, 11, 23, 10, 0, 0, TimeSpan.Zero);
        await _votes.Store.CastAsync(article, "reader-a", castAt, Cancellation);
        await _votes.Store.CastAsync(article, "reader-b", castAt, Cancellation);

        var first = await _votes.Store.RetractAsync(article, "reader-a", castAt.AddMinutes(5), Cancellation);
        var again = await _votes.Store.RetractAsync(article, "reader-a", castAt.AddMinutes(6), Cancellation);

        Assert.Equal(new VoteTally.Counted(article, 1, Voted: false), first);
        Assert.Equal(new VoteTally.Counted(article, 1, Voted: false), again);
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
        Assert.Equal([1L, 2L, 3L], (await _votes.EventsAsync()).Select(e => e switch { VoteCast c => c.Sequence, VoteRetracted r => r.Sequence, _ => 0 }));
    }

    public void Dispose() => _votes.Dispose();
}
