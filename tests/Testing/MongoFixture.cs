using DotNet.Testcontainers.Builders;
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
/// Every database a test asks for is named <c>{run prefix}{name}-{unique}</c> and dropped at the end, so runs can share
/// one server (a developer's, CI's) without seeing each other's data or leaving theirs behind.
/// </remarks>
public sealed class MongoFixture : IAsyncLifetime
{
    private static readonly TimeSpan AnswerTimeout = TimeSpan.FromSeconds(10);

    private readonly List<string> _databases = [];
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
            Unavailable = await CheckAsync(uri);
            Uri = Unavailable is null ? uri : null;
            Origin = "Testcontainers";
        }
        catch (Exception exception) when (exception is DockerUnavailableException or InvalidOperationException or ArgumentException or TimeoutException)
        {
            Unavailable = $"No MongoDB: MONGODB_URI is not set and the Testcontainers MongoDB did not start ({exception.GetType().Name}: {exception.Message}).";
        }
    }

    /// <summary>Null when the server answers and is a replica set; else what is wrong with it.</summary>
    private async Task<string?> CheckAsync(string uri)
    {
        try
        {
            var settings = MongoClientSettings.FromConnectionString(uri);
            settings.ServerSelectionTimeout = AnswerTimeout;
            _client = new MongoClient(settings);
            using var timeout = new CancellationTokenSource(AnswerTimeout * 2);
            var hello = await _client.GetDatabase("admin").RunCommandAsync<BsonDocument>(new BsonDocument("hello", 1), cancellationToken: timeout.Token);
            return hello.Contains("setName")
                ? null
                : $"The MongoDB at {Origin} is not a replica set, and the stores write in transactions, which need one.";
        }
        catch (Exception exception) when (exception is MongoException or TimeoutException or OperationCanceledException or ArgumentException)
        {
            return $"The MongoDB at {Origin} does not answer ({exception.GetType().Name}: {exception.Message}).";
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

    /// <summary>A fresh database name for one test, dropped when the run ends.</summary>
    public string NewDatabaseName(string name)
    {
        SkipUnlessAvailable();
        var database = DatabasePrefix + name + "-" + Guid.NewGuid().ToString("N")[..8];
        lock (_databases)
        {
            _databases.Add(database);
        }
        return database;
    }

    public async ValueTask DisposeAsync()
    {
        if (_client is not null && _failure is null && _container is null)
        {
            foreach (var database in _databases)
            {
                try { await _client.DropDatabaseAsync(database); }
                catch (MongoException) { }
            }
        }
        _client?.Dispose();
        if (_container is not null)
        {
            await _container.DisposeAsync();
        }
    }
}
