using Microsoft.Extensions.Configuration;
using Publishing.Ranking.Model;

namespace Publishing.Ranking.Tests;

public sealed class Configuring_the_weights
{
    [Fact]
    public void Should_take_the_defaults_where_the_configuration_says_nothing()
    {
        var options = RankingOptions.From(new ConfigurationBuilder().Build());

        Assert.Equal(new RankingOptions(), options);
        Assert.Equal(TimeSpan.FromHours(6), options.Trending.HalfLife);
        Assert.Equal(2.0, options.Trending.PublicationWeight);
        Assert.Equal(20, options.Related.Neighbours);
        Assert.Equal(0.8, options.Recommendations.CoVoteWeight);
        Assert.Equal(TimeSpan.FromDays(1), options.FeedRetention);
    }

    [Fact]
    public void Should_read_each_weight_from_the_ranking_section()
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Ranking:Trending:HalfLife"] = "03:00:00",
            ["Ranking:Trending:PublicationWeight"] = "5",
            ["Ranking:Related:MaxQueryTerms"] = "10",
            ["Ranking:Recommendations:ContentWeight"] = "0.3",
            ["Ranking:FeedRetention"] = "02:00:00",
        }).Build();

        var options = RankingOptions.From(configuration);

        Assert.Equal(TimeSpan.FromHours(3), options.Trending.HalfLife);
        Assert.Equal(5.0, options.Trending.PublicationWeight);
        Assert.Equal(1.0, options.Trending.VoteWeight);
        Assert.Equal(10, options.Related.MaxQueryTerms);
        Assert.Equal(0.3, options.Recommendations.ContentWeight);
        Assert.Equal(0.8, options.Recommendations.CoVoteWeight);
        Assert.Equal(TimeSpan.FromHours(2), options.FeedRetention);
    }
}
