using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using static Publishing.Articles.Tests.Submissions;

namespace Publishing.Articles.Tests;

/// <summary>The read API in process, on the SQLite store, filled through the store as the consumers fill it.</summary>
public abstract class Reading_through_the_api(ArticlesService service, ArticlesService.StoreKind store) : IAsyncLifetime
{
    public async ValueTask InitializeAsync() => await service.UseAsync(store);

    public ValueTask DisposeAsync() => ValueTask.CompletedTask;

    private static CancellationToken Cancellation => TestContext.Current.CancellationToken;

    private async Task<Guid> PublishAsync(int revision = 1, string? headline = null, IReadOnlyList<string>? topics = null, DateTimeOffset? publishedAt = null, Guid? id = null)
    {
        var articleId = id ?? Guid.NewGuid();
        await service.Store.ApplySubmissionAsync(Guid.NewGuid(), Revision(articleId, revision, headline, topics, publishedAt), Cancellation);
        return articleId;
    }

    private static async Task<JsonElement> ProblemAsync(HttpResponseMessage response, HttpStatusCode status)
    {
        Assert.Equal(status, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var problem = await response.Content.ReadFromJsonAsync<JsonElement>(Cancellation);
        Assert.Equal((int)status, problem.GetProperty("status").GetInt32());
        Assert.False(string.IsNullOrEmpty(problem.GetProperty("type").GetString()));
        Assert.False(string.IsNullOrEmpty(problem.GetProperty("title").GetString()));
        Assert.False(string.IsNullOrEmpty(problem.GetProperty("traceId").GetString()));
        return problem;
    }

    [Fact]
    public async Task Should_answer_the_article_with_every_submission_field()
    {
        var id = await PublishAsync(headline: "Kim vows to bolster war readiness", topics: ["world", "north-korea"]);
        await service.Store.ApplyVoteCountAsync(Guid.NewGuid(), id, 7, 1, Cancellation);
        using var client = service.Client();

        var article = await client.GetFromJsonAsync<JsonElement>($"/api/articles/{id}", Cancellation);

        var submitted = Revision(id, 1, "Kim vows to bolster war readiness", ["world", "north-korea"]);
        Assert.Equal(id.ToString(), article.GetProperty("id").GetString());
        Assert.Equal(submitted.Slug, article.GetProperty("slug").GetString());
        Assert.Equal(1, article.GetProperty("revision").GetInt32());
        Assert.Equal(7, article.GetProperty("votes").GetInt64());
        Assert.Equal(submitted.ExternalId, article.GetProperty("externalId").GetString());
        Assert.Equal(submitted.Headline, article.GetProperty("headline").GetString());
        Assert.Equal(submitted.Summary, article.GetProperty("summary").GetString());
        Assert.Equal(submitted.BodyHtml, article.GetProperty("body").GetString());
        Assert.Equal(submitted.Byline, article.GetProperty("byline").GetString());
        Assert.Equal(submitted.Dateline, article.GetProperty("dateline").GetString());
        Assert.Equal(["world", "north-korea"], article.GetProperty("topics").EnumerateArray().Select(t => t.GetString()));
        Assert.Equal("en", article.GetProperty("language").GetString());
        Assert.Equal(Noon, article.GetProperty("publishedAt").GetDateTimeOffset());
    }

    [Fact]
    public async Task Should_answer_the_newest_revision_by_its_slug_and_by_every_older_slug()
    {
        var id = await PublishAsync(1, "First headline");
        await PublishAsync(2, "Second headline", id: id);
        using var client = service.Client();

        foreach (var slug in new[] { SlugFor("First headline", id), SlugFor("Second headline", id) })
        {
            var article = await client.GetFromJsonAsync<JsonElement>($"/api/articles/{slug}", Cancellation);
            Assert.Equal((id.ToString(), 2, SlugFor("Second headline", id)),
                (article.GetProperty("id").GetString(), article.GetProperty("revision").GetInt32(), article.GetProperty("slug").GetString()));
        }
    }

    [Theory]
    [InlineData("6f9619ff-8b86-d011-b42d-00cf4fc964ff")]
    [InlineData("an-unknown-slug-1234abcd")]
    public async Task Should_answer_404_problem_for_an_unknown_id_or_slug(string idOrSlug)
    {
        using var client = service.Client();

        await ProblemAsync(await client.GetAsync($"/api/articles/{idOrSlug}", Cancellation), HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task Should_answer_410_problem_for_a_withdrawn_article_by_id_and_slug()
    {
        var id = await PublishAsync(headline: "Soon withdrawn");
        await service.Store.ApplyWithdrawalAsync(Guid.NewGuid(), Withdrawal(id), Cancellation);
        using var client = service.Client();

        await ProblemAsync(await client.GetAsync($"/api/articles/{id}", Cancellation), HttpStatusCode.Gone);
        await ProblemAsync(await client.GetAsync($"/api/articles/{SlugFor("Soon withdrawn", id)}", Cancellation), HttpStatusCode.Gone);
    }

    [Theory]
    [InlineData("limit=0", "limit")]
    [InlineData("limit=101", "limit")]
    [InlineData("limit=-1", "limit")]
    [InlineData("limit=ten", "limit")]
    [InlineData("limit=2.5", "limit")]
    [InlineData("cursor=not-a-cursor!", "cursor")]
    [InlineData("cursor=bm90IGEgY3Vyc29y", "cursor")]
    [InlineData("cursor=MTIzOmFiYw", "cursor")]
    public async Task Should_answer_400_problem_naming_the_field_that_is_wrong(string query, string field)
    {
        using var client = service.Client();

        var problem = await ProblemAsync(await client.GetAsync($"/api/articles?{query}", Cancellation), HttpStatusCode.BadRequest);

        var errors = problem.GetProperty("errors");
        Assert.Equal([field], errors.EnumerateObject().Select(e => e.Name));
        Assert.NotEmpty(errors.GetProperty(field).EnumerateArray());
    }

    [Fact]
    public async Task Should_name_both_fields_when_both_are_wrong()
    {
        using var client = service.Client();

        var problem = await ProblemAsync(await client.GetAsync("/api/articles?limit=1000&cursor=x", Cancellation), HttpStatusCode.BadRequest);

        Assert.Equal(["cursor", "limit"], problem.GetProperty("errors").EnumerateObject().Select(e => e.Name).Order());
    }

    [Theory]
    [InlineData(1)]
    [InlineData(100)]
    public async Task Should_accept_the_limits_at_both_bounds(int limit)
    {
        var topic = "bounds-" + Guid.NewGuid().ToString("N");
        for (var i = 0; i < 3; i++)
        {
            await PublishAsync(topics: [topic], publishedAt: Noon.AddMinutes(-i));
        }
        using var client = service.Client();

        var page = await client.GetFromJsonAsync<JsonElement>($"/api/articles?topic={topic}&limit={limit}", Cancellation);

        Assert.Equal(Math.Min(limit, 3), page.GetProperty("items").GetArrayLength());
        Assert.Equal(limit < 3, page.GetProperty("nextCursor").ValueKind == JsonValueKind.String);
    }

    [Fact]
    public async Task Should_page_with_the_cursor_without_duplicates_or_gaps_while_articles_arrive()
    {
        var topic = "paging-" + Guid.NewGuid().ToString("N")[..8];
        var listed = new List<Guid>();
        for (var i = 0; i < 7; i++)
        {
            listed.Add(await PublishAsync(topics: [topic], publishedAt: Noon.AddMinutes(-10 * i)));
        }
        using var client = service.Client();

        var seen = new List<Guid>();
        // The topic as a reader might type it: another case, spaces for hyphens.
        var next = $"/api/articles?topic={Uri.EscapeDataString(topic.ToUpperInvariant().Replace('-', ' '))}&limit=3";
        var pages = 0;
        while (next is not null)
        {
            var page = await client.GetFromJsonAsync<JsonElement>(next, Cancellation);
            pages++;
            seen.AddRange(page.GetProperty("items").EnumerateArray().Select(item => item.GetProperty("id").GetGuid()));
            var cursor = page.GetProperty("nextCursor");
            next = cursor.ValueKind == JsonValueKind.String ? $"/api/articles?topic={topic}&limit=3&cursor={Uri.EscapeDataString(cursor.GetString()!)}" : null;
            // Newer articles arrive between the pages.
            await PublishAsync(topics: [topic], publishedAt: Noon.AddMinutes(pages));
        }

        Assert.Equal(listed, seen);
        Assert.Equal(3, pages);
    }

    [Fact]
    public async Task Should_describe_the_list_query_in_the_OpenAPI_document()
    {
        using var client = service.Client();

        var document = await client.GetFromJsonAsync<JsonElement>("/openapi/v1.json", Cancellation);

        var parameters = document.GetProperty("paths").GetProperty("/api/articles").GetProperty("get").GetProperty("parameters")
            .EnumerateArray().ToDictionary(p => p.GetProperty("name").GetString()!);
        var limit = parameters["limit"].GetProperty("schema");
        Assert.Equal("integer", limit.GetProperty("type").GetString());
        Assert.Equal((1, 100), (limit.GetProperty("minimum").GetInt32(), limit.GetProperty("maximum").GetInt32()));
        Assert.Equal(["cursor", "limit", "topic"], parameters.Keys.Order());
    }

    [Fact]
    public async Task Should_list_summaries_newest_first_with_what_a_list_shows()
    {
        var topic = "summary-" + Guid.NewGuid().ToString("N")[..8];
        var older = await PublishAsync(headline: "Older news", topics: [topic], publishedAt: Noon.AddHours(-1));
        var newer = await PublishAsync(headline: "Newer news", topics: [topic, "world"], publishedAt: Noon);
        using var client = service.Client();

        var page = await client.GetFromJsonAsync<JsonElement>($"/api/articles?topic={topic}", Cancellation);

        var items = page.GetProperty("items").EnumerateArray().ToList();
        Assert.Equal([newer, older], items.Select(i => i.GetProperty("id").GetGuid()));
        Assert.Equal(SlugFor("Newer news", newer), items[0].GetProperty("slug").GetString());
        Assert.Equal("Newer news", items[0].GetProperty("headline").GetString());
        Assert.Equal(Noon, items[0].GetProperty("publishedAt").GetDateTimeOffset());
        Assert.Equal([topic, "world"], items[0].GetProperty("topics").EnumerateArray().Select(t => t.GetString()));
        Assert.Equal(JsonValueKind.Null, page.GetProperty("nextCursor").ValueKind);
    }
}

[Collection(nameof(ArticlesService))]
public sealed class Reading_through_the_api_on_SQLite(ArticlesService service) : Reading_through_the_api(service, ArticlesService.StoreKind.SQLite);

[Collection(nameof(ArticlesService))]
public sealed class Reading_through_the_api_on_MongoDB(ArticlesService service) : Reading_through_the_api(service, ArticlesService.StoreKind.MongoDB);
