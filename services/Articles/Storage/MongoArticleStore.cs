using MongoDB.Bson.Serialization;
using MongoDB.Driver;
using Publishing.Articles.Domain;
using Publishing.Contracts;
using Publishing.ServiceDefaults.Messaging;
using Publishing.ServiceDefaults.Storage;
using Publishing.ServiceDefaults.Storage.Mongo;

namespace Publishing.Articles.Storage;

/// <summary>
/// The articles in MongoDB: one document per article (its newest revision, or a tombstone when withdrawn, possibly
/// before any revision arrived), every revision in a collection of its own, and every slug an article ever had. Each
/// list of consumed messages is one multi-document transaction with their inbox records and outbox events. What a
/// change does is <see cref="ArticleRules"/>'s decision on the state read in the transaction, so two messages about
/// one article collide on its document and the driver retries the later one, which then decides on the earlier's effect.
/// </summary>
public sealed class MongoArticleStore : IArticleStore, IMongoIndexes
{
    public const string Articles = "articles";
    public const string Revisions = "revisions";
    public const string Slugs = "slugs";

    private readonly MongoStore _store;

    static MongoArticleStore() => RegisterClassMaps();

    public MongoArticleStore(MongoStore store) => _store = store;

    public static void RegisterClassMaps()
    {
        MongoConventions.Register();
        BsonClassMap.TryRegisterClassMap<ArticleDocument>(map => map.AutoMap());
        BsonClassMap.TryRegisterClassMap<RevisionDocument>(map => map.AutoMap());
        BsonClassMap.TryRegisterClassMap<SlugDocument>(map => map.AutoMap());
    }

    /// <summary>
    /// An article as stored. A document made by a vote count or a withdrawal alone has revision 0 and no content; fields
    /// a document lacks read as their defaults.
    /// </summary>
    public sealed record ArticleDocument
    {
        public Guid Id { get; init; }
        public int Revision { get; init; }
        public string? Slug { get; init; }
        public string? Source { get; init; }
        public string? ExternalId { get; init; }
        public string? Headline { get; init; }
        public string? Summary { get; init; }
        public string? Body { get; init; }
        public string? Byline { get; init; }
        public string? Dateline { get; init; }
        public List<string> Topics { get; init; } = [];
        /// <summary>The topics as <see cref="TopicKey"/>s, what the topic list matches and indexes.</summary>
        public List<string> TopicKeys { get; init; } = [];
        public string? Language { get; init; }
        public DateTimeOffset? PublishedAt { get; init; }
        public DateTimeOffset? UpdatedAt { get; init; }
        public DateTimeOffset? WithdrawnAt { get; init; }
        public long Votes { get; init; }
        public long VotesSequence { get; init; }
    }

    /// <summary>One revision as it arrived, under "{articleId}:{revision}", so a redelivery finds it.</summary>
    public sealed record RevisionDocument(string Id, Guid ArticleId, int Revision, ArticleSubmitted Submission)
    {
        public static string Key(Guid articleId, int revision) => $"{articleId:N}:{revision}";
    }

    public sealed record SlugDocument(string Id, Guid ArticleId);

    private static readonly FilterDefinitionBuilder<ArticleDocument> Filter = Builders<ArticleDocument>.Filter;
    private static readonly UpdateDefinitionBuilder<ArticleDocument> Update = Builders<ArticleDocument>.Update;
    private static readonly UpdateOptions Upsert = new() { IsUpsert = true };

    private IMongoCollection<ArticleDocument> ArticleDocuments => _store.Collection<ArticleDocument>(Articles);
    private IMongoCollection<RevisionDocument> RevisionDocuments => _store.Collection<RevisionDocument>(Revisions);
    private IMongoCollection<SlugDocument> SlugDocuments => _store.Collection<SlugDocument>(Slugs);

    public static FilterDefinition<ArticleDocument> ById(Guid id) => Filter.Eq(a => a.Id, id);

    /// <summary>The article's content becomes that of <paramref name="submitted"/>; its vote count stays.</summary>
    public static UpdateDefinition<ArticleDocument> Serve(ArticleSubmitted submitted) => Update
        .Set(a => a.Revision, submitted.Revision)
        .Set(a => a.Slug, submitted.Slug)
        .Set(a => a.Source, submitted.Source)
        .Set(a => a.ExternalId, submitted.ExternalId)
        .Set(a => a.Headline, submitted.Headline)
        .Set(a => a.Summary, submitted.Summary)
        .Set(a => a.Body, submitted.BodyHtml)
        .Set(a => a.Byline, submitted.Byline)
        .Set(a => a.Dateline, submitted.Dateline)
        .Set(a => a.Topics, submitted.Topics.ToList())
        .Set(a => a.TopicKeys, TopicKey.Keys(submitted.Topics).ToList())
        .Set(a => a.Language, submitted.Language)
        .Set(a => a.PublishedAt, submitted.PublishedAt)
        .Set(a => a.UpdatedAt, submitted.SubmittedAt)
        .SetOnInsert(a => a.Votes, 0L)
        .SetOnInsert(a => a.VotesSequence, 0L);

    public static UpdateDefinition<ArticleDocument> Withdraw(DateTimeOffset withdrawnAt) => Update
        .Set(a => a.WithdrawnAt, withdrawnAt)
        .SetOnInsert(a => a.Revision, 0)
        .SetOnInsert(a => a.Votes, 0L)
        .SetOnInsert(a => a.VotesSequence, 0L);

    public static UpdateDefinition<ArticleDocument> KeepCount(long count, long sequence) => Update
        .Set(a => a.Votes, count)
        .Set(a => a.VotesSequence, sequence)
        .SetOnInsert(a => a.Revision, 0);

    /// <summary>Readable articles (of a topic), strictly after <paramref name="after"/> in the newest-first order.</summary>
    public static FilterDefinition<ArticleDocument> Listed(string? topic, ListPosition? after)
    {
        var filter = Filter.Gt(a => a.Revision, 0) & Filter.Eq(a => a.WithdrawnAt, null);
        if (topic is not null)
        {
            filter &= Filter.AnyEq(a => a.TopicKeys, topic);
        }
        if (after is not null)
        {
            filter &= Filter.Lt(a => a.PublishedAt, after.PublishedAt)
                | (Filter.Eq(a => a.PublishedAt, after.PublishedAt) & Filter.Lt(a => a.Id, after.Id));
        }
        return filter;
    }

    public static readonly SortDefinition<ArticleDocument> NewestFirst =
        Builders<ArticleDocument>.Sort.Descending(a => a.PublishedAt).Descending(a => a.Id);

    /// <summary>A list shows no body: at 100 items of up to 512 KiB each it would be most of the answer.</summary>
    public static readonly ProjectionDefinition<ArticleDocument> SummaryFields =
        Builders<ArticleDocument>.Projection.Exclude(a => a.Body);

    public static IReadOnlyList<CreateIndexModel<ArticleDocument>> ArticleIndexes { get; } =
    [
        new(Builders<ArticleDocument>.IndexKeys.Descending(a => a.PublishedAt).Descending(a => a.Id), new CreateIndexOptions { Name = "newest" }),
        new(Builders<ArticleDocument>.IndexKeys.Ascending(a => a.TopicKeys).Descending(a => a.PublishedAt).Descending(a => a.Id), new CreateIndexOptions { Name = "topic_newest" }),
    ];

    /// <summary>One document per revision of an article, as the SQLite schema's primary key (article_id, revision).</summary>
    public static CreateIndexModel<RevisionDocument> RevisionIndex { get; } = new(
        Builders<RevisionDocument>.IndexKeys.Ascending(r => r.ArticleId).Ascending(r => r.Revision),
        new CreateIndexOptions { Unique = true, Name = "one_document_per_revision" });

    public async Task CreateAsync(MongoStore mongo, CancellationToken cancellationToken)
    {
        await mongo.Collection<ArticleDocument>(Articles).Indexes.CreateManyAsync(ArticleIndexes, cancellationToken);
        await mongo.Collection<RevisionDocument>(Revisions).Indexes.CreateOneAsync(RevisionIndex, cancellationToken: cancellationToken);
    }

    public Task ApplyAsync(IReadOnlyList<Delivered<ArticleChange>> changes, CancellationToken cancellationToken) =>
        _store.WriteAsync(async (session, cancellation) =>
        {
            foreach (var (messageId, change) in changes)
            {
                if (!await MongoInbox.TryRecordAsync(_store, session, messageId, ArticleStoreChanges.InboxConsumer(change), cancellation))
                {
                    continue;
                }
                if (change is ArticleChange.Submission submission)
                {
                    await KeepRevisionAsync(session, submission.Revision, cancellation);
                }
                // Read in the transaction: a concurrent change of the article makes the write below conflict, and the
                // driver runs the whole transaction again, which then decides on that change.
                var current = await ArticleDocuments.Find(session, ById(change.ArticleId)).FirstOrDefaultAsync(cancellation);
                await SaveAsync(session, change.ArticleId, ArticleRules.Decide(State(current), change), cancellation);
            }
            return changes.Count;
        }, cancellationToken);

    public static ArticleState State(ArticleDocument? document) =>
        document is null ? ArticleState.Unseen : new(document.Revision, document.WithdrawnAt, document.Votes, document.VotesSequence);

    private async Task SaveAsync(IClientSessionHandle session, Guid articleId, ArticleDecision decision, CancellationToken cancellationToken)
    {
        switch (decision)
        {
            case ArticleDecision.Serve serve:
                await ArticleDocuments.UpdateOneAsync(session, ById(articleId), Serve(serve.Revision), Upsert, cancellationToken);
                await (serve.Replaces
                    ? MongoOutbox.AddAsync(_store, session, new ArticleRevised(serve.Snapshot), cancellationToken)
                    : MongoOutbox.AddAsync(_store, session, new ArticlePublished(serve.Snapshot), cancellationToken));
                break;
            case ArticleDecision.Withdraw withdraw:
                await ArticleDocuments.UpdateOneAsync(session, ById(articleId), Withdraw(withdraw.Event.WithdrawnAt), Upsert, cancellationToken);
                await MongoOutbox.AddAsync(_store, session, withdraw.Event, cancellationToken);
                break;
            case ArticleDecision.KeepCount count:
                await ArticleDocuments.UpdateOneAsync(session, ById(articleId), KeepCount(count.Count, count.Sequence), Upsert, cancellationToken);
                break;
        }
    }

    // Upserts that set only on insert: a second copy changes nothing and, unlike an insert, raises no duplicate key
    // error that would abort the transaction.
    private async Task KeepRevisionAsync(IClientSessionHandle session, ArticleSubmitted submitted, CancellationToken cancellationToken)
    {
        var key = RevisionDocument.Key(submitted.ArticleId, submitted.Revision);
        await RevisionDocuments.UpdateOneAsync(session,
            Builders<RevisionDocument>.Filter.Eq(r => r.Id, key),
            KeepRevision(submitted), Upsert, cancellationToken);
        await SlugDocuments.UpdateOneAsync(session,
            Builders<SlugDocument>.Filter.Eq(s => s.Id, submitted.Slug),
            Builders<SlugDocument>.Update.SetOnInsert(s => s.ArticleId, submitted.ArticleId), Upsert, cancellationToken);
    }

    public static UpdateDefinition<RevisionDocument> KeepRevision(ArticleSubmitted submitted) => Builders<RevisionDocument>.Update
        .SetOnInsert(r => r.ArticleId, submitted.ArticleId)
        .SetOnInsert(r => r.Revision, submitted.Revision)
        .SetOnInsert(r => r.Submission, submitted);

    public async Task<IReadOnlyList<ArticleSubmitted>> RevisionsAsync(Guid articleId, CancellationToken cancellationToken) =>
        (await RevisionDocuments.Find(Builders<RevisionDocument>.Filter.Eq(r => r.ArticleId, articleId))
            .Sort(Builders<RevisionDocument>.Sort.Ascending(r => r.Revision))
            .ToListAsync(cancellationToken)).Select(r => r.Submission).ToList();

    public async Task<ArticleLookup> FindAsync(string idOrSlug, CancellationToken cancellationToken)
    {
        Guid? id = Guid.TryParse(idOrSlug, out var guid)
            ? guid
            : (await SlugDocuments.Find(Builders<SlugDocument>.Filter.Eq(s => s.Id, idOrSlug)).FirstOrDefaultAsync(cancellationToken))?.ArticleId;
        var document = id is null ? null : await ArticleDocuments.Find(ById(id.Value)).FirstOrDefaultAsync(cancellationToken);
        return Lookup(document);
    }

    /// <summary>What a stored document means to a reader.</summary>
    public static ArticleLookup Lookup(ArticleDocument? document) => document switch
    {
        null or { Revision: 0, WithdrawnAt: null } => new ArticleLookup.Unknown(),
        { WithdrawnAt: not null } withdrawn => new ArticleLookup.Withdrawn(withdrawn.Id),
        { } found => new ArticleLookup.Found(new Article(
            found.Id, found.Slug!, found.Revision, found.ExternalId!, found.Source!, found.Headline!, found.Summary,
            found.Body!, found.Byline, found.Dateline, found.Topics, found.Language!, found.PublishedAt!.Value,
            found.UpdatedAt!.Value, found.Votes)),
    };

    public async Task<IReadOnlyList<ArticleSummary>> ListAsync(string? topic, int limit, ListPosition? after, CancellationToken cancellationToken)
    {
        var documents = await ArticleDocuments.Find(Listed(topic, after))
            .Sort(NewestFirst)
            .Limit(limit)
            .Project<ArticleDocument>(SummaryFields)
            .ToListAsync(cancellationToken);
        return documents.Select(d => new ArticleSummary(
            d.Id, d.Slug!, d.Headline!, d.Summary, d.Dateline, d.Topics, d.PublishedAt!.Value, d.UpdatedAt!.Value, d.Votes)).ToList();
    }
}
