using System.Net.Http.Json;
using System.Text.Json;
using MassTransit;
using Publishing.Contracts;
using Publishing.Testing;

namespace Publishing.Ranking.Tests;

/// <summary>
/// Two Ranking replicas on one store and one broker: they consume the events as competing consumers, each gets part
/// of them, and both answer from all of them because each model follows the store's feed.
/// </summary>
[Collection(RankingServices.OnTheBroker)]
public sealed class Running_two_replicas(BrokerFixture broker) : IAsyncLifetime
{
    private readonly string _data = Directory.CreateTempSubdirectory("publishing-ranking-replicas-").FullName;
    private readonly string _topic = "replicas-" + Guid.NewGuid().ToString("N")[..10];
    private readonly List<RankingService> _replicas = [];
    private IBusControl _bus = null!;
    private static CancellationToken Cancellation => TestContext.Current.CancellationToken;

    public async ValueTask InitializeAsync()
    {
        for (var i = 0; i < 2; i++)
        {
            _replicas.Add(await RankingService.StartAsync(broker, _data));
        }
        _bus = await RankingService.BusAsync(broker);
    }

    private async Task<IReadOnlyList<(Guid Id, long Votes)>> TrendingAsync(HttpClient client)
    {
        var answer = await client.GetFromJsonAsync<JsonElement>($"/api/trending?topic={_topic}&limit=100", Cancellation);
        return answer.GetProperty("items").EnumerateArray()
            .Select(item => (item.GetProperty("id").GetGuid(), item.GetProperty("votes").GetInt64()))
            .OrderBy(item => item.Item1)
            .ToList();
    }

    [Fact]
    public async Task Should_answer_the_same_lists_from_every_event_whichever_replica_consumed_it()
    {
        var now = DateTimeOffset.UtcNow;
        var articles = Enumerable.Range(0, 20)
            .Select(i => new ArticleSnapshot(Guid.NewGuid(), 1, $"replica-story-{i}", $"Replica story {i}", null, $"Story number {i}.", [_topic], "en", now))
            .ToList();
        foreach (var article in articles)
        {
            await _bus.Publish(new ArticlePublished(article), Cancellation);
        }
        var expected = new List<(Guid, long)>();
        foreach (var (article, index) in articles.Select((a, i) => (a, i)))
        {
            var votes = index % 4;
            for (var reader = 1; reader <= votes; reader++)
            {
                await _bus.Publish(new VoteCast(article.ArticleId, $"reader-{reader}", reader, reader, now), Cancellation);
            }
            expected.Add((article.ArticleId, votes));
        }
        expected = expected.OrderBy(item => item.Item1).ToList();

        foreach (var client in _replicas.Select(replica => replica.Client))
        {
            var trending = await Eventually.GetAsync(() => TrendingAsync(client), list => list.SequenceEqual(expected), TimeSpan.FromSeconds(30));
            Assert.Equal(expected, trending);
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _bus.StopAsync(CancellationToken.None);
        foreach (var replica in _replicas)
        {
            await replica.DisposeAsync();
        }
        TemporaryFolders.Delete(_data);
    }
}
