using Publishing.Articles.Storage;
using Publishing.Contracts;
using Publishing.ServiceDefaults.Outbox;
using Publishing.ServiceDefaults.Storage;

namespace Publishing.Articles.Tests;

/// <summary>An article store on its own SQLite file in a temporary folder, with a look into its outbox.</summary>
public sealed class ArticleStoreFixture : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("publishing-articles-").FullName;

    public ArticleStoreFixture()
    {
        Database = new SqliteDatabase(Path.Combine(_folder, "articles.db"), SqliteArticleStore.Schema, new OutboxSignal());
        Store = new SqliteArticleStore(Database);
        Outbox = new SqliteOutbox(Database);
    }

    public SqliteDatabase Database { get; }
    public IArticleStore Store { get; }
    public SqliteOutbox Outbox { get; }

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

    public void Dispose()
    {
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        try { Directory.Delete(_folder, recursive: true); }
        catch (IOException) { }
    }
}
