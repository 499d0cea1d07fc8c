using System.Diagnostics;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using static Publishing.Benchmarks.Measuring;

// Reader pages per second through the gateway: the whole system as processes (a private broker, the four services,
// the gateway) with its demo content, readers with their own cookies (half of them have voted) opening article pages,
// then the front page. An article page asks the services for the article, the reader's vote, Related, Ranking and
// Recommendation; a page counts as served when it answers 200 with all three lists.
var requests = Argument(args, 0, 4000);
var readerCount = Argument(args, 1, 500);
var concurrency = Argument(args, 2, 32);

await using var started = await StartSystemAsync("page", demo: true, AllReadersFromOneAddress());
var system = started.System;
using var client = started.Client(concurrency, TimeSpan.FromSeconds(60), followRedirects: false);

// Every article, from the newest-first list.
var articles = new List<(Guid Id, string Slug)>();
string? cursor = null;
do
{
    var page = await client.GetFromJsonAsync<JsonElement>("/api/articles?limit=100" + (cursor is null ? "" : "&cursor=" + Uri.EscapeDataString(cursor)));
    articles.AddRange(page.GetProperty("items").EnumerateArray().Select(item => (item.GetProperty("id").GetGuid(), item.GetProperty("slug").GetString()!)));
    cursor = page.GetProperty("nextCursor") is { ValueKind: JsonValueKind.String } next ? next.GetString() : null;
}
while (cursor is not null);

// Readers get their cookie on a first visit; half of them vote for three articles, so that recommendations differ.
var random = new Random(42);
var cookies = await ConcurrentlyAsync(readerCount, concurrency, async _ =>
{
    using var response = await client.GetAsync("/");
    response.EnsureSuccessStatusCode();
    return ReaderCookie(response);
});
var ballots = cookies.Take(readerCount / 2).SelectMany(cookie => articles.OrderBy(_ => random.Next()).Take(3).Select(article => (cookie, article.Id))).ToArray();
await ConcurrentlyAsync(ballots.Length, concurrency, async i =>
{
    using var vote = new HttpRequestMessage(HttpMethod.Post, $"/api/articles/{ballots[i].Id}/votes");
    vote.Headers.Add("Cookie", ballots[i].cookie);
    using var response = await client.SendAsync(vote);
    return response.EnsureSuccessStatusCode();
});
Console.WriteLine($"{articles.Count} articles, {readerCount} readers, {ballots.Length} votes cast");

string[] processes = ["gateway", "articles", "voting", "ranking"];
var articlePages = await MeasureAsync("article page", requests, i => Pick(articles).Slug is var slug ? $"/articles/{slug}" : "",
    page => page.Contains("id=\"related\"", StringComparison.Ordinal) && page.Contains("id=\"ranking\"", StringComparison.Ordinal)
        && page.Contains("id=\"recommendation\"", StringComparison.Ordinal));
var frontPages = await MeasureAsync("front page", Math.Max(1, requests / 4), _ => "/",
    page => page.Contains("id=\"trending-heading\"", StringComparison.Ordinal));

return articlePages && frontPages ? 0 : 1;

T Pick<T>(IReadOnlyList<T> items)
{
    lock (random)
    {
        return items[random.Next(items.Count)];
    }
}

// A short warm-up, then `count` pages for random readers, each checked; latency percentiles and CPU per page.
async Task<bool> MeasureAsync(string name, int count, Func<int, string> path, Func<string, bool> complete)
{
    await ConcurrentlyAsync(Math.Min(200, count), concurrency, i => FetchAsync(path(i), Pick(cookies)));
    var cpuBefore = processes.ToDictionary(process => process, process => CpuTime(system, process));
    var clock = Stopwatch.StartNew();
    var results = await ConcurrentlyAsync(count, concurrency, async i =>
    {
        var started = Stopwatch.GetTimestamp();
        var (status, page) = await FetchAsync(path(i), Pick(cookies));
        return (Milliseconds: Stopwatch.GetElapsedTime(started).TotalMilliseconds, Served: status == HttpStatusCode.OK && complete(page));
    });
    var elapsed = clock.Elapsed;
    var cpu = processes.ToDictionary(process => process, process => CpuTime(system, process) - cpuBefore[process]);
    var latencies = results.Select(r => r.Milliseconds).Order().ToArray();
    var incomplete = results.Count(r => !r.Served);
    Console.WriteLine($"{name}: {count} requests, concurrency {concurrency}: {count / elapsed.TotalSeconds:F0} pages/s, " +
        $"latency p50 {Percentile(latencies, 0.5):F1} ms, p90 {Percentile(latencies, 0.9):F1} ms, p99 {Percentile(latencies, 0.99):F1} ms, {incomplete} not served whole");
    Console.WriteLine($"{name}: CPU per page: " + string.Join(", ", cpu.Select(p => $"{p.Key} {p.Value.TotalMilliseconds * 1000 / count:F0} µs")));
    return incomplete == 0;
}

async Task<(HttpStatusCode Status, string Page)> FetchAsync(string path, string cookie)
{
    using var request = new HttpRequestMessage(HttpMethod.Get, path);
    request.Headers.Add("Cookie", cookie);
    using var response = await client.SendAsync(request);
    return (response.StatusCode, await response.Content.ReadAsStringAsync());
}
