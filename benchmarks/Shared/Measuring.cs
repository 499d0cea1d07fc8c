using System.Diagnostics;
using System.Net;
using Publishing.Launcher;

namespace Publishing.Benchmarks;

/// <summary>What every benchmark does alike: read its arguments, run requests side by side, and say where time went.</summary>
public static class Measuring
{
    /// <summary>
    /// The whole system as <c>./run.sh</c> starts it, in a new temporary folder named after the benchmark: a private
    /// broker unless <c>RABBITMQ_URI</c> is set, logs at Warning, and <paramref name="environment"/> on top.
    /// </summary>
    public static async Task<RunningSystem> StartSystemAsync(string name, bool demo, IReadOnlyDictionary<string, string> environment)
    {
        var folder = Directory.CreateTempSubdirectory($"publishing-{name}-benchmark-").FullName;
        var options = new LocalSystemOptions
        {
            GatewayPort = FreePort.Next(),
            DataFolder = folder,
            Demo = demo,
            BrokerUri = Environment.GetEnvironmentVariable("RABBITMQ_URI") is { Length: > 0 } uri ? new Uri(uri) : null,
            Environment = new Dictionary<string, string>(environment) { ["Logging__LogLevel__Default"] = "Warning" },
        };
        Console.WriteLine($"Starting the system{(demo ? " with its demo content" : "")} in {folder} ...");
        return new RunningSystem(await LocalSystem.StartAsync(options, TextWriter.Null, CancellationToken.None), folder);
    }

    /// <summary>
    /// The settings that let every reader of a benchmark come from one address: the per-address limits lifted, the
    /// per-reader ones kept.
    /// </summary>
    public static Dictionary<string, string> AllReadersFromOneAddress() => new()
    {
        ["RateLimits__VotesPerAddress__PermitLimit"] = "0",
        ["RateLimits__ReadersPerAddress__PermitLimit"] = "0",
        ["RateLimits__ListsPerAddress__PermitLimit"] = "0",
    };

    /// <summary>The value of the <c>reader</c> cookie a response sets, as a <c>Cookie</c> header sends it back.</summary>
    public static string ReaderCookie(HttpResponseMessage response) =>
        response.Headers.GetValues("Set-Cookie").Single(c => c.StartsWith("reader=", StringComparison.Ordinal)).Split(';')[0];

    /// <summary>A started system; disposing it stops the system, then deletes its folder (the broker needs its files to stop).</summary>
    public sealed record RunningSystem(LocalSystem System, string Folder) : IAsyncDisposable
    {
        /// <summary>
        /// A client of the gateway that keeps no cookies (each request says which reader sends it); with
        /// <paramref name="decompress"/>, it accepts Brotli and gzip as browsers do.
        /// </summary>
        public HttpClient Client(int connections, TimeSpan timeout, bool followRedirects = true, bool decompress = false) =>
            new(new SocketsHttpHandler
            {
                UseCookies = false,
                AllowAutoRedirect = followRedirects,
                MaxConnectionsPerServer = connections,
                AutomaticDecompression = decompress ? DecompressionMethods.All : DecompressionMethods.None,
            })
            {
                BaseAddress = System.GatewayUrl,
                Timeout = timeout,
            };

        public async ValueTask DisposeAsync()
        {
            await System.DisposeAsync();
            try { Directory.Delete(Folder, recursive: true); } catch (IOException) { }
        }
    }

    /// <summary>The argument at <paramref name="index"/> when it is a positive number, else <paramref name="fallback"/>.</summary>
    public static int Argument(string[] args, int index, int fallback) =>
        args.Length > index && int.TryParse(args[index], out var value) && value > 0 ? value : fallback;

    /// <summary>Runs <paramref name="step"/> for 0 to <paramref name="count"/> - 1, <paramref name="concurrency"/> at a time; the results in order.</summary>
    public static async Task<T[]> ConcurrentlyAsync<T>(int count, int concurrency, Func<int, Task<T>> step)
    {
        var results = new T[count];
        var next = -1;
        await Task.WhenAll(Enumerable.Range(0, concurrency).Select(async _ =>
        {
            for (var i = Interlocked.Increment(ref next); i < count; i = Interlocked.Increment(ref next))
            {
                results[i] = await step(i);
            }
        }));
        return results;
    }

    /// <summary>The value below which a share <paramref name="p"/> of the (sorted) values fall.</summary>
    public static double Percentile(double[] sorted, double p) => sorted[Math.Min(sorted.Length - 1, (int)(p * sorted.Length))];

    /// <summary>The machine's load average (1, 5 and 15 minutes), to read CPU figures by: other work on the machine moves them.</summary>
    public static string LoadAverage() =>
        File.Exists("/proc/loadavg") ? string.Join(" ", File.ReadAllText("/proc/loadavg").Split(' ').Take(3)) : "unknown";

    /// <summary>The CPU time a process of the system has used so far (the broker's is not counted).</summary>
    public static TimeSpan CpuTime(LocalSystem system, string name) => Process.GetProcessById(system.Process(name).ProcessId).TotalProcessorTime;

    /// <summary>
    /// Waits (up to <paramref name="timeout"/>) until none of <paramref name="processes"/> uses more than a tenth of a core
    /// over half a second: work left from the setup (Ranking embedding the demo content, consumers catching up) would
    /// otherwise be counted as the CPU of what is measured. Returns how long it waited.
    /// </summary>
    public static async Task<TimeSpan> WaitUntilQuietAsync(LocalSystem system, IReadOnlyList<string> processes, TimeSpan timeout)
    {
        var clock = Stopwatch.StartNew();
        var window = TimeSpan.FromMilliseconds(500);
        while (clock.Elapsed < timeout)
        {
            var before = processes.Select(process => CpuTime(system, process)).ToArray();
            await Task.Delay(window);
            if (processes.Select((process, i) => CpuTime(system, process) - before[i]).All(used => used < window / 10))
            {
                break;
            }
        }
        return clock.Elapsed;
    }

    public static async Task WaitUntilAsync(Func<Task<bool>> done, TimeSpan timeout, TimeSpan? poll = null)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (!await done())
        {
            if (DateTime.UtcNow > deadline)
            {
                throw new TimeoutException("The system did not get there in time.");
            }
            await Task.Delay(poll ?? TimeSpan.FromMilliseconds(50));
        }
    }
}
