using Publishing.Contracts;

namespace Publishing.Articles.Tests;

public sealed class Normalizing_topics
{
    [Theory]
    [InlineData("North Korea", "north-korea")]
    [InlineData("north-korea", "north-korea")]
    [InlineData("  World  ", "world")]
    [InlineData("Korea's war", "koreas-war")]
    [InlineData("Économie & Société", "economie-societe")]
    [InlineData("Łódź Straße", "lodz-strasse")]
    [InlineData("Экономика", "экономика")]
    [InlineData("science_and_tech", "science-and-tech")]
    [InlineData("!!!", "")]
    public void Should_normalize_a_topic_to_a_lower_case_slug(string topic, string key)
    {
        Assert.Equal(key, TopicKey.Normalize(topic));
        Assert.Equal(key, TopicKey.Normalize(key));
    }

    [Fact]
    public void Should_keep_each_topic_of_an_article_once_and_drop_the_empty_ones()
    {
        Assert.Equal(["north-korea", "world"], TopicKey.Keys(["North Korea", "north-korea", "World", "--", ""]));
    }

    [Fact]
    public void Should_cut_a_long_topic_to_the_longest_a_topic_can_be()
    {
        var key = TopicKey.Normalize(string.Join(' ', Enumerable.Repeat("word", 30)));

        Assert.True(key.Length <= Limits.TopicLength);
        Assert.False(key.EndsWith('-'));
        Assert.StartsWith("word-word-", key);
    }
}
