using System.Diagnostics;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Publishing.Launcher.Demo;

/// <summary>
/// Fills an empty system through its public API, as a newsroom and readers would: the demo articles through the
/// ingest API (in batches where the gateway offers them, one by one where not), then readers' votes, so that the
/// front page, the lists and the seed article's "veryGood! (2)" look like a real site from the first visit.
/// </summary>
public sealed class DemoContent(Uri gateway, string ingestKey, TextWriter log)
{
    private const int Parallelism = 4;
    private const int VotingReaders = 36;
    private static readonly TimeSpan PublishWait = TimeSpan.FromSeconds(15);
    private static readonly TimeSpan VotingWait = TimeSpan.FromSeconds(5);

    // Each demo reader is its own cookie, sent by hand: the client keeps none of its own.
    private readonly HttpClient _http = new(new SocketsHttpHandler { UseCookies = false }) { BaseAddress = gateway, Timeout = TimeSpan.FromSeconds(30) };

    public static string DataFolder => Path.Combine(RepositoryLayout.Root, "data");

    public async Task FillIfEmptyAsync(CancellationToken cancellationToken)
    {
        using var _ = _http;
        var existing = await _http.GetFromJsonAsync<JsonObject>("/api/articles?limit=1", cancellationToken);
        if (existing?["items"] is JsonArray { Count: > 0 })
        {
            log.WriteLine("Demo content: the system already has articles; nothing added.");
            return;
        }

        var clock = Stopwatch.StartNew();
        var now = DateTimeOffset.UtcNow;
        var seed = DemoArticles.SeedArticle(DataFolder, now);
        // The seed goes last: once it is readable, the articles before it are too (or very nearly).
        var submissions = DemoArticles.NewsItems(DataFolder, now).Append(seed.Submission).ToList();
        var accepted = await IngestAsync(submissions, cancellationToken);

        var seedId = accepted.GetValueOrDefault((string)seed.Submission["externalId"]!);
        var published = seedId is not null && await PublishedAsync(seedId, cancellationToken);
        var votes = published ? await VoteAsync(seedId!, seed.Votes, accepted, submissions, cancellationToken) : 0;
        log.WriteLine($"Demo content: {accepted.Count} articles{(published ? "" : " (not yet readable)")} and {votes} votes in {clock.Elapsed.TotalSeconds:0.0} s.");
    }

    /// <summary>Submits every article; answers the id of each one accepted, by external id.</summary>
    private async Task<Dictionary<string, string>> IngestAsync(IReadOnlyList<JsonObject> submissions, CancellationToken cancellationToken)
    {
        using var batch = Newsroom(HttpMethod.Post, "/api/ingest/articles/batch", new JsonArray(submissions.Select(s => (JsonNode)s.DeepClone()).ToArray()));
        using var answer = await _http.SendAsync(batch, cancellationToken);
        if (answer.StatusCode == HttpStatusCode.OK)
        {
            var results = (await answer.Content.ReadFromJsonAsync<JsonObject>(cancellationToken))?["results"]?.AsArray() ?? [];
            return results
                .Where(r => r?["id"] is not null)
                .ToDictionary(r => (string)submissions[(int)r!["index"]!]["externalId"]!, r => (string)r!["id"]!);
        }

        // No batch endpoint: one at a time, a few at once.
        var accepted = new Dictionary<string, string>();
        await Parallel.ForEachAsync(submissions, new ParallelOptions { MaxDegreeOfParallelism = Parallelism, CancellationToken = cancellationToken }, async (submission, token) =>
        {
            using var request = Newsroom(HttpMethod.Post, "/api/ingest/articles", submission.DeepClone());
            using var response = await _http.SendAsync(request, token);
            if (response.StatusCode == HttpStatusCode.Accepted && await response.Content.ReadFromJsonAsync<JsonObject>(token) is { } receipt)
            {
                lock (accepted) { accepted[(string)submission["externalId"]!] = (string)receipt["id"]!; }
            }
            else
            {
                log.WriteLine($"Demo content: {submission["externalId"]} was refused ({(int)response.StatusCode}).");
            }
        });
        return accepted;
    }

    private async Task<bool> PublishedAsync(string articleId, CancellationToken cancellationToken)
    {
        var deadline = DateTime.UtcNow + PublishWait;
        while (DateTime.UtcNow < deadline)
        {
            using var response = await _http.GetAsync($"/api/articles/{articleId}", cancellationToken);
            if (response.IsSuccessStatusCode)
            {
                return true;
            }
            await Task.Delay(100, cancellationToken);
        }
        return false;
    }

    /// <summary>
    /// The seed article gets its votes; then readers who each follow one topic vote for a few of its newest articles,
    /// so that readers share tastes (what recommendations learn from) and trending has something to rank.
    /// </summary>
    private async Task<int> VoteAsync(string seedId, int seedVotes, Dictionary<string, string> accepted, IReadOnlyList<JsonObject> submissions, CancellationToken cancellationToken)
    {
        var first = await NewReaderAsync(cancellationToken);
        var deadline = DateTime.UtcNow + VotingWait;
        // The Voting service learns of articles from events: wait until it knows the seed, or give up if it never does.
        while (!await VoteAsync(first, seedId, cancellationToken))
        {
            if (DateTime.UtcNow > deadline)
            {
                log.WriteLine("Demo content: the Voting service does not take votes; no demo votes.");
                return 0;
            }
            await Task.Delay(200, cancellationToken);
        }
        var votes = 1;
        for (var i = 1; i < seedVotes; i++)
        {
            votes += await VoteAsync(await NewReaderAsync(cancellationToken), seedId, cancellationToken) ? 1 : 0;
        }

        var byTopic = submissions
            .Where(s => s["topics"] is JsonArray { Count: > 0 } && accepted.ContainsKey((string)s["externalId"]!))
            .GroupBy(s => (string)s["topics"]![0]!)
            .ToDictionary(g => g.Key, g => g.Take(15).Select(s => accepted[(string)s["externalId"]!]).ToArray());
        var topics = byTopic.Keys.Order().ToArray();
        var random = new Random(1994);
        var ballots = Enumerable.Range(0, VotingReaders).Select(reader =>
        {
            var pool = byTopic[topics[reader % topics.Length]];
            // The newest stories of a topic are the likeliest to be read, and to be found very good.
            return pool.Where((_, rank) => random.NextDouble() < 0.55 - rank * 0.03).ToArray();
        }).ToList();
        await Parallel.ForEachAsync(ballots, new ParallelOptions { MaxDegreeOfParallelism = Parallelism, CancellationToken = cancellationToken }, async (ballot, token) =>
        {
            var reader = await NewReaderAsync(token);
            foreach (var articleId in ballot)
            {
                if (await VoteAsync(reader, articleId, token))
                {
                    Interlocked.Increment(ref votes);
                }
            }
        });
        return votes;
    }

    private async Task<string> NewReaderAsync(CancellationToken cancellationToken)
    {
        using var response = await SendAsync(() => new HttpRequestMessage(HttpMethod.Post, "/api/readers"), cancellationToken);
        response.EnsureSuccessStatusCode();
        return response.Headers.GetValues("Set-Cookie").Select(cookie => cookie.Split(';')[0]).First(cookie => cookie.StartsWith("reader=", StringComparison.Ordinal));
    }

    private async Task<bool> VoteAsync(string readerCookie, string articleId, CancellationToken cancellationToken)
    {
        using var response = await SendAsync(() =>
        {
            var request = new HttpRequestMessage(HttpMethod.Post, $"/api/articles/{articleId}/votes");
            request.Headers.Add("Cookie", readerCookie);
            return request;
        }, cancellationToken);
        return response.IsSuccessStatusCode;
    }

    /// <summary>All the demo readers come from one address: where the gateway limits the rate, wait as it says, briefly.</summary>
    private async Task<HttpResponseMessage> SendAsync(Func<HttpRequestMessage> request, CancellationToken cancellationToken)
    {
        for (var attempt = 1; ; attempt++)
        {
            using var message = request();
            var response = await _http.SendAsync(message, cancellationToken);
            if (response.StatusCode != HttpStatusCode.TooManyRequests || attempt == 3)
            {
                return response;
            }
            var wait = response.Headers.RetryAfter?.Delta ?? TimeSpan.FromMilliseconds(500);
            response.Dispose();
            await Task.Delay(wait < TimeSpan.FromSeconds(2) ? wait : TimeSpan.FromSeconds(2), cancellationToken);
        }
    }

    private HttpRequestMessage Newsroom(HttpMethod method, string path, JsonNode body)
    {
        var request = new HttpRequestMessage(method, path) { Content = JsonContent.Create(body) };
        request.Headers.Add("Authorization", "ApiKey " + ingestKey);
        return request;
    }
}
