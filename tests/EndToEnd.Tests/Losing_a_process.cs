using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Publishing.Testing;

namespace Publishing.EndToEnd.Tests;

/// <summary>
/// Nothing is lost when a process dies mid-stream: the broker, or a service, is killed while articles and votes flow,
/// then started again; every article arrives once and every count is exact.
/// </summary>
public sealed class Losing_a_process(SystemFixture system) : IDisposable
{
    private readonly Voters _voters = new(system);

    private static CancellationToken Cancellation => TestContext.Current.CancellationToken;

    /// <summary>
    /// On a system of its own, so that the crash and the reconnections that follow it touch no other test. Ends by
    /// proving the stream flows again: the services reconnect on their own, nobody restarts them.
    /// </summary>
    [Fact]
    public async Task Should_lose_no_article_and_no_vote_when_the_broker_crashes_mid_stream()
    {
        if (Environment.GetEnvironmentVariable("RABBITMQ_URI") is { Length: > 0 })
        {
            Assert.Skip("RABBITMQ_URI names a broker these tests did not start and must not kill.");
        }
        await using var own = new SystemFixture();
        await own.InitializeAsync();
        using var voters = new Voters(own);
        var (article, _) = await voters.PublishedArticleAsync();
        var readers = await Task.WhenAll(Enumerable.Range(0, 30).Select(_ => voters.NewReaderAsync()));
        using var newsroom = own.Newsroom();

        // Votes and articles in flight as the broker dies; more of both while it is down.
        var before = Task.WhenAll(readers[..10].Select(reader => voters.VoteAsync(article, reader)));
        var published = Task.WhenAll(Enumerable.Range(0, 20).Select(i => PublishAsync(newsroom, $"Sent as the broker fell, {i}")));
        own.System.CrashBroker();
        var during = await Task.WhenAll(readers[10..].Select(reader => voters.VoteAsync(article, reader)));
        var ids = await published;
        // Nothing could have reached Articles yet: the broker is still down.
        Assert.NotEqual(30, await VotesOfAsync(own, article));
        await own.System.RestartBrokerAsync(Cancellation);

        Assert.All(await before, votes => Assert.Equal(HttpStatusCode.OK, votes.Status));
        Assert.All(during, votes => Assert.Equal(HttpStatusCode.OK, votes.Status));
        Assert.Equal(30, (await voters.GetAsync(article)).Count);
        var counted = await Eventually.GetAsync(() => VotesOfAsync(own, article), votes => votes == 30, TimeSpan.FromSeconds(90));
        Assert.Equal(30, counted);
        foreach (var id in ids)
        {
            var read = await Eventually.GetAsync(() => own.Gateway.GetAsync($"/api/articles/{id}", Cancellation), r => r.StatusCode == HttpStatusCode.OK, TimeSpan.FromSeconds(60));
            Assert.Equal(HttpStatusCode.OK, read.StatusCode);
        }
        await AssertListedOnceAsync(own, ids);
        await voters.AssertFlowingAgainAsync();
    }

    [Fact]
    public async Task Should_deliver_every_article_once_to_a_consumer_killed_mid_stream()
    {
        using var newsroom = system.Newsroom();
        var articles = system.System.Process("articles");

        var published = Task.WhenAll(Enumerable.Range(0, 40).Select(i => PublishAsync(newsroom, $"Sent as Articles fell, {i}")));
        await Task.Delay(TimeSpan.FromMilliseconds(200), Cancellation);
        articles.Kill();
        var ids = await published;
        await system.System.StartServiceAsync("articles", new Dictionary<string, string>(), Cancellation);

        foreach (var id in ids)
        {
            var read = await Eventually.GetAsync(() => system.Gateway.GetAsync($"/api/articles/{id}", Cancellation), r => r.StatusCode == HttpStatusCode.OK, TimeSpan.FromSeconds(60));
            Assert.Equal(HttpStatusCode.OK, read.StatusCode);
        }
        await AssertListedOnceAsync(ids);
        await _voters.AssertFlowingAgainAsync();
    }

    [Fact]
    public async Task Should_count_every_vote_voting_took_in_articles_and_ranking_when_both_are_killed_mid_stream()
    {
        var (article, _) = await _voters.PublishedArticleAsync();
        var readers = await Task.WhenAll(Enumerable.Range(0, 60).Select(_ => _voters.NewReaderAsync()));

        // Four lanes of readers voting one after another; Voting and Ranking die once ten votes are answered.
        var answered = 0;
        var tenAnswered = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var streams = Enumerable.Range(0, 4).Select(lane => Task.Run(async () =>
        {
            var answers = new List<Voters.Votes>();
            foreach (var reader in readers.Where((_, index) => index % 4 == lane))
            {
                answers.Add(await _voters.VoteAsync(article, reader));
                if (Interlocked.Increment(ref answered) == 10)
                {
                    tenAnswered.SetResult();
                }
            }
            return answers;
        }, Cancellation)).ToList();
        await tenAnswered.Task.WaitAsync(Cancellation);
        system.System.Process("voting").Kill();
        system.System.Process("ranking").Kill();
        var answers = (await Task.WhenAll(streams)).SelectMany(lane => lane).ToList();
        await system.System.StartServiceAsync("voting", new Dictionary<string, string>(), Cancellation);
        await system.System.StartServiceAsync("ranking", new Dictionary<string, string>(), Cancellation);

        // Voting's count is what was taken: every vote it answered, perhaps some whose answer died with it. Articles
        // and Ranking count exactly those, once each.
        var taken = (await _voters.GetAsync(article)).Count;
        Assert.InRange(taken, answers.Count(a => a.Status == HttpStatusCode.OK), readers.Length);
        Assert.True(answers.Count(a => a.Status == HttpStatusCode.OK) < readers.Length, "Some votes were sent while Voting was down.");
        Assert.Equal(taken, await Eventually.GetAsync(() => VotesOfAsync(article), votes => votes == taken, TimeSpan.FromSeconds(60)));
        Assert.Equal(taken, await Eventually.GetAsync(() => _voters.TrendingVotesAsync(article), votes => votes == taken, TimeSpan.FromSeconds(60)));

        // The readers whose votes were refused vote again, and every count agrees.
        var again = await Task.WhenAll(readers.Select(reader => _voters.VoteAsync(article, reader)));
        Assert.All(again, votes => Assert.Equal(HttpStatusCode.OK, votes.Status));
        Assert.Equal(readers.Length, (await _voters.GetAsync(article)).Count);
        Assert.Equal(readers.Length, await Eventually.GetAsync(() => VotesOfAsync(article), votes => votes == readers.Length, TimeSpan.FromSeconds(60)));
        Assert.Equal(readers.Length, await Eventually.GetAsync(() => _voters.TrendingVotesAsync(article), votes => votes == readers.Length, TimeSpan.FromSeconds(60)));
        await _voters.AssertFlowingAgainAsync();
    }

    private static async Task<string> PublishAsync(HttpClient newsroom, string headline)
    {
        var response = await newsroom.PostAsJsonAsync("/api/ingest/articles", new
        {
            externalId = "fault-" + Guid.NewGuid().ToString("N"),
            headline,
            body = "<p>Nothing is lost.</p>",
            topics = new[] { "faults" },
        }, Cancellation);
        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        return (await response.Content.ReadFromJsonAsync<JsonElement>(Cancellation)).GetProperty("id").GetString()!;
    }

    private async Task<long> VotesOfAsync(Guid article) => await VotesOfAsync(system, article);

    private static async Task<long> VotesOfAsync(SystemFixture target, Guid article)
    {
        var response = await target.Gateway.GetAsync($"/api/articles/{article}", Cancellation);
        return response.IsSuccessStatusCode
            ? (await response.Content.ReadFromJsonAsync<JsonElement>(Cancellation)).GetProperty("votes").GetInt64()
            : -1;
    }

    /// <summary>Each article once in its topic's list: a redelivered event made no second copy.</summary>
    private Task AssertListedOnceAsync(IReadOnlyCollection<string> ids) => AssertListedOnceAsync(system, ids);

    private static async Task AssertListedOnceAsync(SystemFixture target, IReadOnlyCollection<string> ids)
    {
        var listed = new List<string>();
        string? cursor = null;
        do
        {
            var page = await target.Gateway.GetFromJsonAsync<JsonElement>($"/api/articles?topic=faults&limit=100{(cursor is null ? "" : "&cursor=" + Uri.EscapeDataString(cursor))}", Cancellation);
            listed.AddRange(page.GetProperty("items").EnumerateArray().Select(item => item.GetProperty("id").GetString()!));
            cursor = page.TryGetProperty("nextCursor", out var next) && next.ValueKind == JsonValueKind.String ? next.GetString() : null;
        }
        while (cursor is not null);
        foreach (var id in ids)
        {
            Assert.Single(listed, listedId => listedId == id);
        }
    }

    public void Dispose() => _voters.Dispose();
}
