using Publishing.Articles.Domain;
using Publishing.Articles.Storage;
using Publishing.Contracts;
using Publishing.Testing;
using static Publishing.Articles.Tests.Submissions;

namespace Publishing.Articles.Tests;

/// <summary>What every article store promises about revisions, run against each adapter below.</summary>
public abstract class Storing_revisions(Func<Task<ArticleStoreUnderTest>> open) : IAsyncLifetime
{
    private ArticleStoreUnderTest _articles = null!;

    public async ValueTask InitializeAsync() => _articles = await open();

    [Fact]
    public async Task Should_keep_every_revision_and_serve_the_newest()
    {
        var id = Guid.NewGuid();
        await _articles.SubmitAsync(Revision(id, 1, "Kim vows to bolster war readiness"));
        await _articles.SubmitAsync(Revision(id, 2, "Kim vows to bolster war readiness again", topics: ["world", "asia"]));

        Assert.Equal([1, 2], (await _articles.Store.RevisionsAsync(id, TestContext.Current.CancellationToken)).Select(r => r.Revision));
        var served = await _articles.ServedAsync(id.ToString());
        Assert.Equal((2, "Kim vows to bolster war readiness again", SlugFor("Kim vows to bolster war readiness again", id)), (served.Revision, served.Headline, served.Slug));
        Assert.Equal(["world", "asia"], served.Topics);
        Assert.Equal(Revision(id, 2).BodyHtml, served.Body);
    }

    [Fact]
    public async Task Should_apply_a_list_of_changes_in_one_call_each_message_once_as_one_at_a_time_would()
    {
        var (id, other) = (Guid.NewGuid(), Guid.NewGuid());
        var (first, second) = (Guid.NewGuid(), Guid.NewGuid());
        await _articles.Store.ApplyAsync(
        [
            new(first, new ArticleChange.Submission(Revision(id, 1))),
            new(second, new ArticleChange.Submission(Revision(id, 2, "Second headline"))),
            new(first, new ArticleChange.Submission(Revision(id, 1))),
            new(Guid.NewGuid(), new ArticleChange.VoteCount(id, 3, 3)),
            new(Guid.NewGuid(), new ArticleChange.VoteCount(id, 2, 2)),
            new(Guid.NewGuid(), new ArticleChange.Withdrawal(Withdrawal(other))),
            new(Guid.NewGuid(), new ArticleChange.Submission(Revision(other, 1))),
        ], TestContext.Current.CancellationToken);
        await _articles.Store.ApplyAsync([new(second, new ArticleChange.Submission(Revision(id, 2, "Second headline")))], TestContext.Current.CancellationToken);

        var served = await _articles.ServedAsync(id.ToString());
        Assert.Equal((2, "Second headline", 3L), (served.Revision, served.Headline, served.Votes));
        Assert.IsType<ArticleLookup.Withdrawn>(await _articles.FindAsync(other.ToString()));
        Assert.Equal(
            ["published 1", "revised 2", "withdrawn"],
            (await _articles.EventsAsync()).Select(e => e switch
            {
                ArticlePublished p => $"published {p.Article.Revision}",
                ArticleRevised r => $"revised {r.Article.Revision}",
                ArticleWithdrawn => "withdrawn",
                _ => e.GetType().Name,
            }));
    }

    [Fact]
    public async Task Should_resolve_the_old_slug_to_the_article_after_the_headline_changed()
    {
        var id = Guid.NewGuid();
        await _articles.SubmitAsync(Revision(id, 1, "First headline"));
        await _articles.SubmitAsync(Revision(id, 2, "Second headline"));

        var byOldSlug = await _articles.ServedAsync(SlugFor("First headline", id));

        Assert.Equal((id, 2, SlugFor("Second headline", id)), (byOldSlug.Id, byOldSlug.Revision, byOldSlug.Slug));
        Assert.Equal(id, (await _articles.ServedAsync(SlugFor("Second headline", id))).Id);
    }

    [Fact]
    public async Task Should_publish_the_first_revision_and_revise_with_the_next()
    {
        var id = Guid.NewGuid();
        var first = Revision(id, 1, "First headline", topics: ["world"], body: "<p>A &amp; B</p><ul><li>one</li><li>two</li></ul>");
        var second = Revision(id, 2, "Second headline", topics: ["world", "asia"], publishedAt: Noon.AddMinutes(5));
        await _articles.SubmitAsync(first);
        await _articles.SubmitAsync(second);

        var events = await _articles.EventsAsync();

        // By type, not by position: the MongoDB outbox orders events only to the millisecond.
        Assert.Equal(2, events.Count);
        var published = Assert.Single(events.OfType<ArticlePublished>()).Article;
        Assert.Equal((id, 1, first.Slug, "First headline", first.Summary, "A & B one two", "en", Noon),
            (published.ArticleId, published.Revision, published.Slug, published.Headline, published.Summary, published.Text, published.Language, published.PublishedAt));
        Assert.Equal(["world"], published.Topics);
        var revised = Assert.Single(events.OfType<ArticleRevised>()).Article;
        Assert.Equal((2, second.Slug, "Second headline", "Summary of revision 2", Noon.AddMinutes(5)), (revised.Revision, revised.Slug, revised.Headline, revised.Summary, revised.PublishedAt));
        Assert.Equal("SEOUL, South Korea (AP) \u2014 North Korean leader Kim Jong Un vowed more. Second paragraph.", revised.Text);
        Assert.Equal(["world", "asia"], revised.Topics);
    }

    [Fact]
    public async Task Should_keep_revision_3_when_revision_2_arrives_after_it_and_publish_nothing_for_2()
    {
        var id = Guid.NewGuid();
        await _articles.SubmitAsync(Revision(id, 3, "Third headline"));
        await _articles.SubmitAsync(Revision(id, 2, "Second headline"));

        var served = await _articles.ServedAsync(id.ToString());
        Assert.Equal((3, "Third headline"), (served.Revision, served.Headline));
        Assert.Equal([2, 3], (await _articles.Store.RevisionsAsync(id, TestContext.Current.CancellationToken)).Select(r => r.Revision));
        // The late revision's slug was given out by Ingest: it resolves, to the newest revision.
        Assert.Equal(3, (await _articles.ServedAsync(SlugFor("Second headline", id))).Revision);
        var published = Assert.IsType<ArticlePublished>(Assert.Single(await _articles.EventsAsync()));
        Assert.Equal(3, published.Article.Revision);
    }

    [Fact]
    public async Task Should_have_one_effect_for_a_redelivered_message_or_a_resent_revision()
    {
        var id = Guid.NewGuid();
        var messageId = Guid.NewGuid();
        await _articles.SubmitAsync(Revision(id, 1), messageId);
        await _articles.SubmitAsync(Revision(id, 1), messageId);
        await _articles.SubmitAsync(Revision(id, 1));

        Assert.Single(await _articles.Store.RevisionsAsync(id, TestContext.Current.CancellationToken));
        Assert.Equal(1, (await _articles.ServedAsync(id.ToString())).Revision);
        Assert.IsType<ArticlePublished>(Assert.Single(await _articles.EventsAsync()));
        Assert.Equal([id], await _articles.ListedAsync());
    }

    [Theory]
    [InlineData("6f9619ff-8b86-d011-b42d-00cf4fc964ff")]
    [InlineData("no-such-slug-12345678")]
    public async Task Should_answer_unknown_for_an_id_or_slug_never_seen(string idOrSlug)
    {
        await _articles.SubmitAsync(Revision(Guid.NewGuid(), 1));

        Assert.IsType<ArticleLookup.Unknown>(await _articles.FindAsync(idOrSlug));
    }

    public ValueTask DisposeAsync() => _articles.DisposeAsync();
}

public sealed class Storing_revisions_in_SQLite() : Storing_revisions(() => Task.FromResult<ArticleStoreUnderTest>(new SqliteArticleStoreUnderTest()));

public sealed class Storing_revisions_in_MongoDB(MongoFixture mongo) : Storing_revisions(() => MongoArticleStoreUnderTest.CreateAsync(mongo));
