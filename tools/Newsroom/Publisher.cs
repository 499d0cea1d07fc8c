using System.Diagnostics;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Publishing.Contracts;

namespace Publishing.Newsroom;

/// <summary>
/// Sends items in batches. What the system accepted is remembered in the state file (a hash of the site, the kind and
/// the item as sent), so a rerun after a stop or a fix sends only what is new, changed, or was refused. What was
/// refused goes to the refused file, as it was sent, to be fixed there and sent again; its reasons go beside it.
/// </summary>
public sealed class Publisher(IngestClient client, Options options, TextWriter output, TextWriter errors)
{
    /// <summary>A MiB below the API's limit for a batch, with room for the line breaks.</summary>
    private const long MaxBatchBytes = Limits.BatchRequestBytes - 1024 * 1024;

    public sealed record Summary(int Items, int Accepted, int AlreadyAccepted, Dictionary<string, int> Refused, Dictionary<string, int> Reasons, TimeSpan Elapsed);

    public async Task<int> PublishAsync(IEnumerable<Item> items, CancellationToken cancellationToken)
    {
        var sent = File.Exists(options.State) ? File.ReadLines(options.State).ToHashSet(StringComparer.Ordinal) : [];
        var total = options.Targets[0] == "-" ? (int?)null : items.Count();
        var progress = new Progress(errors, total);
        var clock = Stopwatch.StartNew();
        var (count, accepted, already) = (0, 0, 0);
        var (refusedByStatus, reasons) = (new Dictionary<string, int>(), new Dictionary<string, int>());
        await using var state = new StreamWriter(options.State, append: true);
        await using var refused = new StreamWriter(options.Refused, append: false);
        await using var why = new StreamWriter(Path.ChangeExtension(options.Refused, ".reasons.ndjson"), append: false);

        var batch = new List<(Item Item, string Hash)>();
        var bytes = 0;
        async Task SendAsync()
        {
            var answer = await client.SendBatchAsync(options.Ninjs, batch.Select(b => b.Item).ToList(), cancellationToken);
            foreach (var result in answer.GetProperty("results").EnumerateArray())
            {
                var (item, hash) = batch[result.GetProperty("index").GetInt32()];
                var status = result.GetProperty("status").GetString() ?? "?";
                if (status == "accepted")
                {
                    accepted++;
                    await state.WriteLineAsync(hash);
                    continue;
                }
                refusedByStatus[status] = refusedByStatus.GetValueOrDefault(status) + 1;
                var itemErrors = result.TryGetProperty("errors", out var e) ? JsonNode.Parse(e.GetRawText())! : new JsonObject();
                foreach (var (field, messages) in itemErrors.AsObject())
                {
                    foreach (var message in messages?.AsArray() ?? [])
                    {
                        var reason = $"{status}: {field}: {message}";
                        reasons[reason] = reasons.GetValueOrDefault(reason) + 1;
                    }
                }
                await refused.WriteLineAsync(item.Json);
                await why.WriteLineAsync(new JsonObject { ["origin"] = item.Origin, ["status"] = status, ["errors"] = itemErrors }.ToJsonString());
            }
            await state.FlushAsync(cancellationToken);
            progress.Show(count, accepted + already, refusedByStatus.Values.Sum(), clock.Elapsed);
            batch.Clear();
            bytes = 0;
        }

        foreach (var item in items)
        {
            count++;
            var hash = Hash(item);
            if (sent.Contains(hash))
            {
                already++;
                continue;
            }
            var size = Encoding.UTF8.GetByteCount(item.Json) + 1;
            if (batch.Count > 0 && bytes + size > MaxBatchBytes)
            {
                await SendAsync();
            }
            batch.Add((item, hash));
            bytes += size;
            if (batch.Count == options.BatchSize)
            {
                await SendAsync();
            }
        }
        if (batch.Count > 0)
        {
            await SendAsync();
        }
        progress.Done(count, accepted + already, refusedByStatus.Values.Sum(), clock.Elapsed);
        await Report(new Summary(count, accepted, already, refusedByStatus, reasons, clock.Elapsed));
        return refusedByStatus.Count == 0 ? NewsroomCommand.Succeeded : NewsroomCommand.SomeRefused;
    }

    private string Hash(Item item) =>
        Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes($"{client.Gateway}\n{(options.Ninjs ? "ninjs" : "json")}\n{item.Json}")));

    private async Task Report(Summary summary)
    {
        var sentNow = summary.Accepted + summary.Refused.Values.Sum();
        var rate = sentNow / Math.Max(summary.Elapsed.TotalSeconds, 0.001);
        await output.WriteLineAsync($"{summary.Items} items: {summary.Accepted} accepted, {summary.AlreadyAccepted} accepted before (not sent again), {summary.Refused.Values.Sum()} refused; {sentNow} sent in {summary.Elapsed.TotalSeconds:0.0} s ({rate:0} items/s)");
        if (summary.Refused.Count == 0)
        {
            return;
        }
        await output.WriteLineAsync("refused: " + string.Join(", ", summary.Refused.Select(r => $"{r.Value} {r.Key}")));
        foreach (var (reason, times) in summary.Reasons.OrderByDescending(r => r.Value).Take(10))
        {
            await output.WriteLineAsync($"  {times} × {reason}");
        }
        await output.WriteLineAsync($"The refused items are in {options.Refused} (their reasons, line by line, in {Path.ChangeExtension(options.Refused, ".reasons.ndjson")}): fix them there and publish that file again.");
    }
}

/// <summary>A bar, the count and the rate on the terminal, redrawn after each batch; nothing when the errors stream is not a terminal.</summary>
public sealed class Progress(TextWriter errors, int? total)
{
    private readonly bool _terminal = ReferenceEquals(errors, Console.Error) && !Console.IsErrorRedirected;

    public void Show(int done, int accepted, int refused, TimeSpan elapsed)
    {
        if (!_terminal)
        {
            return;
        }
        var rate = done / Math.Max(elapsed.TotalSeconds, 0.001);
        var bar = total is > 0 and var all ? "[" + new string('#', (int)(30.0 * done / all)).PadRight(30, '.') + $"] {done:N0}/{all:N0}" : $"{done:N0}";
        errors.Write($"\r{bar}  {rate:0} items/s  accepted {accepted:N0}  refused {refused:N0}   ");
    }

    public void Done(int done, int accepted, int refused, TimeSpan elapsed)
    {
        Show(done, accepted, refused, elapsed);
        if (_terminal)
        {
            errors.WriteLine();
        }
    }
}
