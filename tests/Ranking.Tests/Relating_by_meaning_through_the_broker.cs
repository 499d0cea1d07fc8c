using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using MassTransit;
using Microsoft.Extensions.DependencyInjection;
using Publishing.Contracts;
using Publishing.Ranking.Model;
using Publishing.Testing;

namespace Publishing.Ranking.Tests;

/// <summary>
/// The service in process with embeddings on, fed through a real RabbitMQ: its worker reads each published article
/// with the real model, and the related list takes meaning in once it has. The one service test that pays for the model.
/// </summary>
[Collection(RankingServices.OnTheBroker)]
public sealed class Relating_by_meaning_through_the_broker(BrokerFixture broker) : IAsyncLifetime
{
    private readonly string _data = Directory.CreateTempSubdirectory("publishing-ranking-meaning-").FullName;
    private RankingService _service = null!;
    private IBusControl _bus = null!;
    private static CancellationToken Cancellation => TestContext.Current.CancellationToken;

    public async ValueTask InitializeAsync()
    {
        _service = await RankingService.StartAsync(broker, _data, embeddings: true);
        _bus = await RankingService.BusAsync(broker);
    }

    private Task<ArticleSnapshot> PublishAsync(string headline, string text) => RankingService.PublishAsync(_bus, headline, text, [], DateTimeOffset.UtcNow);

    private async Task<IReadOnlyList<Guid>> RelatedAsync(Guid id)
    {
        using var response = await _service.Client.GetAsync($"/api/articles/{id}/related?limit=20", Cancellation);
        if (response.StatusCode != HttpStatusCode.OK)
        {
            return [];
        }
        var answer = await response.Content.ReadFromJsonAsync<JsonElement>(Cancellation);
        return answer.GetProperty("items").EnumerateArray().Select(i => i.GetProperty("id").GetGuid()).ToList();
    }

    [Fact]
    public async Task Should_relate_articles_that_share_no_word_once_the_worker_has_read_them()
    {
        var cars = await PublishAsync("Electric car sales climb", "Sales of electric cars climbed sharply this quarter.");
        var shops = await PublishAsync("Quarter sales climb at shops", "Shops said sales climbed sharply this quarter.");
        var vehicles = await PublishAsync("Battery vehicles win buyers", "More drivers are choosing battery powered vehicles.");

        // By words at once; by meaning too once the embeddings are in, without a word in common.
        var related = await Eventually.GetAsync(() => RelatedAsync(cars.ArticleId), ids => ids.Contains(vehicles.ArticleId), TimeSpan.FromSeconds(60));

        Assert.Contains(vehicles.ArticleId, related);
        Assert.Contains(shops.ArticleId, related);
        Assert.True(_service.Services.GetRequiredService<RankingModel>().Embedded >= 3);
    }

    public async ValueTask DisposeAsync()
    {
        await _bus.StopAsync(CancellationToken.None);
        await _service.DisposeAsync();
        Directory.Delete(_data, recursive: true);
    }
}
