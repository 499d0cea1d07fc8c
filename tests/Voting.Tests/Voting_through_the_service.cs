using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using System.Threading.Channels;
using MassTransit;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Publishing.Contracts;
using Publishing.ServiceDefaults.Readers;
using Publishing.Testing;

namespace Publishing.Voting.Tests;

/// <summary>
/// The voting service in process, learning articles from the broker and publishing counts to it, on each store:
/// <paramref name="store"/> gives the settings that choose it (and skips the test when that store is not there).
/// </summary>
public abstract class Voting_through_the_service(BrokerFixture broker, Func<IReadOnlyDictionary<string, string>> store) : IAsyncLifetime
{
    private readonly string _data = Directory.CreateTempSubdirectory("publishing-voting-service-").FullName;
    private readonly Channel<VoteCast> _casts = Channel.CreateUnbounded<VoteCast>();
    private WebApplicationFactory<Program> _service = null!;
    private IBusControl _bus = null!;
    private static CancellationToken Cancellation => TestContext.Current.CancellationToken;

    public async ValueTask InitializeAsync()
    {
        var settings = store();
        _service = new WebApplicationFactory<Program>().WithWebHostBuilder(host =>
        {
            host.UseSetting("PUBLISHING_DATA", _data).UseSetting("RABBITMQ_URI", broker.Uri.ToString());
            foreach (var (key, value) in settings)
            {
                host.UseSetting(key, value);
            }
        });
        _ = _service.Server;
        _bus = Bus.Factory.CreateUsingRabbitMq(rabbit =>
        {
            rabbit.Host(broker.Uri);
            rabbit.ReceiveEndpoint("voting-tests-" + Guid.NewGuid().ToString("N"), endpoint =>
            {
                endpoint.AutoDelete = true;
                endpoint.Durable = false;
                endpoint.Handler<VoteCast>(context => _casts.Writer.WriteAsync(context.Message).AsTask());
            });
        });
        await _bus.StartAsync(Cancellation);
    }

    private async Task<Guid> PublishedArticleAsync()
    {
        var id = Guid.NewGuid();
        await _bus.Publish(new ArticlePublished(new ArticleSnapshot(id, 1, "slug-" + id, "Headline", null, "Text", ["world"], "en", DateTimeOffset.UtcNow)), Cancellation);
        using var client = _service.CreateClient();
        var known = await Eventually.GetAsync(() => client.GetAsync($"/api/articles/{id}/votes", Cancellation), r => r.StatusCode == HttpStatusCode.OK);
        Assert.Equal(HttpStatusCode.OK, known.StatusCode);
        return id;
    }

    private HttpClient Reader(string readerId)
    {
        var client = _service.CreateClient();
        client.DefaultRequestHeaders.Add(ReaderContext.Header, readerId);
        return client;
    }

    [Fact]
    public async Task Should_learn_the_article_from_its_event_and_publish_the_new_count()
    {
        var article = await PublishedArticleAsync();
        using var reader = Reader("reader-a");

        var response = await reader.PostAsync($"/api/articles/{article}/votes", null, Cancellation);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var votes = await response.Content.ReadFromJsonAsync<JsonElement>(Cancellation);
        Assert.Equal(article.ToString(), votes.GetProperty("articleId").GetString());
        Assert.Equal(1, votes.GetProperty("count").GetInt64());
        Assert.True(votes.GetProperty("voted").GetBoolean());
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(Cancellation);
        timeout.CancelAfter(TimeSpan.FromSeconds(20));
        VoteCast cast;
        do { cast = await _casts.Reader.ReadAsync(timeout.Token); } while (cast.ArticleId != article);
        Assert.Equal((article, "reader-a", 1L, 1L), (cast.ArticleId, cast.ReaderId, cast.Count, cast.Sequence));
    }

    [Fact]
    public async Task Should_answer_401_to_a_vote_without_a_reader_and_change_nothing()
    {
        var article = await PublishedArticleAsync();
        using var anonymous = _service.CreateClient();

        foreach (var method in new[] { HttpMethod.Post, HttpMethod.Delete })
        {
            var response = await anonymous.SendAsync(new HttpRequestMessage(method, $"/api/articles/{article}/votes"), Cancellation);
            Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
            Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        }
        var votes = await anonymous.GetFromJsonAsync<JsonElement>($"/api/articles/{article}/votes", Cancellation);
        Assert.Equal(0, votes.GetProperty("count").GetInt64());
        Assert.False(votes.GetProperty("voted").GetBoolean());
    }

    [Theory]
    [InlineData("not-an-id")]
    [InlineData("6f9619ff-8b86-d011-b42d-00cf4fc964ff")]
    public async Task Should_answer_404_for_an_unknown_article(string id)
    {
        using var reader = Reader("reader-a");

        var response = await reader.PostAsync($"/api/articles/{id}/votes", null, Cancellation);

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
    }

    [Fact]
    public async Task Should_answer_410_once_the_article_is_withdrawn()
    {
        var article = await PublishedArticleAsync();
        await _bus.Publish(new ArticleWithdrawn(article, DateTimeOffset.UtcNow), Cancellation);
        using var reader = Reader("reader-a");

        var response = await Eventually.GetAsync(
            () => reader.PostAsync($"/api/articles/{article}/votes", null, Cancellation), r => r.StatusCode == HttpStatusCode.Gone);

        Assert.Equal(HttpStatusCode.Gone, response.StatusCode);
    }

    public async ValueTask DisposeAsync()
    {
        if (_bus is not null)
        {
            await _bus.StopAsync(CancellationToken.None);
        }
        if (_service is not null)
        {
            await _service.DisposeAsync();
        }
        TemporaryFolders.Delete(_data);
    }
}

public sealed class Voting_through_the_service_on_SQLite(BrokerFixture broker)
    : Voting_through_the_service(broker, () => new Dictionary<string, string>());

public sealed class Voting_through_the_service_on_MongoDB(BrokerFixture broker, MongoFixture mongo)
    : Voting_through_the_service(broker, () => new Dictionary<string, string>
    {
        ["MONGODB_DATABASE_PREFIX"] = mongo.NewDatabasePrefix(),
        ["MONGODB_URI"] = mongo.Uri!,
    });
