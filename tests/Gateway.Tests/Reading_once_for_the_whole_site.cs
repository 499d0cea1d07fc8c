using Microsoft.Extensions.Time.Testing;
using Publishing.Gateway.Caching;

namespace Publishing.Gateway.Tests;

/// <summary>What every page shows alike (what trends) is read once per lifetime, however many pages ask meanwhile.</summary>
public sealed class Reading_once_for_the_whole_site
{
    private readonly FakeTimeProvider _clock = new(new DateTimeOffset(2026, 12, 8, 12, 0, 0, TimeSpan.Zero));

    [Fact]
    public async Task Should_share_one_reading_among_the_pages_of_one_lifetime_and_say_until_when_it_is_fresh()
    {
        var site = new SiteWide<int>(_clock);
        var reads = 0;
        var pending = new TaskCompletionSource<int>();
        Task<int> Read() { reads++; return reads == 1 ? pending.Task : Task.FromResult(reads); }

        var first = site.Get(Read);
        var meanwhile = site.Get(Read);
        pending.SetResult(1);
        _clock.Advance(SharedResponses.Lifetime / 2);
        var later = site.Get(Read);

        Assert.Equal(1, reads);
        Assert.Same(first, meanwhile);
        Assert.Same(first, later);
        Assert.Equal(1, await later.Value);
        Assert.Equal(_clock.GetUtcNow() + SharedResponses.Lifetime / 2, first.FreshUntil);

        _clock.Advance(SharedResponses.Lifetime / 2);
        var next = site.Get(Read);
        Assert.Equal(2, await next.Value);
        Assert.Equal(_clock.GetUtcNow() + SharedResponses.Lifetime, next.FreshUntil);
    }
}
