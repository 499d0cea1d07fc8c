using System.IO.Compression;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.RegularExpressions;
using Publishing.Testing;

namespace Publishing.EndToEnd.Tests;

/// <summary>
/// What is the same for every reader (pages, articles, lists but recommendations) is cacheable by the gateway and by
/// anything in front of it; what is a reader's own never is.
/// </summary>
public sealed class Caching_what_readers_share(SystemFixture system)
{
    private static CancellationToken Cancellation => TestContext.Current.CancellationToken;

    /// <summary>A client that keeps no cookies and decompresses nothing, so that the tests see the bytes as sent.</summary>
    private readonly HttpClient _client = new(new SocketsHttpHandler { UseCookies = false, AutomaticDecompression = DecompressionMethods.None, AllowAutoRedirect = false })
    {
        BaseAddress = system.System.GatewayUrl,
    };

    private async Task<(Guid Id, string Slug)> PublishedAsync()
    {
        using var newsroom = system.Newsroom();
        var response = await newsroom.PostAsJsonAsync("/api/ingest/articles", new
        {
            externalId = "cache-" + Guid.NewGuid().ToString("N"),
            headline = "A story every reader shares",
            body = "<p>" + string.Concat(Enumerable.Repeat("The same words for every reader. ", 40)) + "</p>",
            topics = new[] { "world" },
        }, Cancellation);
        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        var receipt = await response.Content.ReadFromJsonAsync<JsonElement>(Cancellation);
        var id = receipt.GetProperty("id").GetGuid();
        await Eventually.GetAsync(() => _client.GetAsync($"/api/articles/{id}/related", Cancellation), r => r.StatusCode == HttpStatusCode.OK);
        return (id, receipt.GetProperty("slug").GetString()!);
    }

    private Task<HttpResponseMessage> GetAsync(string path, string? encoding = null, string? ifNoneMatch = null, string? cookie = null)
    {
        var request = new HttpRequestMessage(HttpMethod.Get, path);
        if (encoding is not null) { request.Headers.TryAddWithoutValidation("Accept-Encoding", encoding); }
        if (ifNoneMatch is not null) { request.Headers.TryAddWithoutValidation("If-None-Match", ifNoneMatch); }
        if (cookie is not null) { request.Headers.Add("Cookie", "reader=" + cookie); }
        return _client.SendAsync(request, Cancellation);
    }

    public static TheoryData<string> SharedPaths => ["/", "/articles/{slug}", "/api/articles/{id}", "/api/articles?limit=5", "/api/trending", "/api/articles/{id}/related"];

    [Theory]
    [MemberData(nameof(SharedPaths))]
    public async Task Should_answer_what_every_reader_shares_with_public_caching_an_etag_and_304(string template)
    {
        var (id, slug) = await PublishedAsync();
        var path = template.Replace("{slug}", slug).Replace("{id}", id.ToString());
        var (_, reader) = await NewReaderAsync();

        using var first = await GetAsync(path, cookie: reader);

        Assert.Equal(HttpStatusCode.OK, first.StatusCode);
        Assert.False(first.Headers.Contains("Set-Cookie"), "a shared answer set a cookie");
        var cacheControl = first.Headers.CacheControl!;
        Assert.True(cacheControl.Public);
        Assert.Equal(TimeSpan.FromSeconds(1), cacheControl.SharedMaxAge);
        Assert.Contains(first.Headers.Vary, value => value.Equals("Accept-Encoding", StringComparison.OrdinalIgnoreCase));
        // Trending's scores move on every second: a repeat that falls into the next one may rightly differ, so up to three tries.
        var tag = first.Headers.ETag!.Tag;
        var again = await GetAsync(path, ifNoneMatch: tag);
        for (var attempt = 1; attempt < 3 && again.StatusCode == HttpStatusCode.OK; attempt++)
        {
            tag = again.Headers.ETag!.Tag;
            again.Dispose();
            again = await GetAsync(path, ifNoneMatch: tag);
        }
        Assert.Equal(HttpStatusCode.NotModified, again.StatusCode);
        Assert.Empty(await again.Content.ReadAsByteArrayAsync(Cancellation));
        again.Dispose();
        using var other = await GetAsync(path, ifNoneMatch: "\"something-else\"");
        Assert.Equal(HttpStatusCode.OK, other.StatusCode);
    }

    [Theory]
    [InlineData("br")]
    [InlineData("gzip")]
    public async Task Should_compress_pages_and_json_for_a_client_that_accepts_it(string encoding)
    {
        var (id, slug) = await PublishedAsync();
        // Each form is built on its own (trending's scores move with the clock): what matters is that it says the same.
        foreach (var (path, says) in new (string, string)[] { ($"/articles/{slug}", "A story every reader shares"), ($"/api/articles/{id}", id.ToString()), ("/api/trending", "\"items\":") })
        {
            using var plain = await GetAsync(path);
            using var compressed = await GetAsync(path, encoding);

            Assert.Empty(plain.Content.Headers.ContentEncoding);
            Assert.Equal([encoding], compressed.Content.Headers.ContentEncoding);
            var bytes = await compressed.Content.ReadAsByteArrayAsync(Cancellation);
            var original = await plain.Content.ReadAsByteArrayAsync(Cancellation);
            if (path.StartsWith("/articles/", StringComparison.Ordinal))
            {
                // A page is large enough to shrink for sure; a list of one article may not.
                Assert.True(bytes.Length < original.Length / 2, $"{path}: {bytes.Length} bytes compressed, {original.Length} plain");
            }
            Assert.Contains(says, System.Text.Encoding.UTF8.GetString(Decompress(bytes, encoding)));
            // Each form has its own tag: a cache must not answer one with the other.
            Assert.NotEqual(plain.Headers.ETag, compressed.Headers.ETag);
        }
    }

    private static byte[] Decompress(byte[] bytes, string encoding)
    {
        using var input = new MemoryStream(bytes);
        using Stream decompressing = encoding == "br" ? new BrotliStream(input, CompressionMode.Decompress) : new GZipStream(input, CompressionMode.Decompress);
        using var output = new MemoryStream();
        decompressing.CopyTo(output);
        return output.ToArray();
    }

    [Fact]
    public async Task Should_never_let_a_cache_keep_what_is_a_readers_own()
    {
        var (id, _) = await PublishedAsync();
        var (readerId, cookie) = await NewReaderAsync();
        using var vote = new HttpRequestMessage(HttpMethod.Post, $"/api/articles/{id}/votes");
        vote.Headers.Add("Cookie", "reader=" + cookie);
        Assert.Equal(HttpStatusCode.OK, (await _client.SendAsync(vote, Cancellation)).StatusCode);

        foreach (var path in new[] { $"/api/articles/{id}/votes", "/api/recommendations", $"/api/readers/me?article={id}" })
        {
            using var response = await GetAsync(path, cookie: cookie);
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            Assert.False(response.Headers.CacheControl?.Public ?? false, path);
            Assert.True(response.Headers.CacheControl?.NoStore, path);
            Assert.Null(response.Headers.ETag);
        }

        using var mine = await GetAsync($"/api/readers/me?article={id}", cookie: cookie);
        var part = await mine.Content.ReadFromJsonAsync<JsonElement>(Cancellation);
        Assert.Equal(readerId, part.GetProperty("readerId").GetString());
        Assert.True(part.GetProperty("votes").GetProperty("voted").GetBoolean());
        Assert.Equal(1, part.GetProperty("votes").GetProperty("count").GetInt64());
        Assert.True(part.GetProperty("recommendations").GetProperty("items").GetArrayLength() > 0);
        // Another reader asking right after gets their own answer, not the first one's.
        var (otherId, otherCookie) = await NewReaderAsync();
        using var theirs = await GetAsync($"/api/readers/me?article={id}", cookie: otherCookie);
        var otherPart = await theirs.Content.ReadFromJsonAsync<JsonElement>(Cancellation);
        Assert.Equal(otherId, otherPart.GetProperty("readerId").GetString());
        Assert.False(otherPart.GetProperty("votes").GetProperty("voted").GetBoolean());
    }

    [Fact]
    public async Task Should_give_a_reader_without_a_cookie_one_with_their_own_part_and_refuse_bad_input()
    {
        var (id, _) = await PublishedAsync();

        using var fresh = await GetAsync($"/api/readers/me?article={id}");

        Assert.Equal(HttpStatusCode.OK, fresh.StatusCode);
        Assert.Contains(fresh.Headers.GetValues("Set-Cookie"), value => value.StartsWith("reader=", StringComparison.Ordinal));
        using var invalid = await GetAsync("/api/readers/me?article=not-an-id&limit=0");
        Assert.Equal(HttpStatusCode.BadRequest, invalid.StatusCode);
        Assert.Equal("application/problem+json", invalid.Content.Headers.ContentType?.MediaType);
        var errors = (await invalid.Content.ReadFromJsonAsync<JsonElement>(Cancellation)).GetProperty("errors");
        Assert.True(errors.TryGetProperty("article", out _));
        Assert.True(errors.TryGetProperty("limit", out _));
        Assert.False(invalid.Headers.Contains("Set-Cookie"));
    }

    [Fact]
    public async Task Should_show_a_vote_on_the_shared_page_soon_after_it_is_cast()
    {
        var (id, slug) = await PublishedAsync();
        using var before = await GetAsync($"/articles/{slug}");
        Assert.Contains("data-vote-count>0<", await before.Content.ReadAsStringAsync(Cancellation));
        var (_, cookie) = await NewReaderAsync();
        using var vote = new HttpRequestMessage(HttpMethod.Post, $"/api/articles/{id}/votes");
        vote.Headers.Add("Cookie", "reader=" + cookie);
        Assert.Equal(HttpStatusCode.OK, (await _client.SendAsync(vote, Cancellation)).StatusCode);

        var after = await Eventually.GetAsync(async () => await (await GetAsync($"/articles/{slug}")).Content.ReadAsStringAsync(Cancellation),
            page => page.Contains("data-vote-count>1<", StringComparison.Ordinal), TimeSpan.FromSeconds(5));
        Assert.Contains("data-vote-count>1<", after);
        Assert.Contains("aria-pressed=\"false\"", after);
    }

    [Fact]
    public async Task Should_show_a_vote_in_the_ranking_of_every_page_within_the_freshness_window()
    {
        var (id, _) = await PublishedAsync();
        var (_, page) = await PublishedAsync();
        // The page is built and kept now, with what trends now (read once for the whole site).
        Assert.Equal(HttpStatusCode.OK, (await GetAsync($"/articles/{page}")).StatusCode);
        for (var i = 0; i < 4; i++)
        {
            var (_, cookie) = await NewReaderAsync();
            using var vote = new HttpRequestMessage(HttpMethod.Post, $"/api/articles/{id}/votes");
            vote.Headers.Add("Cookie", "reader=" + cookie);
            Assert.Equal(HttpStatusCode.OK, (await _client.SendAsync(vote, Cancellation)).StatusCode);
        }

        // From the moment Ranking itself lists it among the eight the page shows, the page may be one freshness window
        // (1 s) behind, no more; the margin is for a busy machine. (Other tests vote on the same system, so four votes
        // need not make it first.)
        using var ranking = new HttpClient { BaseAddress = system.System.Process("ranking").Address };
        var listed = await Eventually.GetAsync(() => ranking.GetFromJsonAsync<JsonElement>("/api/trending?limit=8", Cancellation),
            list => list.GetProperty("items").EnumerateArray().Any(item => item.GetProperty("id").GetGuid() == id));
        Assert.Contains(id, listed.GetProperty("items").EnumerateArray().Select(item => item.GetProperty("id").GetGuid()));
        var ranked = System.Diagnostics.Stopwatch.StartNew();
        var shown = await Eventually.GetAsync(async () => Ranked(await (await GetAsync($"/articles/{page}")).Content.ReadAsStringAsync(Cancellation)),
            ids => ids.Contains(id.ToString()), TimeSpan.FromSeconds(10));
        Assert.Contains(id.ToString(), shown);
        Assert.True(ranked.Elapsed < TimeSpan.FromSeconds(3), $"the page listed the article in its Ranking {ranked.Elapsed.TotalSeconds:F1} s after Ranking did");
    }

    /// <summary>The ids of the articles of the page's Ranking list.</summary>
    private static IReadOnlyList<string> Ranked(string page)
    {
        var start = page.IndexOf("id=\"ranking\"", StringComparison.Ordinal);
        if (start < 0)
        {
            return [];
        }
        var end = page.IndexOf("</section>", start, StringComparison.Ordinal);
        var section = page[start..(end < 0 ? page.Length : end)];
        return Regex.Matches(section, "data-id=\"([0-9a-f-]{36})\"").Select(match => match.Groups[1].Value).ToList();
    }

    private async Task<(string ReaderId, string Cookie)> NewReaderAsync()
    {
        using var response = await _client.PostAsync("/api/readers", null, Cancellation);
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        var id = (await response.Content.ReadFromJsonAsync<JsonElement>(Cancellation)).GetProperty("readerId").GetString()!;
        var cookie = response.Headers.GetValues("Set-Cookie").Single(c => c.StartsWith("reader=", StringComparison.Ordinal)).Split(';')[0];
        return (id, cookie["reader=".Length..]);
    }
}
