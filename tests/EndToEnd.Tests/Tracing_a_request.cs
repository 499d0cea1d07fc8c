using System.Diagnostics;
using System.Net;
using System.Net.Http.Json;
using Publishing.Testing;

namespace Publishing.EndToEnd.Tests;

public sealed class Tracing_a_request(SystemFixture system)
{
    [Fact]
    public async Task Should_follow_a_submission_from_the_gateway_over_the_broker_into_the_consumer()
    {
        // The caller starts the trace, as an operator's client would; every process must continue it.
        var traceId = ActivityTraceId.CreateRandom().ToHexString();
        using var newsroom = system.Newsroom();
        using var request = new HttpRequestMessage(HttpMethod.Post, "/api/ingest/articles")
        {
            Content = JsonContent.Create(new
            {
                externalId = "trace-" + Guid.NewGuid().ToString("N"),
                headline = "Traced from end to end",
                body = "<p>Body</p>",
            }),
        };
        request.Headers.Add("traceparent", $"00-{traceId}-{ActivitySpanId.CreateRandom().ToHexString()}-01");

        var response = await newsroom.SendAsync(request, TestContext.Current.CancellationToken);
        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);

        (string Service, ActivityKind Kind)[] expected =
        [
            ("gateway", ActivityKind.Server),
            ("gateway", ActivityKind.Client),
            ("ingest", ActivityKind.Server),
            ("ingest", ActivityKind.Producer),
            ("articles", ActivityKind.Consumer),
        ];
        var spans = await system.Traces.WaitForAsync(
            all => expected.All(e => all.Any(s => s.TraceId == traceId && s.Service == e.Service && s.Kind == e.Kind)),
            TimeSpan.FromSeconds(30));
        var trace = spans.Where(s => s.TraceId == traceId).ToList();

        foreach (var (service, kind) in expected)
        {
            Assert.True(trace.Any(s => s.Service == service && s.Kind == kind), $"no {kind} span of {service} in the trace: {string.Join(", ", trace.Select(s => s.Service + ":" + s.Name))}");
        }
    }
}
