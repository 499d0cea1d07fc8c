using System.Text;
using Microsoft.Extensions.Time.Testing;
using Publishing.Gateway.Caching;
using Publishing.Gateway.Readers;

namespace Publishing.Gateway.Tests;

/// <summary>
/// What the gateway keeps of a reader's recommendations: for that reader only, for a few seconds, and never across
/// their own vote. (That the page shows them is a browser test against the whole system.)
/// </summary>
public sealed class Keeping_each_readers_recommendations
{
    private readonly FakeTimeProvider _clock = new(new DateTimeOffset(2026, 12, 8, 12, 0, 0, TimeSpan.Zero));
    private int _reads;

    /// <summary>What Ranking would answer: which reader asked, and how many times Ranking was asked so far.</summary>
    private Func<Task<byte[]?>> Ranking(string readerId) => () =>
        Task.FromResult<byte[]?>(Encoding.UTF8.GetBytes($"{{\"reader\":\"{readerId}\",\"read\":{Interlocked.Increment(ref _reads)}}}"));

    private static string Text(byte[]? answer) => Encoding.UTF8.GetString(answer!);

    /// <summary>The reader's recommendations through <paramref name="kept"/>, read from <see cref="Ranking"/> when not kept.</summary>
    private Task<byte[]?> AskAsync(ReaderRecommendations kept, string readerId, int limit = 17) => kept.GetAsync(readerId, limit, Ranking(readerId));

    [Fact]
    public async Task Should_answer_a_reader_from_what_was_kept_for_them_and_never_from_another_readers()
    {
        var kept = new ReaderRecommendations(_clock, TimeSpan.FromSeconds(10), 100);

        var first = Text(await AskAsync(kept, "reader-a"));
        var again = Text(await AskAsync(kept, "reader-a"));
        var other = Text(await AskAsync(kept, "reader-b"));

        Assert.Equal(first, again);
        Assert.Contains("\"reader-b\"", other);
        Assert.Equal(2, _reads);
    }

    [Fact]
    public async Task Should_ask_ranking_again_once_kept_for_its_time_or_for_another_limit()
    {
        var kept = new ReaderRecommendations(_clock, TimeSpan.FromSeconds(10), 100);
        await AskAsync(kept, "reader-a");

        await AskAsync(kept, "reader-a", 5);
        Assert.Equal(2, _reads);
        await AskAsync(kept, "reader-a", 5);
        Assert.Equal(2, _reads);
        _clock.Advance(TimeSpan.FromSeconds(10));
        await AskAsync(kept, "reader-a", 5);
        Assert.Equal(3, _reads);
    }

    [Fact]
    public async Task Should_keep_nothing_for_a_reader_until_a_lifetime_after_their_vote()
    {
        var kept = new ReaderRecommendations(_clock, TimeSpan.FromSeconds(10), 100);
        await AskAsync(kept, "reader-a");
        await AskAsync(kept, "reader-b");

        kept.Voted("reader-a");

        // Ranking may not have taken the vote in yet: every page within the lifetime asks it again.
        await AskAsync(kept, "reader-a");
        _clock.Advance(SharedResponses.Lifetime / 2);
        await AskAsync(kept, "reader-a");
        Assert.Equal(4, _reads);
        // Another reader's are still kept.
        await AskAsync(kept, "reader-b");
        Assert.Equal(4, _reads);
        // Past the lifetime, what Ranking answers is kept again.
        _clock.Advance(SharedResponses.Lifetime);
        await AskAsync(kept, "reader-a");
        await AskAsync(kept, "reader-a");
        Assert.Equal(5, _reads);
    }

    [Fact]
    public async Task Should_not_keep_an_answer_read_while_the_reader_voted()
    {
        var kept = new ReaderRecommendations(_clock, TimeSpan.FromSeconds(10), 100);
        var answer = new TaskCompletionSource<byte[]?>();
        var reading = kept.GetAsync("reader-a", 17, () => answer.Task);

        kept.Voted("reader-a");
        answer.SetResult("{\"before\":\"the vote\"}"u8.ToArray());
        await reading;

        await AskAsync(kept, "reader-a");
        Assert.Equal(1, _reads);
    }

    [Fact]
    public async Task Should_keep_nothing_when_told_to_keep_for_no_time_nor_a_failed_answer()
    {
        var never = new ReaderRecommendations(_clock, TimeSpan.Zero, 100);
        await AskAsync(never, "reader-a");
        await AskAsync(never, "reader-a");
        Assert.Equal(2, _reads);

        var kept = new ReaderRecommendations(_clock, TimeSpan.FromSeconds(10), 100);
        Assert.Null(await kept.GetAsync("reader-a", 17, () => Task.FromResult<byte[]?>(null)));
        await AskAsync(kept, "reader-a");
        Assert.Equal(3, _reads);
    }
}
