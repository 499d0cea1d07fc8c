using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using MassTransit;
using Microsoft.Extensions.Time.Testing;
using Publishing.Contracts;
using Publishing.ServiceDefaults.Readers;
using Publishing.Testing;

namespace Publishing.Ranking.Tests;

/// <summary>
/// The ranking service in process, fed through a real RabbitMQ, on a clock the test moves. Each test keeps to a
/// topic of its own, as messages left in the durable queues by other tests may reach it.
/// </summary>
[Collection(RankingServices.OnTheBroker)]
public sealed class Ranking_through_the_broker(BrokerFixture broker) : IAsyncLifetime
{
    private readonly string _data = Directory.CreateTempSubdirectory("publishing-ranking-service-").FullName;
    private readonly string _topic = "topic-" + Guid.NewGuid().ToString("N")[..10];
    private readonly FakeTimeProvider _clock = new(new DateTimeOffset(2026, 11, 24, 12, 0, 0, TimeSpan.Zero));
    private RankingService _service = null!;
    private IBusControl _bus = null!;
    private static CancellationToken Cancellation => TestContext.Current.CancellationToken;

    public async ValueTask InitializeAsync()
    {
        await StartAsync();
        _bus = await RankingService.BusAsync(broker);
    }

    private async Task StartAsync() => _service = await RankingService.StartAsync(broker, _data, clock: _clock);

    private async Task RestartAsync()
    {
        await _service.DisposeAsync();
        await StartAsync();
    }

    private Task<ArticleSnapshot> PublishAsync(string headline, string text, DateTimeOffset? publishedAt = null) =>
        RankingService.PublishAsync(_bus, headline, text, [_topic], publishedAt ?? _clock.GetUtcNow());

    private Task<IReadOnlyList<JsonElement>> TrendingAsync() => ItemsAsync($"/api/trending?topic={_topic}&limit=100");

    private async Task<IReadOnlyList<JsonElement>> ItemsAsync(string path, string? reader = null)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, path);
        if (reader is not null)
        {
            request.Headers.Add(ReaderContext.Header, reader);
        }
        using var response = await _service.Client.SendAsync(request, Cancellation);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var answer = await response.Content.ReadFromJsonAsync<JsonElement>(Cancellation);
        return answer.GetProperty("items").EnumerateArray().ToList();
    }

    private Task<IReadOnlyList<JsonElement>> TrendingUntilAsync(Func<IReadOnlyList<JsonElement>, bool> done) =>
        Eventually.GetAsync(TrendingAsync, done);

    private static long Votes(IReadOnlyList<JsonElement> items, Guid id) =>
        items.Single(i => i.GetProperty("id").GetGuid() == id).GetProperty("votes").GetInt64();

    [Fact]
    public async Task Should_count_a_redelivered_vote_once()
    {
        var article = await PublishAsync("Harbour reopens", "The harbour reopened to ferries.");
        var messageId = NewId.NextGuid();
        var castAt = _clock.GetUtcNow();

        for (var i = 0; i < 3; i++)
        {
            await _bus.Publish(new VoteCast(article.ArticleId, "reader-a", 1, 1, castAt), context => context.MessageId = messageId, Cancellation);
        }
        await _bus.Publish(new VoteCast(article.ArticleId, "reader-b", 2, 2, castAt), Cancellation);

        var trending = await TrendingUntilAsync(items => items.Count == 1 && Votes(items, article.ArticleId) >= 2);
        await Task.Delay(500, Cancellation);
        trending = await TrendingAsync();
        Assert.Equal(2, Votes(trending, article.ArticleId));
        var item = Assert.Single(trending);
        Assert.Equal(article.Slug, item.GetProperty("slug").GetString());
        Assert.Equal(article.Headline, item.GetProperty("headline").GetString());
        Assert.Equal(4.0, item.GetProperty("score").GetDouble(), 9);
        // The topic matches however a reader writes it, as in the article list.
        var asWritten = await ItemsAsync($"/api/trending?topic={Uri.EscapeDataString(_topic.ToUpperInvariant().Replace('-', ' '))}&limit=100");
        Assert.Equal(article.ArticleId, Assert.Single(asWritten).GetProperty("id").GetGuid());
    }

    [Fact]
    public async Task Should_keep_a_vote_that_arrives_before_its_article_and_rank_by_decayed_votes()
    {
        var early = new ArticleSnapshot(Guid.NewGuid(), 1, "early", "Early votes", null, "Text.", [_topic], "en", _clock.GetUtcNow());
        await _bus.Publish(new VoteCast(early.ArticleId, "reader-a", 1, 1, _clock.GetUtcNow()), Cancellation);
        await _bus.Publish(new VoteCast(early.ArticleId, "reader-b", 2, 2, _clock.GetUtcNow()), Cancellation);
        var other = await PublishAsync("No votes", "Text.");
        await Task.Delay(300, Cancellation);
        await _bus.Publish(new ArticlePublished(early), Cancellation);

        var trending = await TrendingUntilAsync(items => items.Count == 2 && Votes(items, early.ArticleId) == 2);

        Assert.Equal([early.ArticleId, other.ArticleId], trending.Select(i => i.GetProperty("id").GetGuid()));
        var score = trending[0].GetProperty("score").GetDouble();
        _clock.Advance(TimeSpan.FromHours(6));
        Assert.Equal(score / 2, (await TrendingAsync())[0].GetProperty("score").GetDouble(), 9);
    }

    [Fact]
    public async Task Should_drop_a_withdrawn_article_from_every_list()
    {
        var kept = await PublishAsync("Mars rover finds water ice", "The rover found ice under the Martian soil of Mars.");
        var withdrawn = await PublishAsync("Water ice on Mars confirmed", "Scientists confirm the rover found ice on Mars.");
        await TrendingUntilAsync(items => items.Count == 2);
        await _bus.Publish(new VoteCast(withdrawn.ArticleId, "reader-a", 1, 1, _clock.GetUtcNow()), Cancellation);

        await _bus.Publish(new ArticleWithdrawn(withdrawn.ArticleId, _clock.GetUtcNow()), Cancellation);

        var trending = await TrendingUntilAsync(items => items.Count == 1);
        Assert.Equal(kept.ArticleId, Assert.Single(trending).GetProperty("id").GetGuid());
        Assert.DoesNotContain(withdrawn.ArticleId, (await ItemsAsync($"/api/articles/{kept.ArticleId}/related")).Select(i => i.GetProperty("id").GetGuid()));
        Assert.DoesNotContain(withdrawn.ArticleId, (await ItemsAsync("/api/recommendations?limit=100", "reader-a")).Select(i => i.GetProperty("id").GetGuid()));
        Assert.Equal(HttpStatusCode.Gone, (await _service.Client.GetAsync($"/api/articles/{withdrawn.ArticleId}/related", Cancellation)).StatusCode);
    }

    [Fact]
    public async Task Should_keep_the_lists_after_a_restart()
    {
        var mars = await PublishAsync("Mars rover finds water ice", "The rover found ice under the Martian soil of Mars.");
        var ice = await PublishAsync("Water ice on Mars confirmed", "Scientists confirm the rover found ice on Mars.");
        await _bus.Publish(new VoteCast(ice.ArticleId, "reader-a", 1, 1, _clock.GetUtcNow()), Cancellation);
        await TrendingUntilAsync(items => items.Count == 2 && Votes(items, ice.ArticleId) == 1);
        var related = await ItemsAsync($"/api/articles/{mars.ArticleId}/related");
        var trending = await TrendingAsync();

        await RestartAsync();

        Assert.Equal(trending.Select(i => i.ToString()), (await TrendingAsync()).Select(i => i.ToString()));
        Assert.Equal(related.Select(i => i.ToString()), (await ItemsAsync($"/api/articles/{mars.ArticleId}/related")).Select(i => i.ToString()));
        Assert.Contains(ice.ArticleId, related.Select(i => i.GetProperty("id").GetGuid()));
    }

    [Theory]
    [InlineData("/api/trending?limit=0")]
    [InlineData("/api/trending?limit=101")]
    [InlineData("/api/trending?limit=ten")]
    [InlineData("/api/recommendations?limit=-1")]
    [InlineData("/api/articles/6f9619ff-8b86-d011-b42d-00cf4fc964ff/related?limit=1000")]
    public async Task Should_answer_400_naming_the_limit(string path)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, path);
        request.Headers.Add(ReaderContext.Header, "reader-a");

        using var response = await _service.Client.SendAsync(request, Cancellation);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var problem = await response.Content.ReadFromJsonAsync<JsonElement>(Cancellation);
        Assert.True(problem.GetProperty("errors").TryGetProperty("limit", out _));
    }

    [Fact]
    public async Task Should_answer_401_for_recommendations_without_a_reader_and_404_for_an_unknown_article()
    {
        var anonymous = await _service.Client.GetAsync("/api/recommendations", Cancellation);
        var unknown = await _service.Client.GetAsync($"/api/articles/{Guid.NewGuid()}/related", Cancellation);
        var notAnId = await _service.Client.GetAsync("/api/articles/not-an-id/related", Cancellation);

        Assert.Equal(HttpStatusCode.Unauthorized, anonymous.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, unknown.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, notAnId.StatusCode);
        Assert.All([anonymous, unknown, notAnId], r => Assert.Equal("application/problem+json", r.Content.Headers.ContentType?.MediaType));
    }

    [Fact]
    public async Task Should_give_a_reader_recommendations_without_what_they_voted_for()
    {
        var voted = await PublishAsync("Chess championship opens", "The chess championship opened in the city.");
        var others = new List<ArticleSnapshot>();
        for (var i = 0; i < 3; i++)
        {
            others.Add(await PublishAsync($"Chess round {i} report", "A chess round was played."));
        }
        await _bus.Publish(new VoteCast(voted.ArticleId, "reader-r", 1, 1, _clock.GetUtcNow()), Cancellation);
        await TrendingUntilAsync(items => items.Count == 4 && Votes(items, voted.ArticleId) == 1);

        var recommended = await ItemsAsync("/api/recommendations?limit=100", "reader-r");

        Assert.DoesNotContain(voted.ArticleId, recommended.Select(i => i.GetProperty("id").GetGuid()));
        Assert.Superset(others.Select(a => a.ArticleId).ToHashSet(), recommended.Select(i => i.GetProperty("id").GetGuid()).ToHashSet());
    }

    public async ValueTask DisposeAsync()
    {
        await _bus.StopAsync(CancellationToken.None);
        await _service.DisposeAsync();
        TemporaryFolders.Delete(_data);
    }
}
