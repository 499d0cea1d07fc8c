using System.Diagnostics;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using static Publishing.Benchmarks.Measuring;

// Votes per second through the gateway, with every vote counted: the whole system as processes (a private broker,
// the four services, the gateway), readers voting on articles with some votes sent twice, then the wait until
// every article's count is exact in the voting service and in the articles' `votes` field.
var readers = Argument(args, 0, 2000);
var articles = Argument(args, 1, 20);
var votesPerReader = Math.Min(Argument(args, 2, 5), articles);
var concurrency = Argument(args, 3, 64);
const int Repeats = 2; // every vote is sent twice: the second one must change nothing

await using var started = await StartSystemAsync("vote", demo: false, AllReadersFromOneAddress());
var system = started.System;
using var client = started.Client(concurrency, TimeSpan.FromSeconds(60));

var articleIds = new List<Guid>();
using (var newsroom = new HttpClient { BaseAddress = system.GatewayUrl })
{
    newsroom.DefaultRequestHeaders.Add("Authorization", "ApiKey " + system.IngestKey);
    for (var i = 0; i < articles; i++)
    {
        var response = await newsroom.PostAsJsonAsync("/api/ingest/articles", new { externalId = $"bench-{i}", headline = $"Benchmark article {i}", body = "<p>Body</p>" });
        response.EnsureSuccessStatusCode();
        articleIds.Add(Guid.Parse((await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetString()!));
    }
}
foreach (var id in articleIds)
{
    await WaitUntilAsync(async () => (await client.GetAsync($"/api/articles/{id}/votes")).StatusCode == HttpStatusCode.OK, TimeSpan.FromSeconds(30));
}

var clock = Stopwatch.StartNew();
var cookies = await ConcurrentlyAsync(readers, concurrency, async _ =>
{
    var response = await client.PostAsync("/api/readers", null);
    response.EnsureSuccessStatusCode();
    return ReaderCookie(response);
});
Console.WriteLine($"{readers} readers created in {clock.Elapsed.TotalSeconds:F1} s ({readers / clock.Elapsed.TotalSeconds:F0}/s)");

// Each reader votes for votesPerReader distinct articles, each vote sent twice; the repeats are spread out, not back to back.
var random = new Random(42);
var ballots = cookies.SelectMany(cookie => articleIds.OrderBy(_ => random.Next()).Take(votesPerReader).Select(article => (cookie, article))).ToList();
var expected = ballots.GroupBy(b => b.article).ToDictionary(g => g.Key, g => (long)g.Count());
var requests = Enumerable.Repeat(ballots, Repeats).SelectMany(b => b).OrderBy(_ => random.Next()).ToList();

var latencies = new double[requests.Count];
var failures = 0;
string[] processes = ["gateway", "voting", "articles", "ranking"];
var cpuBefore = processes.ToDictionary(name => name, name => CpuTime(system, name));
var loadBefore = LoadAverage();
clock.Restart();
await ConcurrentlyAsync(requests.Count, concurrency, async i =>
{
    var (cookie, article) = requests[i];
    var started = Stopwatch.GetTimestamp();
    using var request = new HttpRequestMessage(HttpMethod.Post, $"/api/articles/{article}/votes");
    request.Headers.Add("Cookie", cookie);
    using var response = await client.SendAsync(request);
    latencies[i] = Stopwatch.GetElapsedTime(started).TotalMilliseconds;
    if (response.StatusCode != HttpStatusCode.OK)
    {
        Interlocked.Increment(ref failures);
    }
    return 0;
});
var answered = clock.Elapsed;

// Counted: the voting service's count and the article's `votes` field exact for every article.
await WaitUntilAsync(async () =>
{
    foreach (var (article, count) in expected)
    {
        var votes = await client.GetFromJsonAsync<JsonElement>($"/api/articles/{article}/votes");
        var stored = await client.GetFromJsonAsync<JsonElement>($"/api/articles/{article}");
        if (votes.GetProperty("count").GetInt64() != count || stored.GetProperty("votes").GetInt64() != count)
        {
            return false;
        }
    }
    return true;
}, TimeSpan.FromMinutes(5), poll: TimeSpan.FromMilliseconds(100));
var counted = clock.Elapsed;
var cpu = processes.ToDictionary(name => name, name => CpuTime(system, name) - cpuBefore[name]);

Array.Sort(latencies);
Console.WriteLine($"readers {readers}, articles {articles}, votes per reader {votesPerReader}, each sent {Repeats}x, concurrency {concurrency}");
Console.WriteLine($"requests: {requests.Count} POST votes, {failures} not 200");
Console.WriteLine($"answered: {answered.TotalSeconds:F2} s, {requests.Count / answered.TotalSeconds:F0} requests/s, latency p50 {Percentile(latencies, 0.5):F1} ms, p99 {Percentile(latencies, 0.99):F1} ms");
Console.WriteLine($"counted exactly ({ballots.Count} distinct votes in voting and in every article's votes field): {counted.TotalSeconds:F2} s after the first request");
Console.WriteLine($"sustained: {ballots.Count / counted.TotalSeconds:F0} distinct votes/s counted, {requests.Count / counted.TotalSeconds:F0} vote requests/s");
Console.WriteLine("CPU per vote request: " + string.Join(", ", cpu.Select(p => $"{p.Key} {p.Value.TotalMilliseconds * 1000 / requests.Count:F0} µs"))
    + $"; {cpu.Values.Sum(t => t.TotalMilliseconds) * 1000 / requests.Count:F0} µs in all");
Console.WriteLine($"load average: {loadBefore} before the votes, {LoadAverage()} after");
var exact = failures == 0;
Console.WriteLine(exact ? "result: every vote counted exactly once" : "result: FAILED, some requests were refused");
return exact ? 0 : 1;
