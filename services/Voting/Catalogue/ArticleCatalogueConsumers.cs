using MassTransit;
using Publishing.Contracts;
using Publishing.Voting.Domain;

namespace Publishing.Voting.Catalogue;

// Both effects are naturally idempotent (set once, never unset), so a redelivery changes nothing without an inbox record.

public sealed class ArticlePublishedConsumer(IVoteStore store) : IConsumer<ArticlePublished>
{
    public Task Consume(ConsumeContext<ArticlePublished> context) =>
        store.ApplyPublishedAsync(context.Message.Article.ArticleId, context.Message.Article.PublishedAt, context.CancellationToken);
}

public sealed class ArticleWithdrawnConsumer(IVoteStore store) : IConsumer<ArticleWithdrawn>
{
    public Task Consume(ConsumeContext<ArticleWithdrawn> context) =>
        store.ApplyWithdrawnAsync(context.Message.ArticleId, context.Message.WithdrawnAt, context.CancellationToken);
}
