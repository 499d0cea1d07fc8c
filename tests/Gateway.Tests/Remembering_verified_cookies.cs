using Publishing.Gateway.Readers;

namespace Publishing.Gateway.Tests;

public sealed class Remembering_verified_cookies
{
    [Fact]
    public void Should_know_a_cookie_once_added_and_no_other()
    {
        var verified = new VerifiedCookies(10);
        verified.Add("cookie-a", "reader-a");

        Assert.True(verified.TryGet("cookie-a", out var readerId));
        Assert.Equal("reader-a", readerId);
        Assert.False(verified.TryGet("cookie-A", out _));
        Assert.False(verified.TryGet("cookie-a ", out _));
    }

    [Fact]
    public void Should_forget_the_least_recently_seen_cookies_past_its_capacity()
    {
        var verified = new VerifiedCookies(100);
        for (var i = 0; i < 100; i++)
        {
            verified.Add($"cookie-{i}", $"reader-{i}");
        }
        for (var i = 100; i < 250; i++)
        {
            verified.Add($"cookie-{i}", $"reader-{i}");
            // One early reader keeps coming back: it stays known however many others arrive.
            Assert.True(verified.TryGet("cookie-0", out _));
        }

        Assert.True(verified.TryGet("cookie-0", out _));
        Assert.False(verified.TryGet("cookie-1", out _));
        Assert.True(verified.TryGet("cookie-249", out _));
        var known = Enumerable.Range(0, 250).Count(i => verified.TryGet($"cookie-{i}", out _));
        Assert.InRange(known, 1, 2 * 100);
    }
}
