namespace Publishing.Gateway.Feeds;

/// <summary>
/// The feed and the sitemap are the same for everyone and polled by machines (feed readers, aggregators, crawlers):
/// the gateway answers them from memory for a few seconds, so that a crowd of pollers costs Articles one read per
/// topic every few seconds. A cached answer carries <c>Age</c>, and <c>If-None-Match</c> still gets its <c>304</c>.
/// </summary>
public static class FeedCaching
{
    public const string Policy = "feeds";
    public static readonly TimeSpan Duration = TimeSpan.FromSeconds(5);

    public static IHostApplicationBuilder AddFeedCaching(this IHostApplicationBuilder builder)
    {
        builder.Services.AddOutputCache(options => options.AddPolicy(Policy, policy => policy.Expire(Duration).SetVaryByQuery("topic")));
        return builder;
    }
}
