using System.Diagnostics;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using static Publishing.Benchmarks.Measuring;

// How soon what a newsroom publishes and what a reader votes for shows where readers look (API.md: "well under a
// second"). One sample at a time: an article published through the ingest API, then one reader's vote for it; each
// change is timed from its accepted answer until the API shows it, polled every 2 ms. First on an idle system, then
// while background readers vote and take their votes back at a steady rate (sent on time whatever the answers take,
// as readers do; a rate above what the system sustains only measures a growing queue).
var samples = Argument(args, 0, 100);
var backgroundRate = Argument(args, 1, 200);
const int WarmUp = 5;

// The background readers vote far faster than a person: every limit is lifted.
var unlimited = AllReadersFromOneAddress();
unlimited["RateLimits__VotesPerReader__PermitLimit"] = "0";
await using var started = await StartSystemAsync("freshness", demo: false, unlimited);
var system = started.System;
using var client = started.Client(connections: 64, TimeSpan.FromSeconds(30));
var run = Guid.NewGuid().ToString("N")[..8];

// What the background readers vote for.
var backgroundArticles = new List<Guid>();
for (var i = 0; i < 50; i++)
{
    backgroundArticles.Add(await PublishAsync($"background-{run}-{i}", $"Background story {i}", "background"));
}
foreach (var id in backgroundArticles)
{
    await WaitUntilAsync(async () => (await client.GetAsync($"/api/articles/{id}/votes")).StatusCode == HttpStatusCode.OK, TimeSpan.FromSeconds(30));
}

string[] measures = ["article readable", "votable", "in trending", "in related (indexed)", "vote in the article's count", "vote in trending"];
var ok = true;
foreach (var rate in new[] { 0, backgroundRate })
{
    using var stop = new CancellationTokenSource();
    long backgroundRequests = 0;
    var background = Task.Run(async () =>
    {
        if (rate == 0)
        {
            return;
        }
        var readers = await Task.WhenAll(Enumerable.Range(0, 100).Select(_ => NewReaderAsync()));
        var random = new Random(rate);
        var sent = new List<Task>();
        var started = Stopwatch.GetTimestamp();
        // A vote and its retraction from one reader, rate / 2 times a second.
        for (long pair = 0; !stop.IsCancellationRequested; pair++)
        {
            var due = TimeSpan.FromSeconds(pair * 2.0 / rate) - Stopwatch.GetElapsedTime(started);
            if (due > TimeSpan.Zero)
            {
                await Task.Delay(due);
            }
            var (reader, article) = (readers[random.Next(readers.Length)], backgroundArticles[random.Next(backgroundArticles.Count)]);
            sent.Add(Task.Run(async () =>
            {
                foreach (var method in new[] { HttpMethod.Post, HttpMethod.Delete })
                {
                    using var request = new HttpRequestMessage(method, $"/api/articles/{article}/votes");
                    request.Headers.Add("Cookie", reader);
                    using var response = await client.SendAsync(request, CancellationToken.None);
                    Interlocked.Increment(ref backgroundRequests);
                }
            }));
        }
        await Task.WhenAll(sent);
    });

    var timings = measures.ToDictionary(measure => measure, _ => new List<double>());
    var missed = 0;
    var clock = Stopwatch.StartNew();
    for (var i = -WarmUp; i < samples; i++)
    {
        var topic = $"fresh-{run}-{rate}-{i + WarmUp}";
        var id = await PublishAsync(topic, $"Freshness sample {i + WarmUp} of run {run}", topic);
        var published = Stopwatch.GetTimestamp();
        var shown = await Task.WhenAll(
            ShownAsync(published, async () => (await client.GetAsync($"/api/articles/{id}")).StatusCode == HttpStatusCode.OK),
            ShownAsync(published, async () => (await client.GetAsync($"/api/articles/{id}/votes")).StatusCode == HttpStatusCode.OK),
            ShownAsync(published, async () => (await TrendingAsync(topic)).Any(item => item.Id == id)),
            ShownAsync(published, async () => (await client.GetAsync($"/api/articles/{id}/related")).StatusCode == HttpStatusCode.OK));

        var cookie = await NewReaderAsync();
        using var vote = new HttpRequestMessage(HttpMethod.Post, $"/api/articles/{id}/votes");
        vote.Headers.Add("Cookie", cookie);
        (await client.SendAsync(vote)).EnsureSuccessStatusCode();
        var voted = Stopwatch.GetTimestamp();
        var counted = await Task.WhenAll(
            ShownAsync(voted, async () => (await client.GetFromJsonAsync<JsonElement>($"/api/articles/{id}")).GetProperty("votes").GetInt64() == 1),
            ShownAsync(voted, async () => (await TrendingAsync(topic)).Any(item => item.Id == id && item.Votes == 1)));

        foreach (var (measure, milliseconds) in measures.Zip(shown.Concat(counted)).Where(_ => i >= 0))
        {
            if (milliseconds is { } value)
            {
                timings[measure].Add(value);
            }
            else
            {
                missed++;
            }
        }
    }
    var elapsed = clock.Elapsed;
    await stop.CancelAsync();
    await background;

    Console.WriteLine(rate == 0
        ? $"idle: {samples} samples (after {WarmUp} not counted)"
        : $"with readers voting and retracting meanwhile ({backgroundRequests / elapsed.TotalSeconds:F0} vote requests/s of {rate} asked): {samples} samples");
    foreach (var (measure, values) in timings)
    {
        var sorted = values.Order().ToArray();
        Console.WriteLine(sorted.Length == 0 ? $"  {measure}: never shown" :
            $"  {measure}: p50 {Percentile(sorted, 0.5):F0} ms, p90 {Percentile(sorted, 0.9):F0} ms, p99 {Percentile(sorted, 0.99):F0} ms, max {sorted[^1]:F0} ms");
    }
    Console.WriteLine($"  not shown within 30 s: {missed}");
    ok &= missed == 0;
}

return ok ? 0 : 1;

async Task<Guid> PublishAsync(string externalId, string headline, string topic)
{
    using var newsroom = new HttpRequestMessage(HttpMethod.Post, "/api/ingest/articles")
    {
        Content = JsonContent.Create(new { externalId, headline, body = $"<p>{headline}: a story to measure how soon readers see it.</p>", topics = new[] { topic } }),
    };
    newsroom.Headers.Add("Authorization", "ApiKey " + system.IngestKey);
    using var response = await client.SendAsync(newsroom);
    response.EnsureSuccessStatusCode();
    return (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetGuid();
}

async Task<string> NewReaderAsync()
{
    using var response = await client.PostAsync("/api/readers", null);
    response.EnsureSuccessStatusCode();
    return ReaderCookie(response);
}

async Task<List<(Guid Id, long Votes)>> TrendingAsync(string topic)
{
    var answer = await client.GetFromJsonAsync<JsonElement>($"/api/trending?topic={topic}&limit=5");
    return answer.GetProperty("items").EnumerateArray().Select(item => (item.GetProperty("id").GetGuid(), item.GetProperty("votes").GetInt64())).ToList();
}

// Milliseconds from `since` until `shown` holds, polled every 2 ms; null when it does not within 30 s.
static async Task<double?> ShownAsync(long since, Func<Task<bool>> shown)
{
    while (!await shown())
    {
        if (Stopwatch.GetElapsedTime(since) > TimeSpan.FromSeconds(30))
        {
            return null;
        }
        await Task.Delay(2);
    }
    return Stopwatch.GetElapsedTime(since).TotalMilliseconds;
}
