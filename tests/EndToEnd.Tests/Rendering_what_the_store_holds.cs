using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.Data.Sqlite;
using Publishing.Testing;

namespace Publishing.EndToEnd.Tests;

/// <summary>
/// The page does not trust the store: a body that reached Articles' store without passing Ingest's sanitizer (here
/// written into the SQLite file itself) is sanitized again, with the same policy, where the gateway renders it.
/// </summary>
public sealed class Rendering_what_the_store_holds(SystemFixture system)
{
    private static CancellationToken Cancellation => TestContext.Current.CancellationToken;

    private sealed record Receipt(Guid Id, string Slug);

    [Theory]
    [InlineData("<script>alert('stored')</script>", "alert")]
    [InlineData("<meta http-equiv=\"refresh\" content=\"0;url=https://elsewhere.example/\">", "http-equiv")]
    [InlineData("<img src=\"x\" onerror=\"alert('stored')\">", "onerror")]
    public async Task Should_not_render_markup_that_runs_code_or_leaves_the_page(string hostile, string telltale)
    {
        using var newsroom = system.Newsroom();
        var response = await newsroom.PostAsJsonAsync("/api/ingest/articles", new
        {
            externalId = "stored-" + Guid.NewGuid().ToString("N"),
            headline = "A story whose stored body was changed",
            body = "<p>The newsroom's own words.</p>",
        }, Cancellation);
        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        var article = (await response.Content.ReadFromJsonAsync<Receipt>(Cancellation))!;
        await Eventually.GetAsync(() => system.Gateway.GetAsync($"/api/articles/{article.Id}", Cancellation), r => r.StatusCode == HttpStatusCode.OK);

        await using (var store = new SqliteConnection($"Data Source={Path.Combine(system.DataFolder, "articles.db")}"))
        {
            await store.OpenAsync(Cancellation);
            var update = store.CreateCommand();
            update.CommandText = "UPDATE articles SET body = $body WHERE id = $id";
            update.Parameters.AddWithValue("$body", "<p>The newsroom's own words.</p>" + hostile);
            update.Parameters.AddWithValue("$id", article.Id.ToString());
            Assert.Equal(1, await update.ExecuteNonQueryAsync(Cancellation));
        }
        // Articles serves what its store holds.
        var stored = await Eventually.GetAsync(
            () => system.Gateway.GetFromJsonAsync<JsonElement>($"/api/articles/{article.Id}", Cancellation),
            json => json.GetProperty("body").GetString()!.Contains(hostile, StringComparison.Ordinal));

        var page = await system.Gateway.GetStringAsync($"/articles/{article.Slug}", Cancellation);

        Assert.Contains(hostile, stored.GetProperty("body").GetString());
        Assert.Contains("The newsroom's own words.", page);
        Assert.DoesNotContain(telltale, page, StringComparison.OrdinalIgnoreCase);
    }
}
