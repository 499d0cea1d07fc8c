using System.Diagnostics;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using static Publishing.Benchmarks.Measuring;

// Reader pages per second through the gateway: the whole system as processes (a private broker, the four services,
// the gateway) with its demo content, readers with their own cookies (half of them have voted) opening article pages,
// then the front page. A page view is what a browser with script asks the gateway for to show it: the document
// (shared by every reader) and, on an article page, the reader's own part (GET /api/readers/me: their vote, their
// recommendations). An article page view counts as served when the document answers 200 with its three lists and the
// reader's part answers 200 with their vote state. Clients accept Brotli and gzip, as browsers do. Then the gateway
// against the service itself, on the same requests: GET /api/trending (the same for everyone) and
// GET /api/recommendations (a reader's own), through the gateway and straight to Ranking.
var requests = Argument(args, 0, 4000);
var readerCount = Argument(args, 1, 500);
var concurrency = Argument(args, 2, 32);
Console.WriteLine($"benchmarks/ReaderPages/run.sh {requests} {readerCount} {concurrency}");

await using var started = await StartSystemAsync("page", demo: true, AllReadersFromOneAddress());
var system = started.System;
using var client = started.Client(concurrency, TimeSpan.FromSeconds(60), followRedirects: false, decompress: true);

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

// Readers get their cookie as the page's script would; half of them vote for three articles, so that recommendations differ.
var random = new Random(42);
var cookies = await ConcurrentlyAsync(readerCount, concurrency, async _ =>
{
    using var response = await client.PostAsync("/api/readers", null);
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
Console.WriteLine($"waited {(await WaitUntilQuietAsync(system, processes, TimeSpan.FromMinutes(3))).TotalSeconds:F0} s for the processes to be idle; load average {LoadAverage()}");
var articlePages = await MeasureAsync("article page", requests, async cookie =>
{
    var article = Pick(articles);
    var document = await FetchAsync($"/articles/{article.Slug}", cookie);
    var own = await FetchAsync($"/api/readers/me?article={article.Id}", cookie);
    return document.Status == HttpStatusCode.OK && own.Status == HttpStatusCode.OK
        && document.Body.Contains("id=\"related\"", StringComparison.Ordinal) && document.Body.Contains("id=\"ranking\"", StringComparison.Ordinal)
        && document.Body.Contains("id=\"recommendation\"", StringComparison.Ordinal) && own.Body.Contains("\"voted\":", StringComparison.Ordinal);
});
var frontPages = await MeasureAsync("front page", Math.Max(1, requests / 4), async cookie =>
{
    var document = await FetchAsync("/", cookie);
    return document.Status == HttpStatusCode.OK && document.Body.Contains("id=\"trending-heading\"", StringComparison.Ordinal);
});

// The gateway against Ranking itself: the same requests, the same concurrency, one after the other.
using var direct = new HttpClient(new SocketsHttpHandler { UseCookies = false, MaxConnectionsPerServer = concurrency, AutomaticDecompression = DecompressionMethods.All })
{
    BaseAddress = system.Process("ranking").Address,
};
var readerIds = await ConcurrentlyAsync(Math.Min(200, readerCount), concurrency, async i =>
    (await ReadJsonAsync(client, "/api/readers/me", cookies[i])).GetProperty("readerId").GetString()!);
foreach (var (name, path) in new[] { ("trending (shared)", "/api/trending?limit=10"), ("recommendations (a reader's own)", "/api/recommendations?limit=10") })
{
    var viaGateway = await RateAsync(i => SendAsync(client, path, "Cookie", cookies[i % readerIds.Length]));
    var straight = await RateAsync(i => SendAsync(direct, path, "X-Publishing-Reader", readerIds[i % readerIds.Length]));
    Console.WriteLine($"{name}: through the gateway {viaGateway:F0}/s, straight to ranking {straight:F0}/s, ratio {viaGateway / straight:F2}");
}

return articlePages && frontPages ? 0 : 1;

T Pick<T>(IReadOnlyList<T> items)
{
    lock (random)
    {
        return items[random.Next(items.Count)];
    }
}

// A short warm-up, then `count` page views for random readers, each checked; latency percentiles and CPU per page view.
async Task<bool> MeasureAsync(string name, int count, Func<string, Task<bool>> view)
{
    await ConcurrentlyAsync(Math.Min(200, count), concurrency, _ => view(Pick(cookies)));
    var cpuBefore = processes.ToDictionary(process => process, process => CpuTime(system, process));
    var clock = Stopwatch.StartNew();
    var results = await ConcurrentlyAsync(count, concurrency, async _ =>
    {
        var started = Stopwatch.GetTimestamp();
        var served = await view(Pick(cookies));
        return (Milliseconds: Stopwatch.GetElapsedTime(started).TotalMilliseconds, Served: served);
    });
    var elapsed = clock.Elapsed;
    var cpu = processes.ToDictionary(process => process, process => CpuTime(system, process) - cpuBefore[process]);
    var latencies = results.Select(r => r.Milliseconds).Order().ToArray();
    var incomplete = results.Count(r => !r.Served);
    Console.WriteLine($"{name}: {count} views, concurrency {concurrency}: {count / elapsed.TotalSeconds:F0} pages/s, " +
        $"latency p50 {Percentile(latencies, 0.5):F1} ms, p90 {Percentile(latencies, 0.9):F1} ms, p99 {Percentile(latencies, 0.99):F1} ms, {incomplete} not served whole");
    Console.WriteLine($"{name}: CPU per page: " + string.Join(", ", cpu.Select(p => $"{p.Key} {p.Value.TotalMilliseconds * 1000 / count:F0} µs"))
        + $", summed {cpu.Values.Sum(t => t.TotalMilliseconds) * 1000 / count:F0} µs; load average {LoadAverage()}");
    return incomplete == 0;
}

async Task<(HttpStatusCode Status, string Body)> FetchAsync(string path, string cookie)
{
    using var request = new HttpRequestMessage(HttpMethod.Get, path);
    request.Headers.Add("Cookie", cookie);
    using var response = await client.SendAsync(request);
    return (response.StatusCode, await response.Content.ReadAsStringAsync());
}

static async Task<JsonElement> ReadJsonAsync(HttpClient http, string path, string cookie)
{
    using var request = new HttpRequestMessage(HttpMethod.Get, path);
    request.Headers.Add("Cookie", cookie);
    using var response = await http.SendAsync(request);
    return await response.EnsureSuccessStatusCode().Content.ReadFromJsonAsync<JsonElement>();
}

static async Task<bool> SendAsync(HttpClient http, string path, string header, string value)
{
    using var request = new HttpRequestMessage(HttpMethod.Get, path);
    request.Headers.TryAddWithoutValidation(header, value);
    using var response = await http.SendAsync(request);
    await response.Content.ReadAsByteArrayAsync();
    return response.IsSuccessStatusCode;
}

// Requests per second of `send`, after a warm-up; every answer must be a success.
async Task<double> RateAsync(Func<int, Task<bool>> send)
{
    var count = Math.Max(1000, requests / 2);
    await ConcurrentlyAsync(200, concurrency, send);
    var clock = Stopwatch.StartNew();
    var answers = await ConcurrentlyAsync(count, concurrency, send);
    var rate = count / clock.Elapsed.TotalSeconds;
    return answers.All(ok => ok) ? rate : throw new InvalidOperationException("A request failed while measuring.");
}
