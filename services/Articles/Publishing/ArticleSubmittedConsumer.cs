using Publishing.ServiceDefaults.Messaging;
using MassTransit;
using Publishing.Articles.Storage;
using Publishing.Contracts;

namespace Publishing.Articles.Publishing;

public sealed class ArticleSubmittedConsumer(IArticleStore store) : IConsumer<ArticleSubmitted>
{
    public Task Consume(ConsumeContext<ArticleSubmitted> context) =>
        store.ApplySubmissionAsync(context.RequireMessageId(), context.Message, context.CancellationToken);
}

public sealed class ArticleWithdrawalSubmittedConsumer(IArticleStore store) : IConsumer<ArticleWithdrawalSubmitted>
{
    public Task Consume(ConsumeContext<ArticleWithdrawalSubmitted> context) =>
        store.ApplyWithdrawalAsync(context.RequireMessageId(), context.Message, context.CancellationToken);
}
