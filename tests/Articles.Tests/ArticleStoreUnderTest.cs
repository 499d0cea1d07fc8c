using Publishing.Articles.Storage;
using Publishing.Contracts;
using Publishing.ServiceDefaults.Outbox;
using Publishing.ServiceDefaults.Storage;
using Publishing.ServiceDefaults.Storage.Mongo;
using Publishing.Testing;

namespace Publishing.Articles.Tests;

/// <summary>
/// An article store of its own for one test, with a look into its outbox. The store suites run against every adapter:
/// SQLite always, MongoDB where <see cref="MongoFixture"/> finds one (skipped with the reason otherwise).
/// </summary>
public abstract class ArticleStoreUnderTest : IAsyncDisposable
{
    public abstract IArticleStore Store { get; }
    protected abstract IOutboxStore Outbox { get; }

    private static CancellationToken Cancellation => TestContext.Current.CancellationToken;

    /// <summary>Applies the submission as a message of its own (a fresh message id), unless one is given.</summary>
    public Task SubmitAsync(ArticleSubmitted submitted, Guid? messageId = null) =>
        Store.ApplySubmissionAsync(messageId ?? Guid.NewGuid(), submitted, Cancellation);

    public Task WithdrawAsync(ArticleWithdrawalSubmitted withdrawal, Guid? messageId = null) =>
        Store.ApplyWithdrawalAsync(messageId ?? Guid.NewGuid(), withdrawal, Cancellation);

    public Task<ArticleLookup> FindAsync(string idOrSlug) => Store.FindAsync(idOrSlug, Cancellation);

    public async Task<Article> ServedAsync(string idOrSlug) =>
        Assert.IsType<ArticleLookup.Found>(await FindAsync(idOrSlug)).Article;

    /// <summary>The events waiting in the outbox, deserialized, in commit order.</summary>
    public async Task<IReadOnlyList<object>> EventsAsync() =>
        (await Outbox.PendingAsync(100_000, Cancellation)).Select(m => m.Deserialize().Message).ToList();

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

    public abstract ValueTask DisposeAsync();
}

/// <summary>The SQLite adapter on its own file in a temporary folder.</summary>
public sealed class SqliteArticleStoreUnderTest : ArticleStoreUnderTest
{
    private readonly string _folder = Directory.CreateTempSubdirectory("publishing-articles-").FullName;
    private readonly SqliteDatabase _database;

    public SqliteArticleStoreUnderTest()
    {
        _database = new SqliteDatabase(Path.Combine(_folder, "articles.db"), SqliteArticleStore.Schema, new OutboxSignal());
        Store = new SqliteArticleStore(_database);
        Outbox = new SqliteOutbox(_database);
    }

    public override IArticleStore Store { get; }
    protected override IOutboxStore Outbox { get; }

    public override ValueTask DisposeAsync()
    {
        TemporaryFolders.Delete(_folder);
        return ValueTask.CompletedTask;
    }
}

/// <summary>The MongoDB adapter on a database of its own, with its indexes created as the service creates them at start.</summary>
public sealed class MongoArticleStoreUnderTest : ArticleStoreUnderTest
{
    private readonly MongoStore _mongo;
    private readonly MongoArticleStore _store;
    private readonly MongoOutbox _outbox;

    private MongoArticleStoreUnderTest(MongoStore mongo)
    {
        _mongo = mongo;
        _store = new MongoArticleStore(mongo);
        _outbox = new MongoOutbox(mongo);
    }

    /// <summary>Skips the calling test, with the reason, when there is no MongoDB.</summary>
    public static async Task<ArticleStoreUnderTest> CreateAsync(MongoFixture mongo)
    {
        var database = mongo.NewDatabaseName("articles");
        var underTest = new MongoArticleStoreUnderTest(new MongoStore(mongo.Uri!, database, new OutboxSignal()));
        await new MongoIndexCreation(underTest._mongo, underTest._outbox, new StoreOptions("", mongo.Uri), [underTest._store]).StartAsync(TestContext.Current.CancellationToken);
        return underTest;
    }

    public override IArticleStore Store => _store;
    protected override IOutboxStore Outbox => _outbox;

    public override ValueTask DisposeAsync()
    {
        _mongo.Dispose();
        return ValueTask.CompletedTask;
    }
}
