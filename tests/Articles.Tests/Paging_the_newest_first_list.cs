using Publishing.Articles.Domain;
using Publishing.Articles.Storage;
using Publishing.Contracts;
using Publishing.Testing;
using static Publishing.Articles.Tests.Submissions;

namespace Publishing.Articles.Tests;

/// <summary>What every article store promises about the newest-first list, run against each adapter below.</summary>
public abstract class Paging_the_newest_first_list(Func<Task<ArticleStoreUnderTest>> open) : IAsyncLifetime
{
    private ArticleStoreUnderTest _articles = null!;

    public async ValueTask InitializeAsync() => _articles = await open();
    private static CancellationToken Cancellation => TestContext.Current.CancellationToken;

    private async Task<Guid> PublishAsync(DateTimeOffset publishedAt, params string[] topics)
    {
        var id = Guid.NewGuid();
        await _articles.SubmitAsync(Revision(id, 1, topics: topics.Length == 0 ? ["world"] : topics, publishedAt: publishedAt));
        return id;
    }

    private Task<IReadOnlyList<ArticleSummary>> PageAsync(int limit, ListPosition? after, string? topic = null) =>
        _articles.Store.ListAsync(topic, limit, after, Cancellation);

    private static ListPosition After(IReadOnlyList<ArticleSummary> page) => new(page[^1].PublishedAt, page[^1].Id);

    [Fact]
    public async Task Should_serve_newest_first_with_ties_in_a_fixed_order()
    {
        var oldest = await PublishAsync(Noon.AddHours(-3));
        var tiedA = await PublishAsync(Noon.AddHours(-1));
        var tiedB = await PublishAsync(Noon.AddHours(-1));
        var newest = await PublishAsync(Noon);

        var tied = new[] { tiedA, tiedB }.OrderByDescending(id => id.ToString(), StringComparer.Ordinal).ToArray();
        Assert.Equal([newest, tied[0], tied[1], oldest], (await PageAsync(10, null)).Select(a => a.Id));
    }

    [Fact]
    public async Task Should_say_when_each_listed_article_was_last_revised()
    {
        var revised = Guid.NewGuid();
        await _articles.SubmitAsync(Revision(revised, 1));
        await _articles.SubmitAsync(Revision(revised, 3, headline: "Revised headline"));
        var once = await PublishAsync(Noon.AddHours(-1));

        var listed = (await PageAsync(10, null)).ToDictionary(a => a.Id);

        Assert.Equal(Noon.AddMinutes(3), listed[revised].UpdatedAt);
        Assert.Equal("Revised headline", listed[revised].Headline);
        Assert.Equal(Noon.AddMinutes(1), listed[once].UpdatedAt);
    }

    [Fact]
    public async Task Should_give_no_duplicates_and_no_gaps_across_pages_while_articles_arrive_between_them()
    {
        // Ten articles, two of them published at the same moment, on a page boundary.
        var times = new[] { 0, 10, 20, 30, 30, 40, 50, 60, 70, 80 }.Select(m => Noon.AddMinutes(-m)).ToArray();
        var present = new List<Guid>();
        foreach (var time in times)
        {
            present.Add(await PublishAsync(time));
        }

        var seen = new List<Guid>();
        var page = await PageAsync(3, null);
        seen.AddRange(page.Select(a => a.Id));
        // Arrivals between pages: newer articles (before the position: not in later pages), an older one published
        // late (after the position: in a later page) and a revision of a listed article.
        var newer = new[] { await PublishAsync(Noon.AddMinutes(5)), await PublishAsync(Noon.AddMinutes(-1)) };
        var late = await PublishAsync(Noon.AddMinutes(-65));
        await _articles.SubmitAsync(Revision(present[1], 2, "A revised headline", publishedAt: times[1]));
        while (page.Count == 3)
        {
            page = await PageAsync(3, After(page));
            seen.AddRange(page.Select(a => a.Id));
            if (seen.Count == 6)
            {
                newer = [.. newer, await PublishAsync(Noon.AddMinutes(10))];
            }
        }

        Assert.Equal(seen.Count, seen.Distinct().Count());
        Assert.Empty(seen.Intersect(newer));
        var expected = present.Append(late).OrderByDescending(id => id == late ? Noon.AddMinutes(-65) : times[present.IndexOf(id)]).ThenByDescending(id => id.ToString(), StringComparer.Ordinal);
        Assert.Equal(expected, seen);
    }

    [Fact]
    public async Task Should_list_only_the_articles_of_the_topic_asked_for()
    {
        var world = await PublishAsync(Noon, "world");
        var both = await PublishAsync(Noon.AddMinutes(-1), "north-korea", "world");
        await PublishAsync(Noon.AddMinutes(-2), "sports");

        Assert.Equal([world, both], (await PageAsync(10, null, "world")).Select(a => a.Id));
        Assert.Equal([both], (await PageAsync(10, null, TopicKey.Normalize("North Korea"))).Select(a => a.Id));
        Assert.Empty(await PageAsync(10, null, "korea"));
    }

    [Fact]
    public async Task Should_file_a_topic_under_its_normalized_form_whatever_form_arrived()
    {
        var id = await PublishAsync(Noon, "North Korea", "Économie");

        Assert.Equal([id], (await PageAsync(10, null, "north-korea")).Select(a => a.Id));
        Assert.Equal([id], (await PageAsync(10, null, TopicKey.Normalize("ÉCONOMIE"))).Select(a => a.Id));
        // Readers see the topics as the newsroom's normalization left them.
        Assert.Equal(["North Korea", "Économie"], (await PageAsync(10, null)).Single().Topics);
    }

    [Fact]
    public async Task Should_page_through_a_topic_with_its_own_positions()
    {
        var ids = new List<Guid>();
        for (var i = 0; i < 5; i++)
        {
            ids.Add(await PublishAsync(Noon.AddMinutes(-i), "world"));
            await PublishAsync(Noon.AddMinutes(-i).AddSeconds(-30), "sports");
        }

        var first = await PageAsync(2, null, "world");
        var second = await PageAsync(2, After(first), "world");
        var third = await PageAsync(2, After(second), "world");

        Assert.Equal(ids, first.Concat(second).Concat(third).Select(a => a.Id));
    }

    [Fact]
    public async Task Should_give_at_most_limit_items()
    {
        for (var i = 0; i < 5; i++)
        {
            await PublishAsync(Noon.AddMinutes(-i));
        }

        Assert.Single(await PageAsync(1, null));
        Assert.Equal(4, (await PageAsync(4, null)).Count);
        Assert.Equal(5, (await PageAsync(100, null)).Count);
    }

    public ValueTask DisposeAsync() => _articles.DisposeAsync();
}

public sealed class Paging_the_newest_first_list_in_SQLite() : Paging_the_newest_first_list(() => Task.FromResult<ArticleStoreUnderTest>(new SqliteArticleStoreUnderTest()));

public sealed class Paging_the_newest_first_list_in_MongoDB(MongoFixture mongo) : Paging_the_newest_first_list(() => MongoArticleStoreUnderTest.CreateAsync(mongo));
