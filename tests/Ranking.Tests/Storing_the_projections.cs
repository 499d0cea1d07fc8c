using Microsoft.Extensions.Logging.Abstractions;
using Publishing.Ranking.Model;
using Publishing.Ranking.Projection;
using Publishing.Ranking.Storage;
using Publishing.ServiceDefaults.Outbox;
using Publishing.ServiceDefaults.Storage;
using static Publishing.Ranking.Tests.Articles;

namespace Publishing.Ranking.Tests;

/// <summary>The projection over its SQLite store: what is applied once, in any order, and what a restart finds.</summary>
public sealed class Storing_the_projections : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("publishing-ranking-store-").FullName;
    private static CancellationToken Cancellation => TestContext.Current.CancellationToken;

    private RankingProjection Open()
    {
        var database = new SqliteDatabase(Path.Combine(_folder, "ranking.db"), SqliteRankingStore.Schema, new OutboxSignal());
        return new RankingProjection(new SqliteRankingStore(database), new RankingModel(new RankingOptions()), NullLogger<RankingProjection>.Instance);
    }

    private static Task Vote(RankingProjection projection, Guid article, string reader, long sequence, bool standing = true, Guid? messageId = null) =>
        projection.PutVoteAsync(messageId ?? Guid.NewGuid(), "test", new ReaderVote(article, reader, sequence, Noon, standing), Cancellation);

    private static async Task<long> VotesAsync(RankingProjection projection, Guid article) =>
        (await projection.ModelAsync()).Trending(null, 100, Noon).Single(a => a.Id == article).Votes;

    private static (Guid, string, long, double, string) Shown(Lists.ListedArticle article) =>
        (article.Id, article.Headline, article.Votes, Math.Round(article.Score, 9), string.Join(",", article.Topics));

    [Fact]
    public async Task Should_apply_a_redelivered_vote_once()
    {
        var projection = Open();
        var article = Snapshot();
        await projection.PutArticleAsync(Guid.NewGuid(), "test", article, Cancellation);
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
        await projection.PutArticleAsync(Guid.NewGuid(), "test", article, Cancellation);

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
        await projection.PutArticleAsync(Guid.NewGuid(), "test", article, Cancellation);

        Assert.Equal(1, await VotesAsync(projection, article.ArticleId));
    }

    [Fact]
    public async Task Should_keep_the_newest_revision_and_a_withdrawal_whatever_the_order()
    {
        var projection = Open();
        var article = Snapshot("Second headline", revision: 2);
        var withdrawn = Snapshot();

        await projection.PutArticleAsync(Guid.NewGuid(), "test", article, Cancellation);
        await projection.PutArticleAsync(Guid.NewGuid(), "test", article with { Revision = 1, Headline = "First headline" }, Cancellation);
        await projection.WithdrawAsync(Guid.NewGuid(), "test", withdrawn.ArticleId, Noon, Cancellation);
        await projection.PutArticleAsync(Guid.NewGuid(), "test", withdrawn, Cancellation);

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
            await before.PutArticleAsync(Guid.NewGuid(), "test", article, Cancellation);
        }
        await before.WithdrawAsync(Guid.NewGuid(), "test", gone.ArticleId, Noon, Cancellation);
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

    public void Dispose()
    {
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        try { Directory.Delete(_folder, recursive: true); }
        catch (IOException) { }
    }
}
