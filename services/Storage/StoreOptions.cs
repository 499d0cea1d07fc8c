using Microsoft.Extensions.Configuration;

namespace Publishing.ServiceDefaults.Storage;

/// <summary>Where a service keeps its data: MongoDB when <c>MONGODB_URI</c> is set, else SQLite files under <c>PUBLISHING_DATA</c>.</summary>
/// <param name="MongoDatabasePrefix">Put before each service's database name, so that several systems (or test runs) can share one server.</param>
public sealed record StoreOptions(string DataFolder, string? MongoUri, string MongoDatabasePrefix = "")
{
    public static readonly TimeSpan DefaultInboxRetention = TimeSpan.FromDays(7);

    public bool UsesMongo => !string.IsNullOrWhiteSpace(MongoUri);

    /// <summary>
    /// How long a consumer remembers a message it applied (<c>Store:InboxRetention</c>): a redelivery within it changes
    /// nothing. The broker redelivers within minutes; the week covers a message moved back from an error queue by hand.
    /// Older records are deleted, so the inbox holds about a week of messages, not every message ever.
    /// </summary>
    public TimeSpan InboxRetention { get; init; } = DefaultInboxRetention;

    public static StoreOptions From(IConfiguration configuration)
    {
        var retention = configuration["Store:InboxRetention"] is { Length: > 0 } text
            ? TimeSpan.TryParse(text, System.Globalization.CultureInfo.InvariantCulture, out var parsed) && parsed >= TimeSpan.FromSeconds(1)
                ? parsed
                : throw new InvalidOperationException($"Store:InboxRetention is \"{text}\": give a duration of at least a second, such as 7.00:00:00.")
            : DefaultInboxRetention;
        return new(
            Path.GetFullPath(configuration["PUBLISHING_DATA"] is { Length: > 0 } data ? data : ".data"),
            configuration["MONGODB_URI"],
            configuration["MONGODB_DATABASE_PREFIX"] ?? "")
        {
            InboxRetention = retention,
        };
    }

    public string SqlitePath(string storeName) => Path.Combine(DataFolder, storeName + ".db");
}
