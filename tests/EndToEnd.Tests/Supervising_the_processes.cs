using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net;
using System.Net.Http.Json;
using System.Net.Sockets;
using System.Text.Json;
using Publishing.Launcher;
using Publishing.Launcher.Supervision;
using Publishing.Testing;

namespace Publishing.EndToEnd.Tests;

/// <summary>
/// The launcher supervises what it starts, as an operator running <c>./run.sh</c> sees it: a process killed with
/// <c>kill -9</c> comes back by itself, a crash loop is given up while the rest keeps serving, and one data folder
/// has one launcher.
/// </summary>
public sealed class Supervising_the_processes(SystemFixture system)
{
    private static CancellationToken Cancellation => TestContext.Current.CancellationToken;

    /// <summary>The order of the kills: the consumers first, then the front doors, then the broker under them all.</summary>
    private static readonly string[] KillOrder = ["voting", "ranking", "articles", "ingest", "gateway", LocalSystem.BrokerName];

    /// <summary>
    /// One system of its own for all six kills (started as <c>./run.sh</c> starts it, with its own broker), votes
    /// streaming through the gateway all along. Each process is killed with SIGKILL and must answer again by itself;
    /// the time from the kill to answering is written to the test's output. At the end every vote the system answered
    /// 200 is counted exactly once in Voting, in the article's <c>votes</c> and in trending.
    /// </summary>
    [Fact]
    public async Task Should_bring_back_each_process_killed_with_signal_9_while_votes_stream_and_count_every_answered_vote_once()
    {
        if (Environment.GetEnvironmentVariable("RABBITMQ_URI") is { Length: > 0 })
        {
            Assert.Skip("RABBITMQ_URI names a broker these tests did not start and must not kill.");
        }
        await using var own = new SystemFixture();
        await own.InitializeAsync();
        using var voters = new Voters(own);
        var articles = new List<Guid>();
        for (var i = 0; i < 8; i++)
        {
            articles.Add((await voters.PublishedArticleAsync()).Id);
        }
        var readers = new List<Voters.Reader>();
        foreach (var chunk in Enumerable.Range(0, 300).Chunk(30))
        {
            readers.AddRange(await Task.WhenAll(chunk.Select(_ => voters.NewReaderAsync())));
        }
        var pairs = new ConcurrentQueue<(Voters.Reader Reader, Guid Article)>(
            readers.SelectMany(reader => articles.Select(article => (reader, article))).OrderBy(_ => Random.Shared.Next()));
        var answers = new ConcurrentBag<(Voters.Reader Reader, Guid Article, HttpStatusCode? Status)>();

        using var stopVoting = new CancellationTokenSource();
        var lanes = Enumerable.Range(0, 2).Select(_ => Task.Run(async () =>
        {
            while (!stopVoting.IsCancellationRequested && pairs.TryDequeue(out var pair))
            {
                HttpStatusCode? status;
                try
                {
                    status = (await voters.VoteAsync(pair.Article, pair.Reader)).Status;
                }
                catch (HttpRequestException)
                {
                    status = null; // the gateway itself is down: connection refused
                }
                answers.Add((pair.Reader, pair.Article, status));
                await Task.Delay(100, CancellationToken.None);
            }
        }, CancellationToken.None)).ToList();

        var output = TestContext.Current.TestOutputHelper;
        var figures = new List<string>();
        foreach (var name in KillOrder)
        {
            await Task.Delay(TimeSpan.FromSeconds(2), Cancellation); // votes flowing before each kill
            var pid = own.System.ProcessIdOf(name);
            var clock = Stopwatch.StartNew();
            using (var victim = Process.GetProcessById(pid))
            {
                victim.Kill(); // SIGKILL, this process only: kill -9
            }
            if (name == LocalSystem.BrokerName)
            {
                await AssertReadsAnswerWhileTheBrokerIsDownAsync(own, articles[0]);
            }
            var answering = await Eventually.GetAsync(() => AnsweringAgainAsync(own, name, pid), yes => yes, TimeSpan.FromSeconds(120));
            Assert.True(answering, $"{name} (pid {pid}) did not come back by itself within 120 s; see {own.LauncherLogFile}");
            figures.Add($"{name}: {clock.Elapsed.TotalSeconds:0.0} s from kill -9 to answering again");
            output?.WriteLine(figures[^1]);
            Assert.Contains($"{name} (pid {pid}) exited unasked", own.LauncherLog());
        }
        // Votes flow again through every part before the stream stops.
        await voters.AssertFlowingAgainAsync();
        await stopVoting.CancelAsync();
        await Task.WhenAll(lanes);

        var accepted = answers.Where(a => a.Status == HttpStatusCode.OK).ToList();
        output?.WriteLine($"{answers.Count} vote requests, {accepted.Count} answered 200; {string.Join(", ", answers.Where(a => a.Status != HttpStatusCode.OK).GroupBy(a => a.Status?.ToString() ?? "refused").Select(g => $"{g.Count()} {g.Key}"))}");
        Assert.True(answers.Count(a => a.Status != HttpStatusCode.OK) > 0, "Some vote requests met a killed process.");
        foreach (var article in articles)
        {
            // Voting's own word per reader: every vote answered 200 is there; one whose answer was lost may be too.
            var sent = answers.Where(a => a.Article == article).ToList();
            var held = await Task.WhenAll(sent.Select(async a => (a.Status, (await voters.GetAsync(article, a.Reader)).Voted)));
            Assert.All(held.Where(h => h.Status == HttpStatusCode.OK), h => Assert.True(h.Voted));
            var expected = held.Count(h => h.Voted);
            Assert.InRange(expected, sent.Count(a => a.Status == HttpStatusCode.OK), sent.Count);
            Assert.Equal(expected, (await voters.GetAsync(article)).Count);
            Assert.Equal(expected, await voters.ArticleVotesAsync(article, expected, TimeSpan.FromSeconds(120)));
            Assert.Equal(expected, await Eventually.GetAsync(() => voters.TrendingVotesAsync(article), votes => votes == expected, TimeSpan.FromSeconds(120)));
        }
        foreach (var name in KillOrder)
        {
            Assert.Equal("running", own.System.Supervision[name].State);
        }
    }

    /// <summary>While the broker is down, pages and the JSON API answer and the services stay ready (messaging Degraded).</summary>
    private static async Task AssertReadsAnswerWhileTheBrokerIsDownAsync(SystemFixture own, Guid article)
    {
        var voting = own.System.Process("voting").Address;
        using var client = new HttpClient { Timeout = TimeSpan.FromSeconds(10) };
        var report = await Eventually.GetAsync(async () =>
        {
            using var ready = await client.GetAsync(new Uri(voting, "/health/ready"), Cancellation);
            return (ready.StatusCode, Body: await ready.Content.ReadFromJsonAsync<JsonElement>(Cancellation));
        }, r => r.Body.GetProperty("checks").GetProperty("broker").GetString() != "Healthy", TimeSpan.FromSeconds(10));
        Assert.Equal(HttpStatusCode.OK, report.StatusCode);
        Assert.Equal("Degraded", report.Body.GetProperty("checks").GetProperty("broker").GetString());

        foreach (var path in new[] { "/", $"/api/articles/{article}", "/api/articles", "/api/trending", $"/api/articles/{article}/votes", "/health/ready" })
        {
            var response = await own.Gateway.GetAsync(path, Cancellation);
            Assert.True(response.StatusCode == HttpStatusCode.OK, $"{path} answered {(int)response.StatusCode} while the broker was down");
        }
        var page = await own.Gateway.GetAsync($"/api/articles/{article}", Cancellation);
        var slug = (await page.Content.ReadFromJsonAsync<JsonElement>(Cancellation)).GetProperty("slug").GetString();
        Assert.Equal(HttpStatusCode.OK, (await own.Gateway.GetAsync($"/articles/{slug}", Cancellation)).StatusCode);
        // All of the above while the broker was still down, not after it came back.
        Assert.Equal("restarting", own.System.Supervision[LocalSystem.BrokerName].State);
    }

    /// <summary>
    /// A process started by hand (a test, an operator) while the supervisor was starting it again after a crash: the
    /// hand waits for the supervisor's start, then replaces that instance. The supervisor must go on watching whatever
    /// runs under the name: killed again, it comes back by itself.
    /// </summary>
    [Fact]
    public async Task Should_keep_watching_a_process_started_by_hand_while_the_supervisor_was_starting_it_again()
    {
        if (Environment.GetEnvironmentVariable("RABBITMQ_URI") is { Length: > 0 })
        {
            Assert.Skip("RABBITMQ_URI names a broker these tests did not start and must not kill.");
        }
        const string name = "ingest";
        var crashed = system.System.ProcessIdOf(name);
        system.System.Process(name).Kill();
        // The supervisor's start under way: a new instance, not ready yet.
        var restarting = await Eventually.GetAsync(() => Task.FromResult(PidOrNull(name)), pid => pid is not null && pid != crashed, TimeSpan.FromSeconds(60));
        Assert.NotEqual(crashed, restarting);

        await system.System.StartServiceAsync(name, new Dictionary<string, string>(), Cancellation);
        var byHand = system.System.ProcessIdOf(name);
        Assert.NotEqual(restarting, byHand);
        await Task.Delay(TimeSpan.FromSeconds(1), Cancellation); // the supervisor back to watching
        system.System.Process(name).Kill();

        var back = await Eventually.GetAsync(() => AnsweringAgainAsync(system, name, byHand), yes => yes, TimeSpan.FromSeconds(120));
        Assert.True(back, $"{name} (pid {byHand}), started by hand, was not started again after a kill: {system.System.Supervision[name]}");
    }

    private int? PidOrNull(string name)
    {
        try
        {
            return system.System.ProcessIdOf(name);
        }
        catch (KeyNotFoundException)
        {
            return null; // between two instances
        }
    }

    /// <summary>A new process under the name, answering: its readiness probe for a service or the gateway, the AMQP port for the broker.</summary>
    private static async Task<bool> AnsweringAgainAsync(SystemFixture own, string name, int killedPid)
    {
        try
        {
            if (own.System.ProcessIdOf(name) == killedPid)
            {
                return false;
            }
            if (name == LocalSystem.BrokerName)
            {
                using var amqp = new TcpClient();
                await amqp.ConnectAsync(own.System.BrokerUri.Host, own.System.BrokerUri.Port, Cancellation);
                return own.System.Supervision[name].State == "running";
            }
            using var client = new HttpClient { Timeout = TimeSpan.FromSeconds(2) };
            using var ready = await client.GetAsync(new Uri(own.System.Process(name).Address, "/health/ready"), Cancellation);
            return ready.StatusCode == HttpStatusCode.OK;
        }
        catch (Exception exception) when (exception is HttpRequestException or SocketException or TaskCanceledException or IOException or KeyNotFoundException)
        {
            return false;
        }
    }

    [Fact]
    public async Task Should_give_up_a_process_in_a_crash_loop_name_it_in_the_gateway_readiness_and_keep_serving_the_rest()
    {
        // A system of its own: what other tests did to the shared one (processes killed and started by hand) is no
        // part of this crash history, and the shared one keeps its Ranking for the tests after this one.
        await using var own = new SystemFixture();
        await own.InitializeAsync();
        using var voters = new Voters(own);
        var (article, _) = await voters.PublishedArticleAsync();
        var policy = new RestartPolicy();

        // Killed each time it comes back: the fifth exit within two minutes is a crash loop.
        var kills = 0;
        while (own.System.Supervision["ranking"].State != "given up")
        {
            Assert.True(++kills <= policy.GiveUpAfter, $"ranking was not given up after {policy.GiveUpAfter} exits");
            var pid = own.System.ProcessIdOf("ranking");
            own.System.Process("ranking").Kill();
            var back = await Eventually.GetAsync(
                async () => own.System.Supervision["ranking"].State == "given up" || await AnsweringAgainAsync(own, "ranking", pid),
                yes => yes, TimeSpan.FromSeconds(120));
            Assert.True(back, $"ranking neither came back nor was given up after kill {kills}");
        }
        var givenUp = await Eventually.GetAsync(() => Task.FromResult(own.System.Supervision["ranking"].State), state => state == "given up", TimeSpan.FromSeconds(10));
        Assert.Equal("given up", givenUp);
        var log = own.LauncherLog();
        Assert.Contains("ranking GIVEN UP", log);
        Assert.Matches(@"ranking \(pid \d+\) exited unasked after [\d.]+ s: killed by signal 9 \(SIGKILL\)", log);

        try
        {
            // The gateway is still ready, and names the part it gave up.
            var ready = await own.Gateway.GetAsync("/health/ready", Cancellation);
            Assert.Equal(HttpStatusCode.OK, ready.StatusCode);
            var report = await ready.Content.ReadFromJsonAsync<JsonElement>(Cancellation);
            Assert.Equal("Degraded", report.GetProperty("status").GetString());
            Assert.Contains("ranking: given up", report.GetProperty("reasons").GetProperty("parts").GetString());
            Assert.Equal("given up", report.GetProperty("parts").GetProperty("ranking").GetProperty("supervision").GetProperty("state").GetString());
            Assert.Equal("Healthy", report.GetProperty("parts").GetProperty("voting").GetProperty("status").GetString());

            // The rest keeps serving: reads, pages and votes.
            Assert.Equal(HttpStatusCode.OK, (await own.Gateway.GetAsync($"/api/articles/{article}", Cancellation)).StatusCode);
            Assert.Equal(HttpStatusCode.OK, (await own.Gateway.GetAsync("/", Cancellation)).StatusCode);
            Assert.Equal(HttpStatusCode.OK, (await voters.VoteAsync(article, await voters.NewReaderAsync())).Status);
            Assert.Equal(1, await voters.ArticleVotesAsync(article, 1));
        }
        finally
        {
            // Started again by hand, as an operator would after fixing the cause.
            await own.System.StartServiceAsync("ranking", new Dictionary<string, string>(), Cancellation);
        }
        Assert.Equal("running", own.System.Supervision["ranking"].State);
        Assert.Equal(1, await Eventually.GetAsync(() => voters.TrendingVotesAsync(article), votes => votes == 1, TimeSpan.FromSeconds(60)));
        await voters.AssertFlowingAgainAsync();
    }

    [Fact]
    public async Task Should_refuse_a_second_launcher_on_the_same_data_folder()
    {
        var second = new LocalSystemOptions { GatewayPort = FreePort.Next(), DataFolder = system.DataFolder, Demo = false };

        var refused = await Assert.ThrowsAsync<LaunchException>(() => LocalSystem.StartAsync(second, TextWriter.Null, Cancellation));

        Assert.Contains("in use by another launcher", refused.Message);
        Assert.Contains(system.DataFolder, refused.Message);
        // The running system was not touched.
        Assert.Equal(HttpStatusCode.OK, (await system.Gateway.GetAsync("/api/articles", Cancellation)).StatusCode);
    }
}
