using Microsoft.Extensions.Configuration;
using Publishing.ServiceDefaults.Storage;

namespace Publishing.ServiceDefaults.Tests;

public sealed class Reading_the_store_options
{
    private static StoreOptions From(params (string Key, string Value)[] settings) => StoreOptions.From(
        new ConfigurationBuilder().AddInMemoryCollection(settings.Select(s => KeyValuePair.Create(s.Key, (string?)s.Value))).Build());

    [Fact]
    public void Should_keep_processed_messages_a_week_unless_configured()
    {
        Assert.Equal(TimeSpan.FromDays(7), From().InboxRetention);
        Assert.Equal(TimeSpan.FromDays(1.5), From(("Store:InboxRetention", "1.12:00:00")).InboxRetention);
        Assert.Equal(TimeSpan.FromHours(2), From(("Store:InboxRetention", "02:00:00")).InboxRetention);
    }

    [Theory]
    [InlineData("a week")]
    [InlineData("00:00:00")]
    [InlineData("-1.00:00:00")]
    public void Should_refuse_to_start_with_a_retention_that_is_no_duration_or_none_at_all(string retention)
    {
        var refused = Assert.Throws<InvalidOperationException>(() => From(("Store:InboxRetention", retention)));

        Assert.Contains("Store:InboxRetention", refused.Message);
    }

    [Fact]
    public void Should_store_in_mongodb_only_when_a_uri_is_given()
    {
        Assert.False(From(("PUBLISHING_DATA", "/tmp/publishing")).UsesMongo);
        Assert.True(From(("MONGODB_URI", "mongodb://127.0.0.1:27017/?replicaSet=rs0")).UsesMongo);
        Assert.Equal(Path.Combine("/tmp/publishing", "articles.db"), From(("PUBLISHING_DATA", "/tmp/publishing")).SqlitePath("articles"));
    }
}
