using MongoDB.Bson;
using MongoDB.Bson.Serialization;
using MongoDB.Bson.Serialization.Serializers;
using MongoDB.Driver;
using Publishing.Contracts;
using Publishing.ServiceDefaults.Storage.Mongo;

namespace Publishing.Voting.Storage;

/// <summary>
/// The votes in MongoDB. A vote or a retraction is one multi-document transaction (the vote, the article's count and
/// sequence, the outbox event commit together); two that change the same article collide on its document and the
/// driver retries the later one, so counts and sequences stay exact. The catalogue changes are single-document
/// upserts, atomic on their own and naturally idempotent, so they need neither a transaction nor an inbox record.
/// </summary>
public sealed class MongoVoteStore : IVoteStore, IMongoIndexes
{
    public const string ArticlesCollection = "articles";
    public const string VotesCollection = "votes";

    private readonly MongoStore _store;

    static MongoVoteStore() => RegisterClassMaps();

    public MongoVoteStore(MongoStore store) => _store = store;

    /// <summary>What the service knows of an article: whether it can be voted for, its count and the sequence of its last change.</summary>
    public sealed record CatalogueEntry(Guid Id, DateTimeOffset? PublishedAt, DateTimeOffset? WithdrawnAt, long Votes, long Sequence);

    /// <summary>One reader's vote for one article; the unique index on (article, reader) is what makes a reader count once.</summary>
    public sealed record Vote(Guid ArticleId, string ReaderId, DateTimeOffset CastAt);

    public static void RegisterClassMaps()
    {
        MongoConventions.Register();
        BsonClassMap.TryRegisterClassMap<CatalogueEntry>(map =>
        {
            map.AutoMap();
            // Absent rather than null, so that $min sets them the first time (null sorts below every date).
            map.GetMemberMap(e => e.PublishedAt).SetIgnoreIfNull(true);
            map.GetMemberMap(e => e.WithdrawnAt).SetIgnoreIfNull(true);
        });
        BsonClassMap.TryRegisterClassMap<Vote>(map =>
        {
            map.AutoMap();
            // To the tick, not to the millisecond of a BSON date: a retraction tells Ranking exactly when the vote was
            // cast, so that it removes exactly the weight the vote added.
            map.GetMemberMap(v => v.CastAt).SetSerializer(new DateTimeOffsetSerializer(BsonType.Document));
        });
    }

    private IMongoCollection<CatalogueEntry> Articles => _store.Collection<CatalogueEntry>(ArticlesCollection);
    private IMongoCollection<Vote> Votes => _store.Collection<Vote>(VotesCollection);

    public static FilterDefinition<CatalogueEntry> Article(Guid articleId) => Builders<CatalogueEntry>.Filter.Eq(e => e.Id, articleId);

    public static FilterDefinition<Vote> VoteOf(Guid articleId, string readerId) =>
        Builders<Vote>.Filter.Eq(v => v.ArticleId, articleId) & Builders<Vote>.Filter.Eq(v => v.ReaderId, readerId);

    // $min makes the first sighting stick whatever order redeliveries come in; $setOnInsert starts the count of an
    // article first seen here.
    public static UpdateDefinition<CatalogueEntry> Published(DateTimeOffset publishedAt) =>
        Builders<CatalogueEntry>.Update.Min(e => e.PublishedAt, publishedAt).SetOnInsert(e => e.Votes, 0).SetOnInsert(e => e.Sequence, 0);

    public static UpdateDefinition<CatalogueEntry> Withdrawn(DateTimeOffset withdrawnAt) =>
        Builders<CatalogueEntry>.Update.Min(e => e.WithdrawnAt, withdrawnAt).SetOnInsert(e => e.Votes, 0).SetOnInsert(e => e.Sequence, 0);

    /// <summary>Inserts the vote if the reader has none for the article (the filter gives the upserted document its key).</summary>
    public static UpdateDefinition<Vote> Recorded(DateTimeOffset castAt) => Builders<Vote>.Update.SetOnInsert(v => v.CastAt, castAt);

    public static UpdateDefinition<CatalogueEntry> CountChanged(int by) =>
        Builders<CatalogueEntry>.Update.Inc(e => e.Votes, by).Inc(e => e.Sequence, 1);

    public static CreateIndexModel<Vote> OneVotePerReader { get; } = new(
        Builders<Vote>.IndexKeys.Ascending(v => v.ArticleId).Ascending(v => v.ReaderId),
        new CreateIndexOptions { Unique = true, Name = "one_vote_per_reader" });

    public Task CreateAsync(MongoStore store, CancellationToken cancellationToken) =>
        store.Collection<Vote>(VotesCollection).Indexes.CreateOneAsync(OneVotePerReader, cancellationToken: cancellationToken);

    public Task ApplyPublishedAsync(Guid articleId, DateTimeOffset publishedAt, CancellationToken cancellationToken) =>
        Articles.UpdateOneAsync(Article(articleId), Published(publishedAt), new UpdateOptions { IsUpsert = true }, cancellationToken);

    public Task ApplyWithdrawnAsync(Guid articleId, DateTimeOffset withdrawnAt, CancellationToken cancellationToken) =>
        Articles.UpdateOneAsync(Article(articleId), Withdrawn(withdrawnAt), new UpdateOptions { IsUpsert = true }, cancellationToken);

    public Task<VoteTally> CastAsync(Guid articleId, string readerId, DateTimeOffset castAt, CancellationToken cancellationToken) =>
        _store.WriteAsync((session, ct) => ChangeOpenArticleAsync(session, articleId, async entry =>
        {
            var recorded = await Votes.UpdateOneAsync(session, VoteOf(articleId, readerId), Recorded(castAt), new UpdateOptions { IsUpsert = true }, ct);
            if (recorded.UpsertedId is null)
            {
                return new VoteTally.Counted(articleId, entry.Votes, Voted: true);
            }
            var changed = await ChangeCountAsync(session, articleId, +1, ct);
            await MongoOutbox.AddAsync(_store, session, new VoteCast(articleId, readerId, changed.Votes, changed.Sequence, castAt), ct);
            return new VoteTally.Counted(articleId, changed.Votes, Voted: true);
        }, ct), cancellationToken);

    public Task<VoteTally> RetractAsync(Guid articleId, string readerId, DateTimeOffset retractedAt, CancellationToken cancellationToken) =>
        _store.WriteAsync((session, ct) => ChangeOpenArticleAsync(session, articleId, async entry =>
        {
            var vote = await Votes.FindOneAndDeleteAsync(session, VoteOf(articleId, readerId), cancellationToken: ct);
            if (vote is null)
            {
                return new VoteTally.Counted(articleId, entry.Votes, Voted: false);
            }
            var changed = await ChangeCountAsync(session, articleId, -1, ct);
            await MongoOutbox.AddAsync(_store, session, new VoteRetracted(articleId, readerId, changed.Votes, changed.Sequence, vote.CastAt, retractedAt), ct);
            return new VoteTally.Counted(articleId, changed.Votes, Voted: false);
        }, ct), cancellationToken);

    /// <summary>Changes the votes of an article readers can vote for, or answers why they cannot.</summary>
    private async Task<VoteTally> ChangeOpenArticleAsync(
        IClientSessionHandle session, Guid articleId, Func<CatalogueEntry, Task<VoteTally>> change, CancellationToken cancellationToken)
    {
        var entry = await Articles.Find(session, Article(articleId)).FirstOrDefaultAsync(cancellationToken);
        return Closed(entry) ?? await change(entry!);
    }

    public async Task<VoteTally> TallyAsync(Guid articleId, string? readerId, CancellationToken cancellationToken)
    {
        var entry = await Articles.Find(Article(articleId)).FirstOrDefaultAsync(cancellationToken);
        if (Closed(entry) is { } closed)
        {
            return closed;
        }
        var voted = readerId is not null && await Votes.Find(VoteOf(articleId, readerId)).AnyAsync(cancellationToken);
        return new VoteTally.Counted(articleId, entry!.Votes, voted);
    }

    private static VoteTally? Closed(CatalogueEntry? entry) => entry switch
    {
        { WithdrawnAt: not null } => new VoteTally.Withdrawn(),
        null or { PublishedAt: null } => new VoteTally.Unknown(),
        _ => null,
    };

    private Task<CatalogueEntry> ChangeCountAsync(IClientSessionHandle session, Guid articleId, int by, CancellationToken cancellationToken) =>
        Articles.FindOneAndUpdateAsync(
            session, Article(articleId), CountChanged(by),
            new FindOneAndUpdateOptions<CatalogueEntry> { ReturnDocument = ReturnDocument.After }, cancellationToken);
}
