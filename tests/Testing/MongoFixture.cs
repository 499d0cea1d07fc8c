using MongoDB.Bson;
using MongoDB.Driver;
using Testcontainers.MongoDb;
using Xunit;

namespace Publishing.Testing;

/// <summary>
/// A real MongoDB for the stores' contract suites: <c>MONGODB_URI</c> when set; else a Testcontainers single-node
/// replica set (transactions need a replica set) where Docker answers; else none, with the reason, so that the
/// MongoDB variant of each suite shows as skipped rather than passing unseen. Use it as an assembly fixture.
/// </summary>
/// <remarks>
/// Every database of a run starts with the run's <see cref="DatabasePrefix"/> and is dropped at the end, so runs can
/// share one server (a developer's, CI's) without seeing each other's data or leaving theirs behind.
/// </remarks>
public sealed class MongoFixture : IAsyncLifetime
{
    private static readonly TimeSpan AnswerTimeout = TimeSpan.FromSeconds(10);

    private MongoDbContainer? _container;
    private MongoClient? _client;
    private string? _failure;

    /// <summary>The server's address; null when there is none.</summary>
    public string? Uri { get; private set; }

    /// <summary>Why there is no server, when there is none.</summary>
    public string? Unavailable { get; private set; }

    /// <summary>Where the server came from, for the test output.</summary>
    public string Origin { get; private set; } = "";

    /// <summary>Put before every database name of this run, in the way of <c>MONGODB_DATABASE_PREFIX</c>.</summary>
    public string DatabasePrefix { get; } = "test-" + Guid.NewGuid().ToString("N")[..8] + "-";

    public async ValueTask InitializeAsync()
    {
        if (Environment.GetEnvironmentVariable("MONGODB_URI") is { Length: > 0 } given)
        {
            Origin = "MONGODB_URI";
            // Asked for by name: a server that does not answer, or cannot run transactions, fails the MongoDB tests.
            _failure = await CheckAsync(given);
            if (_failure is null)
            {
                Uri = given;
            }
            return;
        }
        if (DockerCli.Unavailable)
        {
            Unavailable = "No MongoDB: MONGODB_URI is not set and no Docker engine answers (no DOCKER_HOST, no /var/run/docker.sock).";
            return;
        }
        try
        {
            _container = new MongoDbBuilder("mongo:8.0").WithReplicaSet("rs0").Build();
            await _container.StartAsync();
            // The member advertises its name inside the container, which the host cannot resolve: talk to it directly.
            var uri = new MongoUrlBuilder(_container.GetConnectionString()) { DirectConnection = true }.ToString();
            Origin = "Testcontainers";
            Unavailable = await CheckAsync(uri);
            Uri = Unavailable is null ? uri : null;
        }
        catch (Exception exception)
        {
            // Whatever went wrong (no engine after all, no image, no network), the SQLite runs must still go ahead.
            Unavailable = $"No MongoDB: MONGODB_URI is not set and the Testcontainers MongoDB did not start ({exception.GetType().Name}: {exception.Message}).";
        }
    }

    private async Task<string?> CheckAsync(string uri)
    {
        try
        {
            _client = new MongoClient(Settings(uri, AnswerTimeout));
        }
        catch (Exception exception) when (exception is MongoException or ArgumentException)
        {
            return Unusable(Origin, exception);
        }
        return await ProblemWithAsync(_client, Origin, AnswerTimeout);
    }

    private static string Unusable(string origin, Exception exception) =>
        $"The MongoDB at {origin} cannot be used ({exception.GetType().Name}: {exception.Message}).";

    private static MongoClientSettings Settings(string uri, TimeSpan timeout)
    {
        var settings = MongoClientSettings.FromConnectionString(uri);
        settings.ServerSelectionTimeout = timeout;
        return settings;
    }

    /// <summary>Null when the server answers and is a replica set; else what is wrong with it, naming <paramref name="origin"/>.</summary>
    public static async Task<string?> ProblemWithAsync(string uri, string origin, TimeSpan timeout)
    {
        try
        {
            using var client = new MongoClient(Settings(uri, timeout));
            return await ProblemWithAsync(client, origin, timeout);
        }
        catch (Exception exception) when (exception is MongoException or ArgumentException)
        {
            return Unusable(origin, exception);
        }
    }

    private static async Task<string?> ProblemWithAsync(IMongoClient client, string origin, TimeSpan timeout)
    {
        try
        {
            using var cancellation = new CancellationTokenSource(timeout * 2);
            var hello = await client.GetDatabase("admin").RunCommandAsync<BsonDocument>(new BsonDocument("hello", 1), cancellationToken: cancellation.Token);
            return hello.Contains("setName")
                ? null
                : $"The MongoDB at {origin} is not a replica set, and the stores write in transactions, which need one.";
        }
        catch (Exception exception) when (exception is MongoException or TimeoutException or OperationCanceledException)
        {
            return $"The MongoDB at {origin} does not answer ({exception.GetType().Name}: {exception.Message}).";
        }
    }

    /// <summary>
    /// Skips the calling test, visibly and with the reason, when there is no MongoDB; fails it when <c>MONGODB_URI</c>
    /// names a server that does not work.
    /// </summary>
    public void SkipUnlessAvailable()
    {
        if (_failure is not null)
        {
            Assert.Fail(_failure);
        }
        if (Uri is null)
        {
            Assert.Skip(Unavailable ?? "No MongoDB.");
        }
    }

    /// <summary>A fresh database name for one test (skipped, with the reason, when there is no MongoDB).</summary>
    public string NewDatabaseName(string name) => NewDatabasePrefix() + name;

    /// <summary>A fresh <c>MONGODB_DATABASE_PREFIX</c> for one test that runs a whole service (skipped when there is no MongoDB).</summary>
    public string NewDatabasePrefix()
    {
        SkipUnlessAvailable();
        return DatabasePrefix + Guid.NewGuid().ToString("N")[..8] + "-";
    }

    public async ValueTask DisposeAsync()
    {
        // A container goes with its data; a shared server keeps nothing of this run.
        if (_client is not null && Uri is not null && _container is null)
        {
            try
            {
                var names = await (await _client.ListDatabaseNamesAsync()).ToListAsync();
                foreach (var database in names.Where(name => name.StartsWith(DatabasePrefix, StringComparison.Ordinal)))
                {
                    await _client.DropDatabaseAsync(database);
                }
            }
            catch (MongoException) { }
        }
        _client?.Dispose();
        if (_container is not null)
        {
            await _container.DisposeAsync();
        }
    }
}
