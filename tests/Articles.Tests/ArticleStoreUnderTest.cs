using Publishing.Articles.Domain;
using Publishing.Articles.Storage;
using Publishing.Contracts;
using Publishing.Testing;

namespace Publishing.Articles.Tests;

/// <summary>
/// An article store of its own for one test, with a look into its outbox. The store suites run against every adapter:
/// SQLite always, MongoDB where <see cref="MongoFixture"/> finds one (skipped with the reason otherwise).
/// </summary>
public abstract class ArticleStoreUnderTest(StorePlace place, IArticleStore store) : StoreUnderTest<IArticleStore>(place, store)
{
    private static CancellationToken Cancellation => TestContext.Current.CancellationToken;

    /// <summary>Applies the submission as a message of its own (a fresh message id), unless one is given.</summary>
    public Task SubmitAsync(ArticleSubmitted submitted, Guid? messageId = null) =>
        Store.ApplySubmissionAsync(messageId ?? Guid.NewGuid(), submitted, Cancellation);

    public Task WithdrawAsync(ArticleWithdrawalSubmitted withdrawal, Guid? messageId = null) =>
        Store.ApplyWithdrawalAsync(messageId ?? Guid.NewGuid(), withdrawal, Cancellation);

    public Task<ArticleLookup> FindAsync(string idOrSlug) => Store.FindAsync(idOrSlug, Cancellation);

    public async Task<Article> ServedAsync(string idOrSlug) =>
        Assert.IsType<ArticleLookup.Found>(await FindAsync(idOrSlug)).Article;

    /// <summary>Every id in the newest-first list (of one topic), read page by page as a client would.</summary>
    public async Task<IReadOnlyList<Guid>> ListedAsync(string? topic = null)
    {
        var ids = new List<Guid>();
        ListPosition? after = null;
        while (true)
        {
            var page = await Store.ListAsync(topic, 50, after, Cancellation);
            ids.AddRange(page.Select(a => a.Id));
            if (page.Count < 50)
            {
                return ids;
            }
            after = new ListPosition(page[^1].PublishedAt, page[^1].Id);
        }
    }
}

public sealed class SqliteArticleStoreUnderTest : ArticleStoreUnderTest
{
    public SqliteArticleStoreUnderTest() : this(new SqlitePlace("articles", SqliteArticleStore.Schema)) { }

    private SqliteArticleStoreUnderTest(SqlitePlace place) : base(place, new SqliteArticleStore(place.Database)) { }
}

public sealed class MongoArticleStoreUnderTest : ArticleStoreUnderTest
{
    private MongoArticleStoreUnderTest(MongoPlace place, MongoArticleStore store) : base(place, store) { }

    /// <summary>Skips the calling test, with the reason, when there is no MongoDB.</summary>
    public static async Task<ArticleStoreUnderTest> CreateAsync(MongoFixture mongo)
    {
        var place = new MongoPlace(mongo, "articles");
        var store = new MongoArticleStore(place.Mongo);
        await place.CreateIndexesAsync(store);
        return new MongoArticleStoreUnderTest(place, store);
    }
}
