using System.Net;
using System.Net.Http.Json;
using System.Text.Json;

namespace Publishing.Gateway.Tests;

public sealed class Limiting_rates : IAsyncLifetime
{
    private readonly GatewayFactory _gateway = new(new Dictionary<string, string>
    {
        ["RateLimits:ReadersPerAddress:PermitLimit"] = "3",
        ["RateLimits:ReadersPerAddress:Window"] = "00:01:00",
        ["RateLimits:VotesPerReader:PermitLimit"] = "2",
        ["RateLimits:VotesPerReader:Window"] = "00:00:30",
    });

    private static CancellationToken Cancellation => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Should_answer_429_problem_with_retry_after_to_a_client_creating_too_many_readers()
    {
        using var client = _gateway.Client();
        for (var i = 0; i < 3; i++)
        {
            Assert.Equal(HttpStatusCode.Created, (await client.PostAsync("/api/readers", null, Cancellation)).StatusCode);
        }

        var refused = await client.PostAsync("/api/readers", null, Cancellation);

        await AssertTooManyAsync(refused);
        Assert.False(refused.Headers.Contains("Set-Cookie"), "a refused request made a reader");
    }

    [Fact]
    public async Task Should_not_let_a_client_escape_its_address_limit_by_claiming_other_addresses()
    {
        using var client = _gateway.Client();
        var answers = new List<HttpStatusCode>();
        for (var i = 0; i < 4; i++)
        {
            var request = new HttpRequestMessage(HttpMethod.Post, "/api/readers");
            request.Headers.Add("X-Forwarded-For", $"203.0.113.{i + 1}");
            answers.Add((await client.SendAsync(request, Cancellation)).StatusCode);
        }

        Assert.Equal([HttpStatusCode.Created, HttpStatusCode.Created, HttpStatusCode.Created, HttpStatusCode.TooManyRequests], answers);
    }

    /// <summary>One new reader asked for from each address in turn, through a trusted proxy that names it; the answers.</summary>
    private static async Task<HttpStatusCode[]> CreateReadersFromAsync(params string[] addresses)
    {
        await using var behindProxy = new GatewayFactory(new Dictionary<string, string>
        {
            ["RateLimits:ReadersPerAddress:PermitLimit"] = "1",
            ["RateLimits:TrustedProxyNetworks:0"] = "127.0.0.0/8",
        });
        using var client = behindProxy.CreateClient();
        var answers = new List<HttpStatusCode>();
        foreach (var address in addresses)
        {
            var request = new HttpRequestMessage(HttpMethod.Post, "/api/readers");
            request.Headers.Add("X-Forwarded-For", address);
            answers.Add((await client.SendAsync(request, Cancellation)).StatusCode);
        }
        return [.. answers];
    }

    [Fact]
    public async Task Should_count_the_address_a_trusted_proxy_forwards() =>
        Assert.Equal(
            [HttpStatusCode.Created, HttpStatusCode.Created, HttpStatusCode.TooManyRequests],
            await CreateReadersFromAsync("203.0.113.1", "203.0.113.2", "203.0.113.2"));

    [Fact]
    public async Task Should_count_readers_made_by_the_pages_own_request_against_the_address_limit()
    {
        using var client = _gateway.Client();
        var cookies = new List<bool>();
        for (var i = 0; i < 4; i++)
        {
            var response = await client.GetAsync("/api/readers/me", Cancellation);
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            cookies.Add(response.Headers.TryGetValues("Set-Cookie", out var set) && set.Any(c => c.StartsWith("reader=", StringComparison.Ordinal)));
        }

        Assert.Equal([true, true, true, false], cookies);
        await AssertTooManyAsync(await client.PostAsync("/api/readers", null, Cancellation));
    }

    [Theory]
    [InlineData("/")]
    [InlineData("/articles/some-story")]
    public async Task Should_make_no_reader_for_a_page(string page)
    {
        using var client = _gateway.Client();
        for (var i = 0; i < 4; i++)
        {
            Assert.False((await client.GetAsync(page, Cancellation)).Headers.Contains("Set-Cookie"), "a page set a cookie");
        }

        // The address's budget of new readers is untouched.
        Assert.Equal(HttpStatusCode.Created, (await client.PostAsync("/api/readers", null, Cancellation)).StatusCode);
    }

    [Fact]
    public async Task Should_count_the_addresses_of_one_IPv6_64_network_as_one() =>
        Assert.Equal(
            [HttpStatusCode.Created, HttpStatusCode.TooManyRequests, HttpStatusCode.Created],
            await CreateReadersFromAsync("2001:db8:1:2::1", "2001:db8:1:2:ffff:ffff:ffff:fffe", "2001:db8:1:3::1"));

    [Theory]
    [InlineData("/api/recommendations")]
    [InlineData("/api/articles/6f9619ff-8b86-d011-b42d-00cf4fc964ff/related")]
    public async Task Should_answer_429_to_an_address_asking_for_computed_lists_too_often(string path)
    {
        await using var limited = new GatewayFactory(new Dictionary<string, string> { ["RateLimits:ListsPerAddress:PermitLimit"] = "2" });
        using var client = limited.Client();
        for (var i = 0; i < 2; i++)
        {
            Assert.NotEqual(HttpStatusCode.TooManyRequests, (await client.GetAsync(path, Cancellation)).StatusCode);
        }

        await AssertTooManyAsync(await client.GetAsync(path, Cancellation));
    }

    [Fact]
    public void Should_limit_one_address_by_default_to_what_a_household_votes()
    {
        var defaults = new Publishing.Gateway.RateLimits.RateLimitSettings();

        Assert.InRange(defaults.VotesPerAddress.PermitLimit / defaults.VotesPerAddress.Window.TotalMinutes, 1, 5 * defaults.VotesPerReader.PermitLimit / defaults.VotesPerReader.Window.TotalMinutes);
        Assert.InRange(defaults.ReadersPerAddress.PermitLimit / defaults.ReadersPerAddress.Window.TotalHours, 1, 200);
    }

    [Fact]
    public async Task Should_answer_429_problem_with_retry_after_to_a_reader_voting_too_often_and_not_to_others()
    {
        var eager = await _gateway.NewReaderAsync();
        var other = await _gateway.NewReaderAsync();
        using var client = _gateway.Client();
        var path = $"/api/articles/{Guid.NewGuid()}/votes";

        var answers = new List<HttpResponseMessage>();
        foreach (var method in new[] { HttpMethod.Post, HttpMethod.Delete, HttpMethod.Post })
        {
            answers.Add(await client.SendAsync(AsReader(method, path, eager.Cookie), Cancellation));
        }

        Assert.All(answers.Take(2), a => Assert.NotEqual(HttpStatusCode.TooManyRequests, a.StatusCode));
        await AssertTooManyAsync(answers[2]);
        Assert.NotEqual(HttpStatusCode.TooManyRequests, (await client.SendAsync(AsReader(HttpMethod.Post, path, other.Cookie), Cancellation)).StatusCode);
        Assert.NotEqual(HttpStatusCode.TooManyRequests, (await client.SendAsync(AsReader(HttpMethod.Get, path, eager.Cookie), Cancellation)).StatusCode);
    }

    private static HttpRequestMessage AsReader(HttpMethod method, string path, string cookie)
    {
        var request = new HttpRequestMessage(method, path);
        request.Headers.Add("Cookie", "reader=" + cookie);
        return request;
    }

    private static async Task AssertTooManyAsync(HttpResponseMessage response)
    {
        Assert.Equal(HttpStatusCode.TooManyRequests, response.StatusCode);
        var retryAfter = response.Headers.RetryAfter?.Delta;
        Assert.NotNull(retryAfter);
        Assert.InRange(retryAfter.Value, TimeSpan.FromSeconds(1), TimeSpan.FromMinutes(1));
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var problem = await response.Content.ReadFromJsonAsync<JsonElement>(Cancellation);
        Assert.Equal(429, problem.GetProperty("status").GetInt32());
        Assert.False(string.IsNullOrEmpty(problem.GetProperty("traceId").GetString()));
    }

    public ValueTask InitializeAsync() => ValueTask.CompletedTask;

    public ValueTask DisposeAsync() => _gateway.DisposeAsync();
}
