using System.Diagnostics;
using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using static Publishing.Benchmarks.Measuring;

// Articles per second through the batch endpoint, end to end: the whole system as processes (a private broker, the
// four services, the gateway), N articles posted in batches of B with C batches in flight, then the wait until the
// last one posted is readable at GET /api/articles/{id}; then every article is checked readable.
var total = Argument(args, 0, 20000);
var batchSize = Math.Min(Argument(args, 1, 500), 1000);
var inFlight = Argument(args, 2, 4);
var commandLine = $"benchmarks/IngestThroughput/run.sh {total} {batchSize} {inFlight}";

await using var started = await StartSystemAsync("ingest", demo: false, new Dictionary<string, string>());
var system = started.System;
using var client = started.Client(Math.Max(inFlight, 16), TimeSpan.FromMinutes(5));

// Articles the size of a wire story: a headline, a standfirst, topics and about 2.5 KB of HTML in paragraphs.
var run = Guid.NewGuid().ToString("N")[..8];
var topics = new[] { "world", "business", "sport", "science", "politics", "culture" };
var paragraph = "<p>SEOUL, South Korea (AP) — North Korean leader Kim Jong Un vowed to bolster his military's war readiness, " +
    "state media said, as the country's ruling party opened a key meeting to review its policies and set new goals. " +
    "Observers say the meeting could offer clues about the country's plans for the coming year.</p>";
var body = string.Concat(Enumerable.Repeat(paragraph, 8));
var batches = Enumerable.Range(0, total).Select(i => new
{
    externalId = $"bench-{run}-{i}",
    headline = $"Benchmark article {i}: Kim vows to bolster war readiness",
    summary = "A standfirst of a sentence or two, as newsrooms send them.",
    body,
    byline = "By a benchmark",
    topics = new[] { topics[i % topics.Length], topics[(i / 7) % topics.Length] },
    publishedAt = DateTimeOffset.UtcNow.AddSeconds(-i).ToString("yyyy-MM-ddTHH:mm:ssZ"),
}).Chunk(batchSize).Select(chunk => JsonSerializer.Serialize(chunk)).ToList();

string[] processes = ["gateway", "ingest", "articles", "voting", "ranking"];
var cpuBefore = processes.ToDictionary(name => name, name => CpuTime(system, name));
var ids = new string?[total];
var refused = 0;
var batchLatencies = new double[batches.Count];
var clock = Stopwatch.StartNew();
var next = -1;
await Task.WhenAll(Enumerable.Range(0, inFlight).Select(async _ =>
{
    for (var b = Interlocked.Increment(ref next); b < batches.Count; b = Interlocked.Increment(ref next))
    {
        var started = Stopwatch.GetTimestamp();
        using var request = new HttpRequestMessage(HttpMethod.Post, "/api/ingest/articles/batch")
        {
            Content = new StringContent(batches[b], Encoding.UTF8, "application/json"),
        };
        request.Headers.Add("Authorization", "ApiKey " + system.IngestKey);
        using var response = await client.SendAsync(request);
        response.EnsureSuccessStatusCode();
        var results = (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("results");
        foreach (var result in results.EnumerateArray())
        {
            var index = b * batchSize + result.GetProperty("index").GetInt32();
            if (result.GetProperty("status").GetString() == "accepted")
            {
                ids[index] = result.GetProperty("id").GetString();
            }
            else
            {
                Interlocked.Increment(ref refused);
            }
        }
        batchLatencies[b] = Stopwatch.GetElapsedTime(started).TotalMilliseconds;
    }
}));
var answered = clock.Elapsed;

// The figure: until the last article posted is readable through the gateway.
var last = ids[^1] ?? throw new InvalidOperationException("The last article was refused.");
await WaitUntilAsync(async () => (await client.GetAsync($"/api/articles/{last}")).StatusCode == HttpStatusCode.OK, TimeSpan.FromMinutes(10));
var readable = clock.Elapsed;
var cpu = processes.ToDictionary(name => name, name => CpuTime(system, name) - cpuBefore[name]);

// Then the check that it is not only the last: every accepted article is readable (not part of the figure).
var unreadable = 0;
var sweep = -1;
await Task.WhenAll(Enumerable.Range(0, 16).Select(async _ =>
{
    for (var i = Interlocked.Increment(ref sweep); i < total; i = Interlocked.Increment(ref sweep))
    {
        if (ids[i] is { } id)
        {
            var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(60);
            while ((await client.GetAsync($"/api/articles/{id}")).StatusCode != HttpStatusCode.OK)
            {
                if (DateTime.UtcNow > deadline)
                {
                    Interlocked.Increment(ref unreadable);
                    break;
                }
                await Task.Delay(50);
            }
        }
    }
}));
var everyReadable = clock.Elapsed;

Array.Sort(batchLatencies);
var accepted = ids.Count(id => id is not null);
Console.WriteLine($"command: {commandLine}");
Console.WriteLine($"articles {total} (~{body.Length / 1024.0:F1} KB body each), batches of {batchSize}, {inFlight} in flight, on {Environment.ProcessorCount} cores");
Console.WriteLine($"accepted {accepted}, refused {refused}");
Console.WriteLine($"answered: {answered.TotalSeconds:F2} s, {accepted / answered.TotalSeconds:F0} articles/s accepted, batch latency p50 {Percentile(batchLatencies, 0.5):F0} ms, p99 {Percentile(batchLatencies, 0.99):F0} ms");
Console.WriteLine($"last readable: {readable.TotalSeconds:F2} s after the first request");
Console.WriteLine($"sustained end to end: {accepted / readable.TotalSeconds:F0} articles/s (ingest -> broker -> articles -> readable via GET)");
Console.WriteLine($"every article checked readable: {(unreadable == 0 ? "yes" : $"NO, {unreadable} not readable")} ({everyReadable.TotalSeconds:F2} s with the check)");
Console.WriteLine("CPU per article: " + string.Join(", ", cpu.Select(p => $"{p.Key} {p.Value.TotalMilliseconds * 1000 / accepted:F0} µs")));
var ok = refused == 0 && unreadable == 0;
return ok ? 0 : 1;
