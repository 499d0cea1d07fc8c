using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Publishing.Articles.Domain;
using Publishing.Articles.Storage;
using Publishing.Contracts;
using Publishing.Testing;
using static Publishing.Articles.Tests.Submissions;

namespace Publishing.Articles.Tests;

/// <summary>
/// Revisions, withdrawals and vote counts sent over the real broker in awkward orders and more than once: what the
/// service stores, serves and publishes.
/// </summary>
public abstract class Consuming_from_the_broker(ArticlesService service, ArticlesService.StoreKind store) : IAsyncLifetime
{
    public async ValueTask InitializeAsync() => await service.UseAsync(store);

    public ValueTask DisposeAsync() => ValueTask.CompletedTask;

    private static CancellationToken Cancellation => TestContext.Current.CancellationToken;

    private Task<IReadOnlyList<ArticleSubmitted>> RevisionsAsync(Guid id, int count) =>
        Eventually.GetAsync(() => service.Store.RevisionsAsync(id, Cancellation), revisions => revisions.Count >= count);

    private Task<ArticleLookup> LookupAsync(Guid id, Func<ArticleLookup, bool> done) =>
        Eventually.GetAsync(() => service.Store.FindAsync(id.ToString(), Cancellation), done);

    private static string Describe(object heard) => heard switch
    {
        ArticlePublished p => "published " + p.Article.Revision,
        ArticleRevised r => "revised " + r.Article.Revision,
        ArticleWithdrawn => "withdrawn",
        _ => heard.GetType().Name,
    };

    [Fact]
    public async Task Should_keep_revision_3_over_a_late_revision_2_and_publish_nothing_for_it()
    {
        var id = Guid.NewGuid();
        await service.SendAsync(Revision(id, 3, "Third headline"));
        await LookupAsync(id, found => found is ArticleLookup.Found);
        await service.SendAsync(Revision(id, 2, "Second headline"));

        Assert.Equal([2, 3], (await RevisionsAsync(id, 2)).Select(r => r.Revision).Order());
        await service.SettledAsync();
        Assert.Equal(["published 3"], service.HeardAbout(id).Select(Describe));
        using var client = service.Client();
        var article = await client.GetFromJsonAsync<JsonElement>($"/api/articles/{SlugFor("Second headline", id)}", Cancellation);
        Assert.Equal((3, "Third headline"), (article.GetProperty("revision").GetInt32(), article.GetProperty("headline").GetString()));
    }

    [Fact]
    public async Task Should_publish_the_revision_with_what_consumers_need()
    {
        var id = Guid.NewGuid();
        await service.SendAsync(Revision(id, 1, "First headline", ["world"]));
        await LookupAsync(id, found => found is ArticleLookup.Found);
        var second = Revision(id, 2, "Second headline", ["world", "asia"], Noon.AddMinutes(3), "<p>Plain <b>text</b> only.</p>");
        await service.SendAsync(second);

        var heard = await service.HeardAboutAsync(id, events => events.Count >= 2);

        Assert.Equal(["published 1", "revised 2"], heard.Select(Describe));
        var revised = ((ArticleRevised)heard[1]).Article;
        Assert.Equal((id, 2, second.Slug, "Second headline", second.Summary, "Plain text only.", "en", Noon.AddMinutes(3)),
            (revised.ArticleId, revised.Revision, revised.Slug, revised.Headline, revised.Summary, revised.Text, revised.Language, revised.PublishedAt));
        Assert.Equal(["world", "asia"], revised.Topics);
    }

    [Fact]
    public async Task Should_apply_the_rest_of_a_burst_when_one_submission_in_it_cannot_be_applied()
    {
        var ids = Enumerable.Range(0, 30).Select(_ => Guid.NewGuid()).ToList();
        var poison = Guid.NewGuid();

        // Sent at once, so that the service takes them in batches with the poison among them: a revision without a
        // body cannot be turned into text for the other services.
        await Task.WhenAll(ids.Take(15).Select(id => service.SendAsync(Revision(id, 1)))
            .Append(service.SendAsync(Revision(poison, 1) with { BodyHtml = null! }))
            .Concat(ids.Skip(15).Select(id => service.SendAsync(Revision(id, 1)))));

        foreach (var id in ids)
        {
            Assert.IsType<ArticleLookup.Found>(await LookupAsync(id, found => found is ArticleLookup.Found));
        }
        await service.SettledAsync();
        Assert.IsType<ArticleLookup.Unknown>(await service.Store.FindAsync(poison.ToString(), Cancellation));
        Assert.All(ids, id => Assert.Equal(["published 1"], service.HeardAbout(id).Select(Describe)));
    }

    [Fact]
    public async Task Should_have_one_effect_for_a_duplicated_message()
    {
        var id = Guid.NewGuid();
        var messageId = Guid.NewGuid();
        for (var i = 0; i < 3; i++)
        {
            await service.SendAsync(Revision(id, 1), messageId);
        }
        // The same revision again under a new message id, as a newsroom re-sending it would cause.
        await service.SendAsync(Revision(id, 1));

        await LookupAsync(id, found => found is ArticleLookup.Found);
        await service.SettledAsync();
        Assert.Equal(["published 1"], service.HeardAbout(id).Select(Describe));
        Assert.Single(await service.Store.RevisionsAsync(id, Cancellation));
    }

    [Fact]
    public async Task Should_answer_410_when_the_withdrawal_arrives_before_the_article()
    {
        var id = Guid.NewGuid();
        await service.SendAsync(Withdrawal(id));
        await LookupAsync(id, found => found is ArticleLookup.Withdrawn);
        await service.SendAsync(Revision(id, 1, "Withdrawn already"));
        await service.SendAsync(Withdrawal(id));

        await RevisionsAsync(id, 1);
        await service.SettledAsync();
        Assert.Equal(["withdrawn"], service.HeardAbout(id).Select(Describe));
        using var client = service.Client();
        Assert.Equal(HttpStatusCode.Gone, (await client.GetAsync($"/api/articles/{id}", Cancellation)).StatusCode);
        Assert.Equal(HttpStatusCode.Gone, (await client.GetAsync($"/api/articles/{SlugFor("Withdrawn already", id)}", Cancellation)).StatusCode);
    }

    [Fact]
    public async Task Should_withdraw_a_published_article_from_the_lists_and_publish_it_once()
    {
        var id = Guid.NewGuid();
        var topic = "withdrawn-" + Guid.NewGuid().ToString("N")[..8];
        await service.SendAsync(Revision(id, 1, topics: [topic]));
        await LookupAsync(id, found => found is ArticleLookup.Found);
        using var client = service.Client();
        Assert.Equal(1, (await client.GetFromJsonAsync<JsonElement>($"/api/articles?topic={topic}", Cancellation)).GetProperty("items").GetArrayLength());

        var withdrawal = Guid.NewGuid();
        await service.SendAsync(Withdrawal(id), withdrawal);
        await service.SendAsync(Withdrawal(id), withdrawal);
        await LookupAsync(id, found => found is ArticleLookup.Withdrawn);
        // Only once the withdrawal is in: the service consumes several messages at once, in no fixed order.
        await service.SendAsync(Revision(id, 2));

        await RevisionsAsync(id, 2);
        await LookupAsync(id, found => found is ArticleLookup.Withdrawn);
        await service.SettledAsync();
        Assert.Equal(["published 1", "withdrawn"], service.HeardAbout(id).Select(Describe));
        Assert.Equal(0, (await client.GetFromJsonAsync<JsonElement>($"/api/articles?topic={topic}", Cancellation)).GetProperty("items").GetArrayLength());
        Assert.Equal(HttpStatusCode.Gone, (await client.GetAsync($"/api/articles/{id}", Cancellation)).StatusCode);
    }

    [Fact]
    public async Task Should_follow_the_vote_count_events_keeping_the_newest()
    {
        var id = Guid.NewGuid();
        var marker = Guid.NewGuid();
        await service.SendAsync(Revision(id, 1));
        await service.SendAsync(Revision(marker, 1));
        await LookupAsync(id, found => found is ArticleLookup.Found);
        await LookupAsync(marker, found => found is ArticleLookup.Found);
        using var client = service.Client();
        async Task<long> VotesAsync(Guid article) =>
            (await client.GetFromJsonAsync<JsonElement>($"/api/articles/{article}", Cancellation)).GetProperty("votes").GetInt64();
        var at = DateTimeOffset.UtcNow;

        // The newest change (a retraction, leaving 2) first...
        await service.SendAsync(new VoteRetracted(id, "reader-b", 2, 4, at, at));
        Assert.Equal(2, await Eventually.GetAsync(() => VotesAsync(id), votes => votes == 2));
        // ...then older ones, and behind them a count of another article: once that one shows, the older ones were consumed.
        await service.SendAsync(new VoteCast(id, "reader-c", 3, 3, at));
        await service.SendAsync(new VoteCast(id, "reader-a", 1, 1, at));
        await service.SendAsync(new VoteCast(marker, "reader-a", 1, 1, at));
        Assert.Equal(1, await Eventually.GetAsync(() => VotesAsync(marker), votes => votes == 1));

        Assert.Equal(2, await VotesAsync(id));
    }
}

[Collection(nameof(ArticlesService))]
public sealed class Consuming_from_the_broker_on_SQLite(ArticlesService service) : Consuming_from_the_broker(service, ArticlesService.StoreKind.SQLite);

[Collection(nameof(ArticlesService))]
public sealed class Consuming_from_the_broker_on_MongoDB(ArticlesService service) : Consuming_from_the_broker(service, ArticlesService.StoreKind.MongoDB);
