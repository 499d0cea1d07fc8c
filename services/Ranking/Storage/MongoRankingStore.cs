using MongoDB.Bson;
using MongoDB.Bson.Serialization;
using MongoDB.Bson.Serialization.Serializers;
using MongoDB.Driver;
using Publishing.Contracts;
using Publishing.Ranking.Domain;
using Publishing.ServiceDefaults.Messaging;
using Publishing.ServiceDefaults.Storage;
using Publishing.ServiceDefaults.Storage.Mongo;

namespace Publishing.Ranking.Storage;

/// <summary>
/// The Ranking projections' store in MongoDB. Each list of events is one multi-document transaction: their inbox
/// records, what <see cref="RankingRules"/> decided for the articles and votes they change, and their entries in the
/// feed every replica follows, numbered by one counter document, commit together. Transactions that take a number collide on that counter, so a later number never commits before
/// an earlier one: a replica that has seen a position has seen everything before it. The related-articles checkpoint is larger than a
/// document may be: it is written as chunks under a new generation, then made current by a single-document update
/// of its header (atomic on its own), and the chunks of older generations are deleted after that.
/// </summary>
public sealed class MongoRankingStore : IRankingStore, IMongoIndexes
{
    public const string ArticlesCollection = "articles";
    public const string VotesCollection = "votes";
    public const string CountersCollection = "counters";
    public const string CheckpointsCollection = "checkpoints";
    public const string CheckpointChunksCollection = "checkpointChunks";
    public const string FeedCollection = "feed";
    public const string FeedMarksCollection = "feedMarks";

    /// <summary>Under MongoDB's 16 MB document limit, with room for the chunk's other fields.</summary>
    public const int ChunkSize = 8 * 1024 * 1024;

    private const string FeedPositions = "feed";
    private const string FeedTrimmedThrough = "feedTrimmed";
    private const string Related = "related";

    private readonly MongoStore _store;

    static MongoRankingStore() => RegisterClassMaps();

    public MongoRankingStore(MongoStore store) => _store = store;

    /// <summary>An article as Ranking knows it: its newest revision (absent for a withdrawal seen first), and the numbers of its first and latest change.</summary>
    public sealed record ArticleDocument(Guid Id, int Revision, SnapshotDocument? Snapshot, DateTimeOffset? WithdrawnAt, long Change, long First);

    /// <summary><see cref="ArticleSnapshot"/> as stored: its own type, so that the event contract can change without a migration.</summary>
    public sealed record SnapshotDocument(
        int Revision, string Slug, string Headline, string? Summary, string Text, List<string> Topics, string Language, DateTimeOffset PublishedAt);

    /// <summary>One reader's vote for one article as of the count change <see cref="Sequence"/>; unique per (article, reader).</summary>
    public sealed record VoteDocument(Guid ArticleId, string ReaderId, long Sequence, DateTimeOffset CastAt, bool Standing);

    public sealed record Counter(string Id, long Value);

    /// <summary>One change that took effect, under its feed position: an article's (no reader) or a reader's vote.</summary>
    public sealed record FeedEntry(long Id, Guid ArticleId, string? ReaderId);

    /// <summary>The feed's last position as of a time, noted when the feed is trimmed.</summary>
    public sealed record FeedMark(DateTimeOffset Id, long Position);

    /// <summary>The current checkpoint: which generation of chunks holds it, how many there are, and the article change it covers.</summary>
    public sealed record CheckpointHeader(string Id, Guid Generation, int Chunks, long Covers);

    public sealed record CheckpointChunk(Guid Generation, int Index, byte[] Data);

    public static void RegisterClassMaps()
    {
        MongoConventions.Register();
        BsonClassMap.TryRegisterClassMap<ArticleDocument>(map =>
        {
            map.AutoMap();
            map.GetMemberMap(a => a.Snapshot).SetIgnoreIfNull(true);
            map.GetMemberMap(a => a.WithdrawnAt).SetIgnoreIfNull(true);
        });
        BsonClassMap.TryRegisterClassMap<VoteDocument>(map =>
        {
            map.AutoMap();
            // To the tick: the model removes exactly the weight a vote added, computed from this instant.
            map.GetMemberMap(v => v.CastAt).SetSerializer(new DateTimeOffsetSerializer(BsonType.Document));
        });
    }

    private IMongoCollection<ArticleDocument> Articles => _store.Collection<ArticleDocument>(ArticlesCollection);
    private IMongoCollection<VoteDocument> Votes => _store.Collection<VoteDocument>(VotesCollection);
    private IMongoCollection<Counter> Counters => _store.Collection<Counter>(CountersCollection);
    private IMongoCollection<CheckpointHeader> Checkpoints => _store.Collection<CheckpointHeader>(CheckpointsCollection);
    private IMongoCollection<CheckpointChunk> Chunks => _store.Collection<CheckpointChunk>(CheckpointChunksCollection);
    private IMongoCollection<FeedEntry> Feed => _store.Collection<FeedEntry>(FeedCollection);
    private IMongoCollection<FeedMark> FeedMarks => _store.Collection<FeedMark>(FeedMarksCollection);

    public static FilterDefinition<ArticleDocument> Article(Guid id) => Builders<ArticleDocument>.Filter.Eq(a => a.Id, id);

    public static FilterDefinition<VoteDocument> VoteOf(Guid articleId, string readerId) =>
        Builders<VoteDocument>.Filter.Eq(v => v.ArticleId, articleId) & Builders<VoteDocument>.Filter.Eq(v => v.ReaderId, readerId);

    public static FilterDefinition<VoteDocument> StandingVotes { get; } = Builders<VoteDocument>.Filter.Eq(v => v.Standing, true);

    public static FilterDefinition<CheckpointChunk> ChunksOf(Guid generation) => Builders<CheckpointChunk>.Filter.Eq(c => c.Generation, generation);

    public static FilterDefinition<CheckpointChunk> ChunksNotOf(Guid generation) => Builders<CheckpointChunk>.Filter.Ne(c => c.Generation, generation);

    public static SortDefinition<ArticleDocument> InOrderFirstStored { get; } = Builders<ArticleDocument>.Sort.Ascending(a => a.First);

    public static FilterDefinition<FeedEntry> FeedBetween(long after, long last) =>
        Builders<FeedEntry>.Filter.Gt(e => e.Id, after) & Builders<FeedEntry>.Filter.Lte(e => e.Id, last);

    public static FilterDefinition<FeedEntry> FeedThrough(long position) => Builders<FeedEntry>.Filter.Lte(e => e.Id, position);

    public static FilterDefinition<Counter> CounterOf(string name) => Builders<Counter>.Filter.Eq(c => c.Id, name);

    /// <summary>The next feed position: one counter document, so concurrent changes collide there and are retried in order.</summary>
    public static UpdateDefinition<Counter> NextChange { get; } = Builders<Counter>.Update.Inc(c => c.Value, 1);

    public static UpdateDefinition<ArticleDocument> Revised(ArticleSnapshot article, long change) => Builders<ArticleDocument>.Update
        .Set(a => a.Revision, article.Revision)
        .Set(a => a.Snapshot, ToDocument(article))
        .Set(a => a.Change, change)
        .SetOnInsert(a => a.First, change);

    public static UpdateDefinition<ArticleDocument> Withdrawn(DateTimeOffset withdrawnAt, long change) => Builders<ArticleDocument>.Update
        .Set(a => a.WithdrawnAt, withdrawnAt)
        .Set(a => a.Change, change)
        .SetOnInsert(a => a.Revision, 0)
        .SetOnInsert(a => a.First, change);

    public static UpdateDefinition<VoteDocument> VoteAsOf(ReaderVote vote) => Builders<VoteDocument>.Update
        .Set(v => v.Sequence, vote.Sequence)
        .Set(v => v.CastAt, vote.CastAt)
        .Set(v => v.Standing, vote.Standing);

    public static CreateIndexModel<VoteDocument> OneVotePerReader { get; } = new(
        Builders<VoteDocument>.IndexKeys.Ascending(v => v.ArticleId).Ascending(v => v.ReaderId),
        new CreateIndexOptions { Unique = true, Name = "one_vote_per_reader" });

    public static CreateIndexModel<ArticleDocument> ByFirstChange { get; } = new(
        Builders<ArticleDocument>.IndexKeys.Ascending(a => a.First), new CreateIndexOptions { Name = "first_stored" });

    public static CreateIndexModel<CheckpointChunk> ChunkOrder { get; } = new(
        Builders<CheckpointChunk>.IndexKeys.Ascending(c => c.Generation).Ascending(c => c.Index),
        new CreateIndexOptions { Unique = true, Name = "generation_index" });

    /// <summary>The indexes, and the collections that transactions write to (creating one inside a transaction collides with its neighbours).</summary>
    public async Task CreateAsync(MongoStore store, CancellationToken cancellationToken)
    {
        await store.Collection<VoteDocument>(VotesCollection).Indexes.CreateOneAsync(OneVotePerReader, cancellationToken: cancellationToken);
        await store.Collection<ArticleDocument>(ArticlesCollection).Indexes.CreateOneAsync(ByFirstChange, cancellationToken: cancellationToken);
        await store.Collection<CheckpointChunk>(CheckpointChunksCollection).Indexes.CreateOneAsync(ChunkOrder, cancellationToken: cancellationToken);
        foreach (var collection in new[] { CountersCollection, FeedCollection })
        {
            try
            {
                await store.Database.CreateCollectionAsync(collection, cancellationToken: cancellationToken);
            }
            catch (MongoCommandException exception) when (exception.CodeName == "NamespaceExists")
            {
            }
        }
    }

    public Task ApplyAsync(string consumer, IReadOnlyList<Delivered<RankingChange>> changes, CancellationToken cancellationToken) =>
        _store.WriteAsync(async (session, ct) =>
        {
            foreach (var (messageId, change) in changes)
            {
                if (!await MongoInbox.TryRecordAsync(_store, session, messageId, consumer, ct))
                {
                    continue;
                }
                // Read in the transaction: a concurrent change of the same document conflicts, and the driver runs the
                // whole transaction again, which then decides on that change.
                var decision = change is RankingChange.Vote { ReaderVote: var vote }
                    ? RankingRules.Decide((await Votes.Find(session, VoteOf(vote.ArticleId, vote.ReaderId)).FirstOrDefaultAsync(ct)) is { } stored ? ToVote(stored) : null, vote)
                    : RankingRules.Decide(State(await Articles.Find(session, Article(change.ArticleId)).FirstOrDefaultAsync(ct)), change);
                await SaveAsync(session, decision, ct);
            }
            return changes.Count;
        }, cancellationToken);

    public static ArticleState State(ArticleDocument? document) =>
        document is null ? ArticleState.Unseen : new ArticleState(document.Revision, document.WithdrawnAt is not null);

    private async Task SaveAsync(IClientSessionHandle session, RankingDecision decision, CancellationToken cancellationToken)
    {
        switch (decision)
        {
            case RankingDecision.KeepArticle { Snapshot: var article }:
                var revised = await AddToFeedAsync(session, article.ArticleId, null, cancellationToken);
                await Articles.UpdateOneAsync(session, Article(article.ArticleId), Revised(article, revised), new UpdateOptions { IsUpsert = true }, cancellationToken);
                break;
            case RankingDecision.Withdraw withdraw:
                var withdrawn = await AddToFeedAsync(session, withdraw.ArticleId, null, cancellationToken);
                await Articles.UpdateOneAsync(session, Article(withdraw.ArticleId), Withdrawn(withdraw.WithdrawnAt, withdrawn), new UpdateOptions { IsUpsert = true }, cancellationToken);
                break;
            case RankingDecision.KeepVote { Vote: var vote }:
                await Votes.UpdateOneAsync(session, VoteOf(vote.ArticleId, vote.ReaderId), VoteAsOf(vote), new UpdateOptions { IsUpsert = true }, cancellationToken);
                await AddToFeedAsync(session, vote.ArticleId, vote.ReaderId, cancellationToken);
                break;
        }
    }

    public async Task<RankingSnapshot> LoadAsync(CancellationToken cancellationToken)
    {
        // The position first: whatever is committed after it may show in the documents too, and is applied again harmlessly.
        var position = await LastPositionAsync(0, cancellationToken);
        var articles = await Articles.Find(FilterDefinition<ArticleDocument>.Empty).Sort(InOrderFirstStored).ToListAsync(cancellationToken);
        var votes = await Votes.Find(StandingVotes).ToListAsync(cancellationToken);
        return new RankingSnapshot(articles.Select(ToStored).ToList(), votes.Select(ToVote).ToList(), position);
    }

    public async Task<RankingSnapshot> ChangesAfterAsync(long position, CancellationToken cancellationToken)
    {
        var last = await LastPositionAsync(position, cancellationToken);
        if (last == position)
        {
            return new RankingSnapshot([], [], position);
        }
        var entries = await Feed.Find(FeedBetween(position, last)).ToListAsync(cancellationToken);
        var articleIds = entries.Where(e => e.ReaderId is null).Select(e => e.ArticleId).Distinct().ToList();
        var articles = await Articles.Find(Builders<ArticleDocument>.Filter.In(a => a.Id, articleIds)).Sort(InOrderFirstStored).ToListAsync(cancellationToken);
        var votes = new List<VoteDocument>();
        foreach (var batch in entries.Where(e => e.ReaderId is not null).Select(e => (e.ArticleId, e.ReaderId!)).Distinct().Chunk(500))
        {
            var anyOf = Builders<VoteDocument>.Filter.Or(batch.Select(key => VoteOf(key.ArticleId, key.Item2)));
            votes.AddRange(await Votes.Find(anyOf).ToListAsync(cancellationToken));
        }
        // Read after the entries: a trim notes how far it goes before it deletes anything.
        if (position < await CounterAsync(FeedTrimmedThrough, cancellationToken))
        {
            articles = await Articles.Find(FilterDefinition<ArticleDocument>.Empty).Sort(InOrderFirstStored).ToListAsync(cancellationToken);
            votes = await Votes.Find(FilterDefinition<VoteDocument>.Empty).ToListAsync(cancellationToken);
        }
        return new RankingSnapshot(articles.Select(ToStored).ToList(), votes.Select(ToVote).ToList(), last);
    }

    public async Task<long> TrimFeedAsync(DateTimeOffset now, DateTimeOffset cutoff, CancellationToken cancellationToken)
    {
        var mark = new FeedMark(now, await CounterAsync(FeedPositions, cancellationToken));
        await FeedMarks.ReplaceOneAsync(Builders<FeedMark>.Filter.Eq(m => m.Id, mark.Id), mark, new ReplaceOptions { IsUpsert = true }, cancellationToken);
        var horizon = await FeedMarks.Find(Builders<FeedMark>.Filter.Lte(m => m.Id, cutoff)).SortByDescending(m => m.Id).FirstOrDefaultAsync(cancellationToken);
        if (horizon is null)
        {
            return 0; // Nothing noted long enough ago yet.
        }
        await FeedMarks.DeleteManyAsync(Builders<FeedMark>.Filter.Lt(m => m.Id, horizon.Id), cancellationToken);
        await Counters.UpdateOneAsync(
            CounterOf(FeedTrimmedThrough), Builders<Counter>.Update.Max(c => c.Value, horizon.Position), new UpdateOptions { IsUpsert = true }, cancellationToken);
        return (await Feed.DeleteManyAsync(FeedThrough(horizon.Position), cancellationToken)).DeletedCount;
    }

    private async Task<long> LastPositionAsync(long atLeast, CancellationToken cancellationToken) =>
        Math.Max(atLeast, await CounterAsync(FeedPositions, cancellationToken));

    private async Task<long> CounterAsync(string name, CancellationToken cancellationToken) =>
        (await Counters.Find(CounterOf(name)).FirstOrDefaultAsync(cancellationToken))?.Value ?? 0;

    private static StoredArticle ToStored(ArticleDocument a) => new(a.Id, a.Snapshot is null ? null : ToSnapshot(a.Id, a.Snapshot), a.WithdrawnAt is not null, a.Change);

    private static ReaderVote ToVote(VoteDocument v) => new(v.ArticleId, v.ReaderId, v.Sequence, v.CastAt, v.Standing);

    public async Task SaveCheckpointAsync(byte[] checkpoint, long covers, CancellationToken cancellationToken)
    {
        var generation = Guid.NewGuid();
        var chunks = checkpoint.Chunk(ChunkSize).Select((data, index) => new CheckpointChunk(generation, index, data)).ToList();
        if (chunks.Count > 0)
        {
            await Chunks.InsertManyAsync(chunks, cancellationToken: cancellationToken);
        }
        await Checkpoints.ReplaceOneAsync(
            Builders<CheckpointHeader>.Filter.Eq(h => h.Id, Related), new CheckpointHeader(Related, generation, chunks.Count, covers),
            new ReplaceOptions { IsUpsert = true }, cancellationToken);
        await Chunks.DeleteManyAsync(ChunksNotOf(generation), cancellationToken);
    }

    /// <summary>Null when there is none, or when a newer save replaced the chunks while they were read (the caller then indexes from the start).</summary>
    public async Task<RelatedCheckpoint?> LoadCheckpointAsync(CancellationToken cancellationToken)
    {
        var header = await Checkpoints.Find(Builders<CheckpointHeader>.Filter.Eq(h => h.Id, Related)).FirstOrDefaultAsync(cancellationToken);
        if (header is null)
        {
            return null;
        }
        var chunks = await Chunks.Find(ChunksOf(header.Generation)).SortBy(c => c.Index).ToListAsync(cancellationToken);
        if (chunks.Count != header.Chunks)
        {
            return null;
        }
        using var data = new MemoryStream(chunks.Sum(c => c.Data.Length));
        foreach (var chunk in chunks)
        {
            data.Write(chunk.Data);
        }
        return new RelatedCheckpoint(header.Covers, data.ToArray());
    }

    /// <summary>Takes the next feed position and puts the change there, in the caller's transaction.</summary>
    private async Task<long> AddToFeedAsync(IClientSessionHandle session, Guid articleId, string? readerId, CancellationToken cancellationToken)
    {
        var position = (await Counters.FindOneAndUpdateAsync(
            session, CounterOf(FeedPositions), NextChange,
            new FindOneAndUpdateOptions<Counter> { IsUpsert = true, ReturnDocument = ReturnDocument.After }, cancellationToken)).Value;
        await Feed.InsertOneAsync(session, new FeedEntry(position, articleId, readerId), cancellationToken: cancellationToken);
        return position;
    }

    public static SnapshotDocument ToDocument(ArticleSnapshot article) => new(
        article.Revision, article.Slug, article.Headline, article.Summary, article.Text, article.Topics.ToList(), article.Language, article.PublishedAt);

    public static ArticleSnapshot ToSnapshot(Guid id, SnapshotDocument document) => new(
        id, document.Revision, document.Slug, document.Headline, document.Summary, document.Text, document.Topics, document.Language, document.PublishedAt);
}
