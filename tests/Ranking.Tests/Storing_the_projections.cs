using Microsoft.Extensions.Logging.Abstractions;
using Publishing.Ranking.Domain;
using Publishing.Ranking.Model;
using Publishing.Ranking.Projection;
using Publishing.Ranking.Storage;
using Publishing.ServiceDefaults.Messaging;
using Publishing.ServiceDefaults.Outbox;
using Publishing.ServiceDefaults.Storage;
using Publishing.ServiceDefaults.Storage.Mongo;
using Publishing.Testing;
using static Publishing.Ranking.Tests.Articles;

namespace Publishing.Ranking.Tests;

/// <summary>
/// The projection over each store adapter (subclasses below): what is applied once, in any order, and what a
/// restart finds.
/// </summary>
public abstract class Storing_the_projections(Func<RankingStoreUnderTest> place) : IDisposable
{
    private readonly RankingStoreUnderTest _place = place();
    private static CancellationToken Cancellation => TestContext.Current.CancellationToken;

    private RankingProjection Open() => new(Store(), new RankingModel(new RankingOptions()), NullLogger<RankingProjection>.Instance);

    private IRankingStore Store() => _place.Open();

    private static Task Vote(RankingProjection projection, Guid article, string reader, long sequence, bool standing = true, Guid? messageId = null) =>
        Apply(projection, new RankingChange.Vote(new ReaderVote(article, reader, sequence, Noon, standing)), messageId);

    private static Task Apply(RankingProjection projection, RankingChange change, Guid? messageId = null) =>
        projection.ApplyAsync("test", [new(messageId ?? Guid.NewGuid(), change)], Cancellation);

    private static async Task<long> VotesAsync(RankingProjection projection, Guid article) =>
        (await projection.ModelAsync()).Trending(null, 100, Noon).Single(a => a.Id == article).Votes;

    private static (Guid, string, long, double, string) Shown(Lists.ListedArticle article) =>
        (article.Id, article.Headline, article.Votes, Math.Round(article.Score, 9), string.Join(",", article.Topics));

    [Fact]
    public async Task Should_apply_a_redelivered_vote_once()
    {
        var projection = Open();
        var article = Snapshot();
        await Apply(projection, new RankingChange.Article(article));
        var messageId = Guid.NewGuid();

        await Vote(projection, article.ArticleId, "reader-a", 1, messageId: messageId);
        await Vote(projection, article.ArticleId, "reader-a", 1, messageId: messageId);
        await Vote(projection, article.ArticleId, "reader-a", 1);

        Assert.Equal(1, await VotesAsync(projection, article.ArticleId));
    }

    [Fact]
    public async Task Should_let_the_later_change_win_whatever_order_a_vote_and_its_retraction_arrive_in()
    {
        var projection = Open();
        var article = Snapshot();
        await Apply(projection, new RankingChange.Article(article));

        await Vote(projection, article.ArticleId, "reader-a", 2, standing: false);
        await Vote(projection, article.ArticleId, "reader-a", 1);
        await Vote(projection, article.ArticleId, "reader-b", 3);

        Assert.Equal(1, await VotesAsync(projection, article.ArticleId));
        var score = (await projection.ModelAsync()).Trending(null, 1, Noon).Single().Score;
        Assert.Equal(1 + new RankingOptions().Trending.PublicationWeight, score, 9);
    }

    [Fact]
    public async Task Should_keep_a_vote_for_an_article_it_has_not_seen_yet()
    {
        var projection = Open();
        var article = Snapshot();

        await Vote(projection, article.ArticleId, "reader-a", 1);
        await Apply(projection, new RankingChange.Article(article));

        Assert.Equal(1, await VotesAsync(projection, article.ArticleId));
    }

    [Fact]
    public async Task Should_keep_the_newest_revision_and_a_withdrawal_whatever_the_order()
    {
        var projection = Open();
        var article = Snapshot("Second headline", revision: 2);
        var withdrawn = Snapshot();

        await Apply(projection, new RankingChange.Article(article));
        await Apply(projection, new RankingChange.Article(article with { Revision = 1, Headline = "First headline" }));
        await Apply(projection, new RankingChange.Withdrawal(withdrawn.ArticleId, Noon));
        await Apply(projection, new RankingChange.Article(withdrawn));

        var trending = (await projection.ModelAsync()).Trending(null, 10, Noon);
        Assert.Equal("Second headline", Assert.Single(trending).Headline);
    }

    [Fact]
    public async Task Should_find_the_same_lists_after_a_restart()
    {
        var before = Open();
        var mars = Snapshot("Mars rover finds water ice", text: "The rover found ice under the Martian soil.", topics: ["space"]);
        var ice = Snapshot("Water ice on Mars confirmed", text: "Scientists confirm the rover's ice finding on Mars.", topics: ["space"], publishedAt: Noon.AddHours(-1));
        var gone = Snapshot("Rover drills Martian soil", text: "The Mars rover drilled the soil.", topics: ["space"]);
        foreach (var article in new[] { mars, ice, gone })
        {
            await Apply(before, new RankingChange.Article(article));
        }
        await Apply(before, new RankingChange.Withdrawal(gone.ArticleId, Noon));
        await Vote(before, ice.ArticleId, "reader-a", 1);
        await Vote(before, ice.ArticleId, "reader-b", 2);
        await Vote(before, mars.ArticleId, "reader-b", 1);
        await Vote(before, mars.ArticleId, "reader-b", 2, standing: false);
        var model = await before.ModelAsync();
        var lists = (model.Trending(null, 10, Noon), model.Related(mars.ArticleId, 10), model.Recommend("reader-a", 10, Noon));

        var after = await Open().ModelAsync();

        Assert.Equal(lists.Item1.Select(Shown), after.Trending(null, 10, Noon).Select(Shown));
        Assert.Equal(lists.Item2!.Select(a => a.Id), after.Related(mars.ArticleId, 10)!.Select(a => a.Id));
        Assert.Equal(lists.Item3.Select(a => a.Id), after.Recommend("reader-a", 10, Noon).Select(a => a.Id));
        Assert.Equal([ice.ArticleId, mars.ArticleId], after.Trending("space", 10, Noon).Select(a => a.Id));
        Assert.Equal(2, after.Votes(ice.ArticleId));
        Assert.True(after.IsWithdrawn(gone.ArticleId));
    }

    [Fact]
    public async Task Should_restore_the_related_lists_from_a_checkpoint_and_index_again_only_what_changed_after_it()
    {
        var before = Open();
        string[] subjects = ["Mars rover finds water ice", "Water ice on Mars confirmed", "Rover drills Martian soil", "Ice on the Martian poles",
            "Football final ends in penalties", "Penalties decide the football cup", "Goalkeeper saves two penalties", "Cup final in extra time"];
        var articles = subjects.Select(s => Snapshot(s, text: s + ".", topics: [])).ToList();
        foreach (var article in articles)
        {
            await Apply(before, new RankingChange.Article(article));
        }
        await before.CheckpointAsync(Cancellation);
        await Apply(before, new RankingChange.Article(articles[0] with { Revision = 2, Headline = "Football cup: penalties again", Text = "Penalties." }));
        await Apply(before, new RankingChange.Withdrawal(articles[4].ArticleId, Noon));
        var late = Snapshot("Mars ice drilled by the rover", text: "The rover drilled Martian ice.", topics: []);
        await Apply(before, new RankingChange.Article(late));
        var live = articles.Where((_, i) => i != 4).Append(late).Select(a => a.ArticleId).ToList();
        var model = await before.ModelAsync();
        var lists = live.ToDictionary(id => id, id => model.Related(id, 10)!.Select(a => a.Id).ToList());

        Assert.Equal(subjects.Length, (await Store().LoadCheckpointAsync(Cancellation))?.Covers);

        var after = await Open().ModelAsync();

        // The start-up indexed the three later changes and wrote them into a new checkpoint.
        Assert.Equal(subjects.Length + 3, (await Store().LoadCheckpointAsync(Cancellation))?.Covers);
        Assert.All(live, id => Assert.Equal(lists[id], after.Related(id, 10)!.Select(a => a.Id)));
        Assert.Null(after.Related(articles[4].ArticleId, 10));
        Assert.Contains(articles[5].ArticleId, after.Related(articles[0].ArticleId, 10)!.Select(a => a.Id));
        Assert.DoesNotContain(articles[0].ArticleId, after.Related(articles[1].ArticleId, 10)!.Select(a => a.Id));
    }

    [Fact]
    public async Task Should_serve_no_list_until_the_model_is_rebuilt()
    {
        var store = new SlowToLoad(Store());
        var projection = new RankingProjection(store, new RankingModel(new RankingOptions()), NullLogger<RankingProjection>.Instance);

        var rebuilt = projection.ModelAsync();

        Assert.Null(projection.Model);
        Assert.False(rebuilt.IsCompleted);
        store.Release.SetResult();
        await rebuilt;
        Assert.NotNull(projection.Model);
    }

    [Fact]
    public async Task Should_apply_a_list_of_changes_in_one_call_each_message_once_with_a_feed_entry_per_change_kept()
    {
        var store = Store();
        var (article, withdrawn) = (Snapshot(), Snapshot());
        var repeated = Guid.NewGuid();
        await store.ApplyAsync("test",
        [
            new(Guid.NewGuid(), new RankingChange.Article(article)),
            new(Guid.NewGuid(), new RankingChange.Article(article with { Revision = 2, Headline = "Second headline" })),
            new(Guid.NewGuid(), new RankingChange.Article(article)),
            new(repeated, new RankingChange.Vote(new ReaderVote(article.ArticleId, "reader-a", 2, Noon, Standing: false))),
            new(Guid.NewGuid(), new RankingChange.Vote(new ReaderVote(article.ArticleId, "reader-a", 1, Noon, Standing: true))),
            new(Guid.NewGuid(), new RankingChange.Withdrawal(withdrawn.ArticleId, Noon)),
            new(Guid.NewGuid(), new RankingChange.Article(withdrawn)),
        ], Cancellation);
        await store.ApplyAsync("test", [new(repeated, new RankingChange.Vote(new ReaderVote(article.ArticleId, "reader-a", 3, Noon, Standing: true)))], Cancellation);

        var changes = await store.ChangesAfterAsync(0, Cancellation);
        // Kept: two revisions, the retraction, the withdrawal; the late revision, the late vote and the repeat are not in the feed.
        Assert.Equal(4, changes.Position);
        Assert.Equal([(article.ArticleId, "Second headline", false), (withdrawn.ArticleId, null, true)],
            changes.Articles.Select(a => (a.Id, a.Article?.Headline, a.Withdrawn)));
        Assert.Equal([(2L, false)], changes.Votes.Select(v => (v.Sequence, v.Standing)));
    }

    [Fact]
    public async Task Should_trim_the_feed_a_retention_after_noting_its_end_and_number_on_from_where_it_was()
    {
        var store = Store();
        var article = Snapshot();
        await store.PutArticleAsync(Guid.NewGuid(), "test", article, Cancellation);
        await store.PutVoteAsync(Guid.NewGuid(), "test", new ReaderVote(article.ArticleId, "reader-a", 1, Noon, true), Cancellation);
        var followed = (await store.ChangesAfterAsync(0, Cancellation)).Position;

        Assert.Equal(0, await store.TrimFeedAsync(Noon, Noon.AddHours(-1), Cancellation));
        Assert.Equal(0, await store.TrimFeedAsync(Noon.AddMinutes(59), Noon.AddMinutes(-1), Cancellation));
        Assert.Equal(2, await store.TrimFeedAsync(Noon.AddHours(1), Noon, Cancellation));
        await store.PutVoteAsync(Guid.NewGuid(), "test", new ReaderVote(article.ArticleId, "reader-b", 2, Noon, true), Cancellation);

        var changes = await store.ChangesAfterAsync(followed, Cancellation);
        Assert.Equal(followed + 1, changes.Position);
        Assert.Empty(changes.Articles);
        Assert.Equal(["reader-b"], changes.Votes.Select(v => v.ReaderId));
        Assert.Equal(followed + 1, (await Store().LoadAsync(Cancellation)).Position);
    }

    [Fact]
    public async Task Should_bring_a_replica_that_stalled_behind_the_trimmed_feed_up_to_the_whole_store()
    {
        var stalled = Open();
        var (article, later) = (Snapshot(), Snapshot());
        await Apply(stalled, new RankingChange.Article(article));
        await Vote(stalled, article.ArticleId, "reader-a", 1);
        var other = Open();
        await Vote(other, article.ArticleId, "reader-a", 2, standing: false);
        await Apply(other, new RankingChange.Article(later));
        var store = Store();
        await store.TrimFeedAsync(Noon, Noon.AddHours(-1), Cancellation);
        Assert.Equal(4, await store.TrimFeedAsync(Noon.AddHours(2), Noon.AddHours(1), Cancellation));

        await stalled.CatchUpAsync(Cancellation);

        Assert.Equal(0, await VotesAsync(stalled, article.ArticleId));
        Assert.Equal(
            (await other.ModelAsync()).Trending(null, 100, Noon).Select(Shown),
            (await stalled.ModelAsync()).Trending(null, 100, Noon).Select(Shown));
        Assert.Contains(later.ArticleId, (await stalled.ModelAsync()).Trending(null, 100, Noon).Select(a => a.Id));
    }

    /// <summary>A store whose load waits until the test releases it.</summary>
    private sealed class SlowToLoad(IRankingStore store) : IRankingStore
    {
        public TaskCompletionSource Release { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);
        public Task ApplyAsync(string consumer, IReadOnlyList<Delivered<RankingChange>> changes, CancellationToken cancellationToken) => store.ApplyAsync(consumer, changes, cancellationToken);
        public Task<RankingSnapshot> ChangesAfterAsync(long position, CancellationToken cancellationToken) => store.ChangesAfterAsync(position, cancellationToken);
        public Task<long> TrimFeedAsync(DateTimeOffset now, DateTimeOffset cutoff, CancellationToken cancellationToken) => store.TrimFeedAsync(now, cutoff, cancellationToken);
        public Task SaveCheckpointAsync(byte[] checkpoint, long covers, CancellationToken cancellationToken) => store.SaveCheckpointAsync(checkpoint, covers, cancellationToken);
        public Task<RelatedCheckpoint?> LoadCheckpointAsync(CancellationToken cancellationToken) => store.LoadCheckpointAsync(cancellationToken);
        public async Task<RankingSnapshot> LoadAsync(CancellationToken cancellationToken)
        {
            await Release.Task;
            return await store.LoadAsync(cancellationToken);
        }
    }

    public void Dispose() => _place.Dispose();
}

public sealed class Storing_the_projections_in_SQLite() : Storing_the_projections(() => new SqliteRankingStoreUnderTest());

public sealed class Storing_the_projections_in_MongoDB(MongoFixture mongo) : Storing_the_projections(() => new MongoRankingStoreUnderTest(mongo));

/// <summary>Where a store keeps its data: each <see cref="Open"/> is a new adapter over the same data, as after a restart.</summary>
public abstract class RankingStoreUnderTest : IDisposable
{
    public abstract IRankingStore Open();

    public abstract void Dispose();
}

public sealed class SqliteRankingStoreUnderTest : RankingStoreUnderTest
{
    private readonly SqlitePlace _place = new("ranking", SqliteRankingStore.Schema);

    public override IRankingStore Open() => new SqliteRankingStore(_place.Open("ranking", SqliteRankingStore.Schema));

    public override void Dispose() => _place.DisposeAsync().AsTask().GetAwaiter().GetResult();
}

/// <summary>The first <see cref="Open"/> skips the test, with the reason, when there is no MongoDB.</summary>
public sealed class MongoRankingStoreUnderTest(MongoFixture mongo) : RankingStoreUnderTest
{
    private MongoPlace? _place;

    public override IRankingStore Open()
    {
        if (_place is null)
        {
            _place = new MongoPlace(mongo, "ranking");
            var first = new MongoRankingStore(_place.Mongo);
            _place.CreateIndexesAsync(first).GetAwaiter().GetResult();
            return first;
        }
        return new MongoRankingStore(_place.Open());
    }

    public override void Dispose() => _place?.DisposeAsync().AsTask().GetAwaiter().GetResult();
}
