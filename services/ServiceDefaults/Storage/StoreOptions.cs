using Microsoft.Extensions.Configuration;

namespace Publishing.ServiceDefaults.Storage;

/// <summary>Where a service keeps its data: MongoDB when <c>MONGODB_URI</c> is set, else SQLite files under <c>PUBLISHING_DATA</c>.</summary>
/// <param name="MongoDatabasePrefix">Put before each service's database name, so that several systems (or test runs) can share one server.</param>
public sealed record StoreOptions(string DataFolder, string? MongoUri, string MongoDatabasePrefix = "")
{
    public bool UsesMongo => !string.IsNullOrWhiteSpace(MongoUri);

    public static StoreOptions From(IConfiguration configuration) => new(
        Path.GetFullPath(configuration["PUBLISHING_DATA"] is { Length: > 0 } data ? data : ".data"),
        configuration["MONGODB_URI"],
        configuration["MONGODB_DATABASE_PREFIX"] ?? "");

    public string SqlitePath(string storeName) => Path.Combine(DataFolder, storeName + ".db");
}
