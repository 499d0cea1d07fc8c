using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;
using Publishing.Launcher;
using Publishing.Testing;

namespace Publishing.EndToEnd.Tests;

public sealed class Operating_the_services(SystemFixture system)
{
    public static TheoryData<string> Services => new(LocalSystem.Services.Select(s => s.Name).Append("gateway"));

    [Theory]
    [MemberData(nameof(Services))]
    public async Task Should_answer_health_probes_and_publish_an_openapi_document(string service)
    {
        using var client = new HttpClient { BaseAddress = system.System.Process(service).Address };

        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/health/live", TestContext.Current.CancellationToken)).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/health/ready", TestContext.Current.CancellationToken)).StatusCode);
        var document = await client.GetFromJsonAsync<JsonElement>("/openapi/v1.json", TestContext.Current.CancellationToken);
        Assert.StartsWith("3.", document.GetProperty("openapi").GetString());
    }

    [Theory]
    [InlineData("/")]
    [InlineData("/articles/no-such-article")]
    public async Task Should_answer_head_requests_for_pages_like_get_without_a_body(string path)
    {
        var cancellation = TestContext.Current.CancellationToken;

        var head = await system.Gateway.SendAsync(new HttpRequestMessage(HttpMethod.Head, path), cancellation);
        var get = await system.Gateway.GetAsync(path, cancellation);

        Assert.Equal(get.StatusCode, head.StatusCode);
        Assert.Equal("text/html", head.Content.Headers.ContentType?.MediaType);
        Assert.Empty(await head.Content.ReadAsByteArrayAsync(cancellation));
    }

    [Fact]
    public async Task Should_answer_a_problem_without_internal_details_when_a_service_is_down()
    {
        var cancellation = TestContext.Current.CancellationToken;
        var articles = system.System.Process("articles");
        articles.Kill();
        try
        {
            var response = await system.Gateway.GetAsync("/api/articles", cancellation);

            Assert.Equal(HttpStatusCode.BadGateway, response.StatusCode);
            Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
            var text = await response.Content.ReadAsStringAsync(cancellation);
            Assert.DoesNotContain("127.0.0.1", text);
            Assert.DoesNotContain(articles.Address.Port.ToString(), text);
            var problem = JsonDocument.Parse(text).RootElement;
            Assert.Equal(502, problem.GetProperty("status").GetInt32());
            Assert.True(problem.TryGetProperty("traceId", out _));
            // The gateway stays ready (it answers for the part that is down) and names that part to operators, once its
            // report of the parts is renewed (it is shared for a second, and may have been made before the kill).
            var (readyStatus, report) = await Eventually.GetAsync(async () =>
            {
                using var ready = await system.Gateway.GetAsync("/health/ready", cancellation);
                return (ready.StatusCode, await ready.Content.ReadFromJsonAsync<JsonElement>(cancellation));
            }, answer => answer.Item2.GetProperty("parts").GetProperty("articles").GetProperty("status").GetString() != "Healthy", TimeSpan.FromSeconds(10));
            Assert.Equal(HttpStatusCode.OK, readyStatus);
            Assert.Equal("Degraded", report.GetProperty("status").GetString());
            Assert.Contains("articles", report.GetProperty("reasons").GetProperty("parts").GetString());
            Assert.NotEqual("Healthy", report.GetProperty("parts").GetProperty("articles").GetProperty("status").GetString());
        }
        finally
        {
            await system.System.StartServiceAsync("articles", new Dictionary<string, string>(), cancellation);
        }
        using var voters = new Voters(system);
        await voters.AssertFlowingAgainAsync();
    }

    [Fact]
    public async Task Should_move_a_restarted_service_to_another_port_when_another_program_took_its_own()
    {
        var cancellation = TestContext.Current.CancellationToken;
        var ranking = system.System.Process("ranking");
        ranking.Kill();
        // Another program on Ranking's port, ready by every probe and knowing nothing of the lists.
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls(ranking.Address.ToString());
        builder.Logging.ClearProviders();
        await using var squatter = builder.Build();
        squatter.MapGet("/health/{probe}", () => Results.Ok());
        await squatter.StartAsync(cancellation);

        await system.System.StartServiceAsync("ranking", new Dictionary<string, string>(), cancellation);

        Assert.NotEqual(ranking.Address, system.System.Process("ranking").Address);
        var trending = await system.Gateway.GetAsync("/api/trending", cancellation);
        Assert.Equal(HttpStatusCode.OK, trending.StatusCode);
        Assert.True((await trending.Content.ReadFromJsonAsync<JsonElement>(cancellation)).TryGetProperty("items", out _));
        await squatter.StopAsync(cancellation);
        using var voters = new Voters(system);
        await voters.AssertFlowingAgainAsync();
    }
}
