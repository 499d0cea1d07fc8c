using MassTransit;
using Publishing.Contracts;
using Publishing.Ranking.Domain;
using Publishing.Ranking.Storage;
using Publishing.ServiceDefaults.Messaging;

namespace Publishing.Ranking.Projection;

/// <summary>
/// A thin batch consumer: the projection stores a batch in one transaction, each message with its inbox record (kept
/// under the consumer's name) and its effect, so a redelivery changes nothing, and the model follows the feed once per
/// batch. See <see cref="Batches"/> for what happens when one message of a batch fails.
/// </summary>
public abstract class RankingConsumer<TMessage>(RankingProjection projection, Func<TMessage, RankingChange> change) : IConsumer<Batch<TMessage>>
    where TMessage : class
{
    public Task Consume(ConsumeContext<Batch<TMessage>> context) =>
        Batches.ApplyAsync(context.Changes(change),
            (changes, cancellation) => projection.ApplyAsync(GetType().Name, changes, cancellation), context.CancellationToken);
}

public sealed class ArticlePublishedConsumer(RankingProjection projection)
    : RankingConsumer<ArticlePublished>(projection, m => new RankingChange.Article(m.Article));

public sealed class ArticleRevisedConsumer(RankingProjection projection)
    : RankingConsumer<ArticleRevised>(projection, m => new RankingChange.Article(m.Article));

public sealed class ArticleWithdrawnConsumer(RankingProjection projection)
    : RankingConsumer<ArticleWithdrawn>(projection, m => new RankingChange.Withdrawal(m.ArticleId, m.WithdrawnAt));

public sealed class VoteCastConsumer(RankingProjection projection)
    : RankingConsumer<VoteCast>(projection, m => new RankingChange.Vote(new ReaderVote(m.ArticleId, m.ReaderId, m.Sequence, m.CastAt, Standing: true)));

public sealed class VoteRetractedConsumer(RankingProjection projection)
    : RankingConsumer<VoteRetracted>(projection, m => new RankingChange.Vote(new ReaderVote(m.ArticleId, m.ReaderId, m.Sequence, m.CastAt, Standing: false)));

public sealed class ArticlePublishedConsumerDefinition : BatchConsumerDefinition<ArticlePublishedConsumer>;

public sealed class ArticleRevisedConsumerDefinition : BatchConsumerDefinition<ArticleRevisedConsumer>;

public sealed class ArticleWithdrawnConsumerDefinition : BatchConsumerDefinition<ArticleWithdrawnConsumer>;

public sealed class VoteCastConsumerDefinition : BatchConsumerDefinition<VoteCastConsumer>;

public sealed class VoteRetractedConsumerDefinition : BatchConsumerDefinition<VoteRetractedConsumer>;
