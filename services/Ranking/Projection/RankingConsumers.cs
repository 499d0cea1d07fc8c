using MassTransit;
using Publishing.Contracts;
using Publishing.Ranking.Storage;
using Publishing.ServiceDefaults.Messaging;

namespace Publishing.Ranking.Projection;

// Thin consumers: the projection records each message in the inbox with its effect, so a redelivery changes nothing.

public sealed class ArticlePublishedConsumer(RankingProjection projection) : IConsumer<ArticlePublished>
{
    public Task Consume(ConsumeContext<ArticlePublished> context) =>
        projection.PutArticleAsync(context.RequireMessageId(), nameof(ArticlePublishedConsumer), context.Message.Article, context.CancellationToken);
}

public sealed class ArticleRevisedConsumer(RankingProjection projection) : IConsumer<ArticleRevised>
{
    public Task Consume(ConsumeContext<ArticleRevised> context) =>
        projection.PutArticleAsync(context.RequireMessageId(), nameof(ArticleRevisedConsumer), context.Message.Article, context.CancellationToken);
}

public sealed class ArticleWithdrawnConsumer(RankingProjection projection) : IConsumer<ArticleWithdrawn>
{
    public Task Consume(ConsumeContext<ArticleWithdrawn> context) =>
        projection.WithdrawAsync(context.RequireMessageId(), nameof(ArticleWithdrawnConsumer), context.Message.ArticleId, context.Message.WithdrawnAt, context.CancellationToken);
}

public sealed class VoteCastConsumer(RankingProjection projection) : IConsumer<VoteCast>
{
    public Task Consume(ConsumeContext<VoteCast> context) =>
        projection.PutVoteAsync(context.RequireMessageId(), nameof(VoteCastConsumer),
            new ReaderVote(context.Message.ArticleId, context.Message.ReaderId, context.Message.Sequence, context.Message.CastAt, Standing: true),
            context.CancellationToken);
}

public sealed class VoteRetractedConsumer(RankingProjection projection) : IConsumer<VoteRetracted>
{
    public Task Consume(ConsumeContext<VoteRetracted> context) =>
        projection.PutVoteAsync(context.RequireMessageId(), nameof(VoteRetractedConsumer),
            new ReaderVote(context.Message.ArticleId, context.Message.ReaderId, context.Message.Sequence, context.Message.CastAt, Standing: false),
            context.CancellationToken);
}
