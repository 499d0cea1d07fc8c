using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using System.Threading.Channels;
using Dapper;
using MassTransit;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Data.Sqlite;
using Publishing.Contracts;
using Publishing.Testing;

namespace Publishing.Ingest.Tests;

/// <summary>
/// The ingest service in process with its SQLite store in a temporary folder, publishing to a real RabbitMQ; a bus
/// of the test's own records every event it publishes. Two newsrooms: one with a key in configuration, one with
/// only the key's hash.
/// </summary>
public sealed class IngestService(BrokerFixture broker) : IAsyncLifetime
{
    public const string KeyA = "key-of-newsroom-a";
    public const string KeyB = "key-of-newsroom-b";

    private readonly string _data = Directory.CreateTempSubdirectory("publishing-ingest-").FullName;
    private WebApplicationFactory<Program> _factory = null!;
    private IBusControl _bus = null!;

    public Channel<ArticleSubmitted> Submitted { get; } = Channel.CreateUnbounded<ArticleSubmitted>();
    public Channel<ArticleWithdrawalSubmitted> Withdrawals { get; } = Channel.CreateUnbounded<ArticleWithdrawalSubmitted>();

    public async ValueTask InitializeAsync()
    {
        _bus = Bus.Factory.CreateUsingRabbitMq(rabbit =>
        {
            rabbit.Host(broker.Uri);
            rabbit.ReceiveEndpoint("ingest-tests-" + Guid.NewGuid().ToString("N"), endpoint =>
            {
                endpoint.AutoDelete = true;
                endpoint.Durable = false;
                endpoint.Handler<ArticleSubmitted>(context => Submitted.Writer.WriteAsync(context.Message).AsTask());
                endpoint.Handler<ArticleWithdrawalSubmitted>(context => Withdrawals.Writer.WriteAsync(context.Message).AsTask());
            });
        });
        await _bus.StartAsync();
        _factory = new WebApplicationFactory<Program>().WithWebHostBuilder(host => host
            .UseSetting("PUBLISHING_DATA", _data)
            .UseSetting("RABBITMQ_URI", broker.Uri.ToString())
            .UseSetting("Ingest:Keys:0:Source", "newsroom-a")
            .UseSetting("Ingest:Keys:0:Key", KeyA)
            .UseSetting("Ingest:Keys:1:Source", "newsroom-b")
            .UseSetting("Ingest:Keys:1:KeyHash", Convert.ToHexString(Newsrooms.NewsroomKeys.Hash(KeyB))));
        _ = _factory.Server;
    }

    public HttpClient Anonymous() => _factory.CreateClient();

    public HttpClient Newsroom(string key = KeyA)
    {
        var client = _factory.CreateClient();
        client.DefaultRequestHeaders.Add("Authorization", "ApiKey " + key);
        return client;
    }

    /// <summary>
    /// Everything the store holds and how many events were ever put in its outbox (SQLite's AUTOINCREMENT counter,
    /// which the dispatcher's deletes do not lower): equal snapshots mean nothing was stored and nothing published.
    /// </summary>
    public async Task<string> SnapshotAsync()
    {
        await using var connection = new SqliteConnection($"Data Source={Path.Combine(_data, "ingest.db")};Mode=ReadOnly;Pooling=False");
        await connection.OpenAsync();
        var rows = await connection.QueryAsync<string>(
            "SELECT source || '|' || external_id || '|' || article_id || '|' || revision || '|' || content_hash || '|' || slug || '|' || withdrawn FROM articles ORDER BY source, external_id");
        var outboxEver = await connection.ExecuteScalarAsync<long?>("SELECT seq FROM sqlite_sequence WHERE name = 'outbox'") ?? 0;
        return $"outbox {outboxEver}\n{string.Join('\n', rows)}";
    }

    /// <summary>The next submission event for <paramref name="externalId"/>, skipping other tests' events.</summary>
    public async Task<ArticleSubmitted> NextSubmittedAsync(string externalId)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(TestContext.Current.CancellationToken);
        timeout.CancelAfter(TimeSpan.FromSeconds(20));
        while (true)
        {
            var submitted = await Submitted.Reader.ReadAsync(timeout.Token);
            if (submitted.ExternalId == externalId)
            {
                return submitted;
            }
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _bus.StopAsync();
        await _factory.DisposeAsync();
        TemporaryFolders.Delete(_data);
    }
}

/// <summary>Small helpers for building requests and reading answers.</summary>
public static class Http
{
    public static CancellationToken Cancellation => TestContext.Current.CancellationToken;

    public static StringContent Json(string json, string mediaType = "application/json") => new(json, Encoding.UTF8, mediaType);

    public static StringContent Json(object value) => Json(JsonSerializer.Serialize(value));

    public static async Task<JsonElement> BodyAsync(this HttpResponseMessage response) =>
        await response.Content.ReadFromJsonAsync<JsonElement>(Cancellation);

    /// <summary>The fields a 400's <c>errors</c> names.</summary>
    public static async Task<string[]> ErrorFieldsAsync(this HttpResponseMessage response)
    {
        var problem = await response.BodyAsync();
        return problem.GetProperty("errors").EnumerateObject().Select(p => p.Name).ToArray();
    }

    public static Dictionary<string, object?> Article(string externalId, int? revision = null, string headline = "Kim vows to bolster war readiness") => new()
    {
        ["externalId"] = externalId,
        ["revision"] = revision,
        ["headline"] = headline,
        ["body"] = "<p>SEOUL, South Korea (AP) — North Korean leader Kim Jong Un vowed to bolster war readiness.</p>",
        ["topics"] = new[] { "World", "North Korea" },
        ["publishedAt"] = "2025-04-16T18:29:53Z",
    };

    public static string NewId(string prefix = "ext") => $"{prefix}-{Guid.NewGuid():N}";
}
