using System.Diagnostics;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Publishing.Testing;

namespace Publishing.EndToEnd.Tests;

/// <summary>Readers and articles for the voting tests, through the gateway only.</summary>
public sealed class Voters(SystemFixture system) : IDisposable
{
    // No cookie container: each request says which reader it comes from, or none.
    private readonly HttpClient _client = new(new SocketsHttpHandler { UseCookies = false, MaxConnectionsPerServer = 64 })
    {
        BaseAddress = system.System.GatewayUrl,
        Timeout = TimeSpan.FromSeconds(60),
    };

    private static CancellationToken Cancellation => TestContext.Current.CancellationToken;

    public sealed record Reader(string Id, string Cookie);

    public sealed record Votes(HttpStatusCode Status, long Count, bool Voted);

    public async Task<Reader> NewReaderAsync()
    {
        var response = await _client.PostAsync("/api/readers", null, Cancellation);
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        var id = (await response.Content.ReadFromJsonAsync<JsonElement>(Cancellation)).GetProperty("readerId").GetString()!;
        var cookie = response.Headers.GetValues("Set-Cookie").Single(c => c.StartsWith("reader=", StringComparison.Ordinal)).Split(';')[0];
        return new Reader(id, cookie["reader=".Length..]);
    }

    /// <summary>A new article, once the voting service has learnt of it.</summary>
    public async Task<(Guid Id, string ExternalId)> PublishedArticleAsync(TimeSpan? timeout = null)
    {
        using var newsroom = system.Newsroom();
        var externalId = "votes-" + Guid.NewGuid().ToString("N");
        var response = await newsroom.PostAsJsonAsync("/api/ingest/articles", new { externalId, headline = "An article worth a vote", body = "<p>Body</p>", topics = new[] { "world" } }, Cancellation);
        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        var id = Guid.Parse((await response.Content.ReadFromJsonAsync<JsonElement>(Cancellation)).GetProperty("id").GetString()!);
        var votes = await Eventually.GetAsync(() => SendAsync(HttpMethod.Get, id, cookie: null), v => v.Status == HttpStatusCode.OK, timeout);
        Assert.Equal(HttpStatusCode.OK, votes.Status);
        return (id, externalId);
    }

    public Task<Votes> VoteAsync(Guid article, Reader reader) => SendAsync(HttpMethod.Post, article, reader.Cookie);

    public Task<Votes> RetractAsync(Guid article, Reader reader) => SendAsync(HttpMethod.Delete, article, reader.Cookie);

    public Task<Votes> GetAsync(Guid article, Reader? reader = null) => SendAsync(HttpMethod.Get, article, reader?.Cookie);

    public Task<HttpResponseMessage> SendRawAsync(HttpMethod method, string path, string? cookie, params (string Name, string Value)[] headers)
    {
        var request = new HttpRequestMessage(method, path);
        if (cookie is not null)
        {
            request.Headers.Add("Cookie", "reader=" + cookie);
        }
        foreach (var (name, value) in headers)
        {
            request.Headers.TryAddWithoutValidation(name, value);
        }
        return _client.SendAsync(request, Cancellation);
    }

    public async Task<Votes> SendAsync(HttpMethod method, Guid article, string? cookie)
    {
        var response = await SendRawAsync(method, $"/api/articles/{article}/votes", cookie);
        if (response.StatusCode != HttpStatusCode.OK)
        {
            return new Votes(response.StatusCode, -1, false);
        }
        var body = await response.Content.ReadFromJsonAsync<JsonElement>(Cancellation);
        Assert.Equal(article.ToString(), body.GetProperty("articleId").GetString());
        return new Votes(response.StatusCode, body.GetProperty("count").GetInt64(), body.GetProperty("voted").GetBoolean());
    }

    /// <summary>The article's <c>votes</c> field, once it shows <paramref name="expected"/> (or whatever it shows after the wait).</summary>
    public async Task<long> ArticleVotesAsync(Guid article, long expected, TimeSpan? timeout = null)
    {
        async Task<long> Read() =>
            (await _client.GetFromJsonAsync<JsonElement>($"/api/articles/{article}", Cancellation)).GetProperty("votes").GetInt64();
        return await Eventually.GetAsync(Read, votes => votes == expected, timeout);
    }

    /// <summary>The article's votes as Ranking counts them (these articles are in the "world" topic), or -1 when it is not listed.</summary>
    public async Task<long> TrendingVotesAsync(Guid article)
    {
        var response = await _client.GetAsync("/api/trending?topic=world&limit=100", Cancellation);
        if (!response.IsSuccessStatusCode)
        {
            return -1;
        }
        var items = (await response.Content.ReadFromJsonAsync<JsonElement>(Cancellation)).GetProperty("items").EnumerateArray();
        return items.Where(item => item.GetProperty("id").GetGuid() == article).Select(item => item.GetProperty("votes").GetInt64()).DefaultIfEmpty(-1).First();
    }

    /// <summary>
    /// After a fault, the whole stream flows again: a new article becomes votable, and a vote for it is counted by
    /// Articles and by Ranking. Consumers reconnect to a restarted broker on MassTransit's backoff (3 to 30 s between
    /// tries), so the wait allows for several tries on a loaded machine; checking here keeps that wait out of the
    /// tests that follow. The time it took is written to the test's output.
    /// </summary>
    public async Task AssertFlowingAgainAsync()
    {
        var recovery = TimeSpan.FromSeconds(180);
        var clock = Stopwatch.StartNew();
        var (article, _) = await PublishedArticleAsync(recovery);
        var votable = clock.Elapsed;
        Assert.Equal(HttpStatusCode.OK, (await VoteAsync(article, await NewReaderAsync())).Status);
        Assert.Equal(1, await ArticleVotesAsync(article, 1, recovery));
        Assert.Equal(1, await Eventually.GetAsync(() => TrendingVotesAsync(article), votes => votes == 1, recovery));
        TestContext.Current.TestOutputHelper?.WriteLine($"Flowing again: votable after {votable.TotalSeconds:0.0} s, counted everywhere after {clock.Elapsed.TotalSeconds:0.0} s");
    }

    public void Dispose() => _client.Dispose();
}
