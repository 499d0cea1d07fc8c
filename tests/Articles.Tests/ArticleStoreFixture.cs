using Publishing.Articles.Storage;
using Publishing.Contracts;
using Publishing.ServiceDefaults.Outbox;
using Publishing.ServiceDefaults.Storage;
using Publishing.ServiceDefaults.Storage.Mongo;

namespace Publishing.Articles.Tests;

/// <summary>
/// An article store of its own for one test, with a look into its outbox. The store suites run against every adapter:
/// SQLite always, MongoDB when <c>MONGODB_URI</c> names one (a replica set: writes use transactions).
/// </summary>
public abstract class ArticleStoreFixture : IDisposable
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

    public abstract void Dispose();
}

public sealed class SqliteArticleStoreFixture : ArticleStoreFixture
{
    private readonly string _folder = Directory.CreateTempSubdirectory("publishing-articles-").FullName;
    private readonly SqliteDatabase _database;

    public SqliteArticleStoreFixture()
    {
        _database = new SqliteDatabase(Path.Combine(_folder, "articles.db"), SqliteArticleStore.Schema, new OutboxSignal());
        Store = new SqliteArticleStore(_database);
        Outbox = new SqliteOutbox(_database);
    }

    public override IArticleStore Store { get; }
    protected override IOutboxStore Outbox { get; }

    public override void Dispose()
    {
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        try { Directory.Delete(_folder, recursive: true); }
        catch (IOException) { }
    }
}

/// <summary>A database of its own on the MongoDB of <c>MONGODB_URI</c>, dropped at the end; without one, the test is skipped.</summary>
public sealed class MongoArticleStoreFixture : ArticleStoreFixture
{
    private readonly MongoStore? _mongo;
    private readonly MongoArticleStore? _store;
    private readonly MongoOutbox? _outbox;

    public MongoArticleStoreFixture()
    {
        if (Environment.GetEnvironmentVariable("MONGODB_URI") is not { Length: > 0 } uri)
        {
            return;
        }
        _mongo = new MongoStore(uri, "articles-test-" + Guid.NewGuid().ToString("N"), new OutboxSignal());
        _store = new MongoArticleStore(_mongo);
        _outbox = new MongoOutbox(_mongo);
        _outbox.CreateIndexesAsync(CancellationToken.None).GetAwaiter().GetResult();
        _store.CreateAsync(_mongo, CancellationToken.None).GetAwaiter().GetResult();
    }

    private const string NoServer = "No MongoDB: MONGODB_URI is not set (this machine has no MongoDB server and no Docker engine).";

    public override IArticleStore Store => _store ?? throw SkipNow();
    protected override IOutboxStore Outbox => _outbox ?? throw SkipNow();

    private static Exception SkipNow()
    {
        Assert.Skip(NoServer);
        return new InvalidOperationException(NoServer);
    }

    public override void Dispose()
    {
        _mongo?.Client.DropDatabase(_mongo.Database.DatabaseNamespace.DatabaseName);
    }
}
