namespace Publishing.Contracts;

/// <summary>
/// A reader's "very good" vote was counted. <paramref name="Count"/> is the article's count after it and
/// <paramref name="Sequence"/> orders the count changes of one article, so consumers keep the newest count
/// and never recount.
/// </summary>
public sealed record VoteCast(
    Guid ArticleId,
    string ReaderId,
    long Count,
    long Sequence,
    DateTimeOffset CastAt);

/// <summary>
/// A reader took back a vote. <paramref name="CastAt"/> is when the retracted vote was cast, so that
/// time-decayed scores can remove exactly what it added.
/// </summary>
public sealed record VoteRetracted(
    Guid ArticleId,
    string ReaderId,
    long Count,
    long Sequence,
    DateTimeOffset CastAt,
    DateTimeOffset RetractedAt);
