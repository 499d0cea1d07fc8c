using Publishing.Gateway.Feeds;

namespace Publishing.Gateway.Tests;

/// <summary>The text of the feed's titles, summaries and categories: all a reader wrote, nothing XML cannot carry.</summary>
public sealed class Writing_feed_text
{
    [Theory]
    [InlineData("Good news 🙂")]
    [InlineData("𠀋 and 𩸽 in one headline")]
    [InlineData("Plain, accents é and CJK 中文")]
    public void Should_keep_every_character_a_headline_has(string headline) => Assert.Equal(headline, AtomFeed.Text(headline));

    [Fact]
    public void Should_drop_control_characters_and_lone_surrogates()
    {
        Assert.Equal("ab🙂c", AtomFeed.Text("a\u0001b\uD83D\uDE42\uD800c\uDC00"));
    }
}
