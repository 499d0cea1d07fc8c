using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Nodes;
using Publishing.Newsroom;
using Publishing.Testing;

namespace Publishing.EndToEnd.Tests;

/// <summary><c>tools/Newsroom</c>, run as a newsroom runs it, against the real system through the gateway.</summary>
public sealed class Publishing_with_the_newsroom_tool(SystemFixture system) : IDisposable
{
    private static CancellationToken Cancellation => TestContext.Current.CancellationToken;
    private readonly string _folder = Directory.CreateTempSubdirectory("publishing-newsroom-").FullName;
    private readonly string _run = Guid.NewGuid().ToString("N")[..12];

    [Fact]
    public async Task Should_publish_a_folder_report_the_refused_item_and_send_nothing_twice_when_run_again()
    {
        var articles = Directory.CreateDirectory(Path.Combine(_folder, "articles")).FullName;
        File.WriteAllText(Path.Combine(articles, "one.json"), Article("one").ToJsonString());
        File.WriteAllText(Path.Combine(articles, "two-and-three.json"), new JsonArray(Article("two"), Article("three")).ToJsonString());
        var refusedItem = Article("no-headline");
        refusedItem.Remove("headline");
        File.WriteAllText(Path.Combine(articles, "more.ndjson"), Article("four").ToJsonString() + "\n\n" + refusedItem.ToJsonString() + "\n");

        var (exit, output) = await RunAsync("publish", articles);

        Assert.Equal(NewsroomCommand.SomeRefused, exit);
        Assert.Contains("5 items: 4 accepted, 0 accepted before (not sent again), 1 refused", output);
        Assert.Contains("invalid: headline:", output);
        Assert.Equal([refusedItem.ToJsonString()], File.ReadAllLines(Path.Combine(_folder, "refused.ndjson")));
        var reason = JsonNode.Parse(File.ReadAllLines(Path.Combine(_folder, "refused.reasons.ndjson")).Single())!;
        Assert.Equal("invalid", (string?)reason["status"]);
        Assert.EndsWith("more.ndjson:3", (string?)reason["origin"]);
        Assert.NotNull(reason["errors"]!["headline"]);
        foreach (var name in new[] { "one", "two", "three", "four" })
        {
            var latest = await Eventually.GetAsync(() => system.Gateway.GetStringAsync("/api/articles?topic=newsroom-tool&limit=100", Cancellation), text => text.Contains(Headline(name)));
            Assert.Contains(Headline(name), latest);
        }

        // A newer revision of "one" meanwhile: had the rerun sent revision 1 again, the API would refuse it (409).
        using var newsroom = system.Newsroom();
        var newer = Article("one");
        newer["revision"] = 2;
        Assert.Equal(HttpStatusCode.Accepted, (await newsroom.PostAsJsonAsync("/api/ingest/articles", newer, Cancellation)).StatusCode);
        // The newsroom fixes the refused item in the refused file and publishes that file.
        refusedItem["headline"] = Headline("no-headline");
        File.WriteAllText(Path.Combine(_folder, "fixed.ndjson"), refusedItem.ToJsonString() + "\n");

        var (again, rerun) = await RunAsync("publish", articles);
        var (fixedExit, fixedOutput) = await RunAsync("publish", Path.Combine(_folder, "fixed.ndjson"));

        Assert.Contains("5 items: 0 accepted, 4 accepted before (not sent again), 1 refused", rerun);
        Assert.DoesNotContain("conflict", rerun);
        Assert.Equal(NewsroomCommand.SomeRefused, again);
        Assert.Equal(NewsroomCommand.Succeeded, fixedExit);
        Assert.Contains("1 items: 1 accepted, 0 accepted before", fixedOutput);
    }

    [Fact]
    public async Task Should_withdraw_by_external_id_and_say_which_ones_the_newsroom_does_not_have()
    {
        var file = Path.Combine(_folder, "one.json");
        File.WriteAllText(file, Article("withdrawn").ToJsonString());
        Assert.Equal(NewsroomCommand.Succeeded, (await RunAsync("publish", file)).Exit);
        var id = await IdOfAsync("withdrawn");

        var (exit, output) = await RunAsync("withdraw", ExternalId("withdrawn"), "never-published-" + _run);

        Assert.Equal(NewsroomCommand.SomeRefused, exit);
        Assert.Contains($"withdrawn: {ExternalId("withdrawn")}", output);
        Assert.Contains($"unknown: never-published-{_run}", output);
        var gone = await Eventually.GetAsync(() => system.Gateway.GetAsync($"/api/articles/{id}", Cancellation), r => r.StatusCode == HttpStatusCode.Gone);
        Assert.Equal(HttpStatusCode.Gone, gone.StatusCode);
    }

    [Fact]
    public async Task Should_stop_with_a_clear_message_when_the_key_is_refused()
    {
        var file = Path.Combine(_folder, "one.json");
        File.WriteAllText(file, Article("unkeyed").ToJsonString());

        var (exit, output) = await RunAsync("publish", file, "--key", "not-a-key");

        Assert.Equal(NewsroomCommand.Failed, exit);
        Assert.Contains("The API key was refused", output);
    }

    private async Task<string> IdOfAsync(string name)
    {
        var found = await Eventually.GetAsync(() => system.Gateway.GetStringAsync("/api/articles?topic=newsroom-tool&limit=100", Cancellation), text => text.Contains(Headline(name)));
        return JsonDocument.Parse(found).RootElement.GetProperty("items").EnumerateArray().Single(i => i.GetProperty("headline").GetString() == Headline(name)).GetProperty("id").GetString()!;
    }

    private async Task<(int Exit, string Output)> RunAsync(params string[] args)
    {
        using var output = new StringWriter();
        string[] common = ["--gateway", system.System.GatewayUrl.ToString(), "--key", system.System.IngestKey, "--batch-size", "2",
            "--state", Path.Combine(_folder, "sent.txt"), "--refused", Path.Combine(_folder, "refused.ndjson")];
        // The options given last win: a test's own --key replaces the system's.
        var exit = await NewsroomCommand.RunAsync([args[0], .. common, .. args[1..]], output, output, Stream.Null, Cancellation);
        TestContext.Current.TestOutputHelper?.WriteLine(output.ToString());
        return (exit, output.ToString());
    }

    private string ExternalId(string name) => $"newsroom-{_run}-{name}";

    private string Headline(string name) => $"Newsroom tool {_run}: {name}";

    private JsonObject Article(string name) => new()
    {
        ["externalId"] = ExternalId(name),
        ["headline"] = Headline(name),
        ["body"] = $"<p>Published with the newsroom tool ({name}).</p>",
        ["topics"] = new JsonArray("newsroom-tool"),
    };

    public void Dispose()
    {
        try { Directory.Delete(_folder, recursive: true); }
        catch (IOException) { }
    }
}
