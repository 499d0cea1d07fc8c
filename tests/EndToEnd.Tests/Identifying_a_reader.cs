using System.Net;
using System.Net.Http.Json;
using System.Text.Json;

namespace Publishing.EndToEnd.Tests;

/// <summary>Only the gateway's signed cookie says who a reader is; nothing a client makes up is believed.</summary>
public sealed class Identifying_a_reader(Publishing.Testing.SystemFixture system) : IDisposable
{
    private readonly Voters _voters = new(system);

    public static TheoryData<string?, string> RefusedCookies => new()
    {
        { null, "no cookie" },
        { "CfDJ8Forged0Cookie0Value0That0No0Key0Ring0Ever0Signed", "a forged cookie" },
        { "6f9619ff8b86d011b42d00cf4fc964ff", "a made-up reader id" },
    };

    [Theory]
    [MemberData(nameof(RefusedCookies))]
    public async Task Should_answer_401_to_a_vote_without_a_valid_cookie_and_count_nothing(string? cookie, string what)
    {
        var (article, _) = await _voters.PublishedArticleAsync();

        foreach (var method in new[] { HttpMethod.Post, HttpMethod.Delete })
        {
            var response = await _voters.SendRawAsync(method, $"/api/articles/{article}/votes", cookie);
            Assert.True(response.StatusCode == HttpStatusCode.Unauthorized, $"{method} with {what} answered {(int)response.StatusCode}");
            Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        }
        Assert.Equal(0, (await _voters.GetAsync(article)).Count);
    }

    [Fact]
    public async Task Should_answer_401_to_a_tampered_cookie()
    {
        var (article, _) = await _voters.PublishedArticleAsync();
        var reader = await _voters.NewReaderAsync();
        var middle = reader.Cookie.Length / 2;
        var tampered = reader.Cookie[..middle] + (reader.Cookie[middle] == 'A' ? 'B' : 'A') + reader.Cookie[(middle + 1)..];

        var response = await _voters.SendRawAsync(HttpMethod.Post, $"/api/articles/{article}/votes", tampered);

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Equal(0, (await _voters.GetAsync(article)).Count);
    }

    [Fact]
    public async Task Should_ignore_identity_headers_the_client_sends()
    {
        var (article, _) = await _voters.PublishedArticleAsync();
        var reader = await _voters.NewReaderAsync();
        var victim = await _voters.NewReaderAsync();
        (string, string)[] claims = [("X-Reader-Id", victim.Id), ("X-Publishing-Reader", victim.Id)];

        var withoutCookie = await _voters.SendRawAsync(HttpMethod.Post, $"/api/articles/{article}/votes", null, claims);
        var withCookie = await _voters.SendRawAsync(HttpMethod.Post, $"/api/articles/{article}/votes", reader.Cookie, claims);

        Assert.Equal(HttpStatusCode.Unauthorized, withoutCookie.StatusCode);
        Assert.Equal(HttpStatusCode.OK, withCookie.StatusCode);
        Assert.True((await _voters.GetAsync(article, reader)).Voted, "the vote was not counted for the reader of the cookie");
        Assert.Equal(new Voters.Votes(HttpStatusCode.OK, 1, false), await _voters.GetAsync(article, victim));
    }

    [Fact]
    public async Task Should_answer_429_with_retry_after_to_a_reader_voting_far_more_often_than_a_person_can()
    {
        var (article, _) = await _voters.PublishedArticleAsync();
        var reader = await _voters.NewReaderAsync();

        HttpResponseMessage? refused = null;
        for (var i = 0; i < 200 && refused is null; i++)
        {
            var response = await _voters.SendRawAsync(i % 2 == 0 ? HttpMethod.Post : HttpMethod.Delete, $"/api/articles/{article}/votes", reader.Cookie);
            refused = response.StatusCode == HttpStatusCode.TooManyRequests ? response : null;
        }

        Assert.NotNull(refused);
        Assert.True(refused.Headers.RetryAfter?.Delta > TimeSpan.Zero, "no Retry-After");
        Assert.Equal("application/problem+json", refused.Content.Headers.ContentType?.MediaType);
        Assert.Equal(429, (await refused.Content.ReadFromJsonAsync<JsonElement>(TestContext.Current.CancellationToken)).GetProperty("status").GetInt32());
        // Another reader is not held back by this one.
        Assert.Equal(HttpStatusCode.OK, (await _voters.VoteAsync(article, await _voters.NewReaderAsync())).Status);
    }

    public void Dispose() => _voters.Dispose();
}
