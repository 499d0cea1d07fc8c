using System.Net;

namespace Publishing.Gateway.Tests;

/// <summary>
/// The article page's vote form (for readers without the script) as far as the gateway decides alone: who may post it
/// and how often. That it counts is a browser test against the whole system.
/// </summary>
public sealed class Voting_from_the_page : IAsyncLifetime
{
    private readonly GatewayFactory _gateway = new(new Dictionary<string, string>
    {
        ["RateLimits:VotesPerReader:PermitLimit"] = "2",
    });

    private static CancellationToken Cancellation => TestContext.Current.CancellationToken;

    private static HttpRequestMessage VoteForm(string cookie, string? origin = null, string? fetchSite = null)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, "/articles/some-story/vote")
        {
            Content = new FormUrlEncodedContent([new("vote", "cast")]),
        };
        request.Headers.Add("Cookie", "reader=" + cookie);
        if (origin is not null)
        {
            request.Headers.Add("Origin", origin);
        }
        if (fetchSite is not null)
        {
            request.Headers.Add("Sec-Fetch-Site", fetchSite);
        }
        return request;
    }

    [Theory]
    [InlineData("https://elsewhere.example", null)]
    [InlineData(null, "cross-site")]
    public async Task Should_refuse_a_vote_form_posted_from_another_site(string? origin, string? fetchSite)
    {
        var (_, cookie) = await _gateway.NewReaderAsync();
        using var client = _gateway.Client();

        var response = await client.SendAsync(VoteForm(cookie, origin, fetchSite), Cancellation);

        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
    }

    [Fact]
    public async Task Should_send_a_reader_without_a_cookie_back_to_the_article_to_get_one()
    {
        using var client = _gateway.Client();
        var request = new HttpRequestMessage(HttpMethod.Post, "/articles/some-story/vote") { Content = new FormUrlEncodedContent([new("vote", "cast")]) };

        var response = await client.SendAsync(request, Cancellation);

        Assert.Equal(HttpStatusCode.SeeOther, response.StatusCode);
        Assert.Equal("/articles/some-story#vote", response.Headers.Location?.OriginalString);
    }

    [Fact]
    public async Task Should_count_the_form_against_the_readers_vote_limit()
    {
        var (_, cookie) = await _gateway.NewReaderAsync();
        using var client = _gateway.Client();
        var answers = new List<HttpStatusCode>();
        for (var i = 0; i < 3; i++)
        {
            answers.Add((await client.SendAsync(VoteForm(cookie, origin: "http://localhost"), Cancellation)).StatusCode);
        }

        Assert.Equal([HttpStatusCode.SeeOther, HttpStatusCode.SeeOther, HttpStatusCode.TooManyRequests], answers);
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task Should_answer_413_problem_to_a_form_over_1_KiB(bool knownLength)
    {
        var (_, cookie) = await _gateway.NewReaderAsync();
        using var client = _gateway.Client();
        var request = VoteForm(cookie, origin: "http://localhost");
        var form = "vote=cast&padding=" + new string('a', 1024);
        request.Content = knownLength
            ? new StringContent(form)
            : new StreamContent(new UnknownLengthStream(System.Text.Encoding.ASCII.GetBytes(form)));
        request.Content.Headers.ContentType = new("application/x-www-form-urlencoded");

        var response = await client.SendAsync(request, Cancellation);

        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
    }

    public ValueTask InitializeAsync() => ValueTask.CompletedTask;

    public async ValueTask DisposeAsync() => await _gateway.DisposeAsync();
}
