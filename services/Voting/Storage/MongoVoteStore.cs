using MongoDB.Bson;
using MongoDB.Bson.Serialization;
using MongoDB.Bson.Serialization.Serializers;
using MongoDB.Driver;
using Publishing.Contracts;
using Publishing.ServiceDefaults.Storage.Mongo;
using Publishing.Voting.Domain;

namespace Publishing.Voting.Storage;

/// <summary>
/// The votes in MongoDB. Every change is one multi-document transaction that reads what <see cref="VoteRules"/> decide
/// on and saves their decision (the vote, the article's count and sequence, the outbox event commit together); two
/// that change the same article collide on its document and the driver retries the later one, which then decides on
/// the earlier's effect, so counts and sequences stay exact. The catalogue changes are naturally idempotent (the
/// earliest time stands), so they need no inbox record.
/// </summary>
public sealed class MongoVoteStore : IVoteStore, IMongoIndexes
{
    public const string ArticlesCollection = "articles";
    public const string VotesCollection = "votes";

    private readonly MongoStore _store;

    static MongoVoteStore() => RegisterClassMaps();

    public MongoVoteStore(MongoStore store) => _store = store;

    /// <summary>What the service knows of an article: whether it can be voted for, its count and the sequence of its last change.</summary>
    public sealed record CatalogueDocument(Guid Id, DateTimeOffset? PublishedAt, DateTimeOffset? WithdrawnAt, long Votes, long Sequence);

    /// <summary>One reader's vote for one article; the unique index on (article, reader) is what makes a reader count once.</summary>
    public sealed record Vote(Guid ArticleId, string ReaderId, DateTimeOffset CastAt);

    public static void RegisterClassMaps()
    {
        MongoConventions.Register();
        BsonClassMap.TryRegisterClassMap<CatalogueDocument>(map =>
        {
            map.AutoMap();
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

    private IMongoCollection<CatalogueDocument> Articles => _store.Collection<CatalogueDocument>(ArticlesCollection);
    private IMongoCollection<Vote> Votes => _store.Collection<Vote>(VotesCollection);

    public static FilterDefinition<CatalogueDocument> Article(Guid articleId) => Builders<CatalogueDocument>.Filter.Eq(e => e.Id, articleId);

    public static FilterDefinition<Vote> VoteOf(Guid articleId, string readerId) =>
        Builders<Vote>.Filter.Eq(v => v.ArticleId, articleId) & Builders<Vote>.Filter.Eq(v => v.ReaderId, readerId);

    public static CatalogueEntry Entry(CatalogueDocument document) => new(document.PublishedAt, document.WithdrawnAt, document.Votes, document.Sequence);

    /// <summary>The catalogue dates as the rules decided them; a document made here starts with no votes.</summary>
    public static UpdateDefinition<CatalogueDocument> Catalogued(CatalogueEntry entry)
    {
        var update = Builders<CatalogueDocument>.Update.SetOnInsert(e => e.Votes, 0).SetOnInsert(e => e.Sequence, 0);
        if (entry.PublishedAt is { } publishedAt)
        {
            update = update.Set(e => e.PublishedAt, publishedAt);
        }
        return entry.WithdrawnAt is { } withdrawnAt ? update.Set(e => e.WithdrawnAt, withdrawnAt) : update;
    }

    /// <summary>Inserts the vote if the reader has none for the article (the filter gives the upserted document its key).</summary>
    public static UpdateDefinition<Vote> Recorded(DateTimeOffset castAt) => Builders<Vote>.Update.SetOnInsert(v => v.CastAt, castAt);

    public static UpdateDefinition<CatalogueDocument> Counted(long votes, long sequence) =>
        Builders<CatalogueDocument>.Update.Set(e => e.Votes, votes).Set(e => e.Sequence, sequence);

    public static CreateIndexModel<Vote> OneVotePerReader { get; } = new(
        Builders<Vote>.IndexKeys.Ascending(v => v.ArticleId).Ascending(v => v.ReaderId),
        new CreateIndexOptions { Unique = true, Name = "one_vote_per_reader" });

    public Task CreateAsync(MongoStore store, CancellationToken cancellationToken) =>
        store.Collection<Vote>(VotesCollection).Indexes.CreateOneAsync(OneVotePerReader, cancellationToken: cancellationToken);

    public Task ApplyAsync(IReadOnlyList<CatalogueChange> changes, CancellationToken cancellationToken) =>
        _store.WriteAsync(async (session, ct) =>
        {
            foreach (var change in changes)
            {
                var document = await Articles.Find(session, Article(change.ArticleId)).FirstOrDefaultAsync(ct);
                var before = document is null ? CatalogueEntry.Unseen : Entry(document);
                var after = VoteRules.Catalogue(before, change);
                if (after != before)
                {
                    await Articles.UpdateOneAsync(session, Article(change.ArticleId), Catalogued(after), new UpdateOptions { IsUpsert = true }, ct);
                }
            }
            return changes.Count;
        }, cancellationToken);

    public Task<VoteTally> ApplyAsync(Ballot ballot, CancellationToken cancellationToken) =>
        _store.WriteAsync(async (session, ct) =>
        {
            var document = await Articles.Find(session, Article(ballot.ArticleId)).FirstOrDefaultAsync(ct);
            var vote = document is null ? null : await Votes.Find(session, VoteOf(ballot.ArticleId, ballot.ReaderId)).FirstOrDefaultAsync(ct);
            var decision = VoteRules.Decide(document is null ? null : Entry(document), vote?.CastAt, ballot);
            switch (decision)
            {
                case BallotDecision.Record { Event: var cast }:
                    await Votes.UpdateOneAsync(session, VoteOf(cast.ArticleId, cast.ReaderId), Recorded(cast.CastAt), new UpdateOptions { IsUpsert = true }, ct);
                    await Articles.UpdateOneAsync(session, Article(cast.ArticleId), Counted(cast.Count, cast.Sequence), cancellationToken: ct);
                    await MongoOutbox.AddAsync(_store, session, cast, ct);
                    break;
                case BallotDecision.Remove { Event: var retracted }:
                    await Votes.DeleteOneAsync(session, VoteOf(retracted.ArticleId, retracted.ReaderId), cancellationToken: ct);
                    await Articles.UpdateOneAsync(session, Article(retracted.ArticleId), Counted(retracted.Count, retracted.Sequence), cancellationToken: ct);
                    await MongoOutbox.AddAsync(_store, session, retracted, ct);
                    break;
            }
            return decision.Tally;
        }, cancellationToken);

    public async Task<CatalogueEntry?> FindAsync(Guid articleId, CancellationToken cancellationToken) =>
        await Articles.Find(Article(articleId)).FirstOrDefaultAsync(cancellationToken) is { } document ? Entry(document) : null;

    public Task<bool> HasVotedAsync(Guid articleId, string readerId, CancellationToken cancellationToken) =>
        Votes.Find(VoteOf(articleId, readerId)).AnyAsync(cancellationToken);
}
