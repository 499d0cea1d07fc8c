using MassTransit;
using Publishing.Articles.Domain;
using Publishing.Contracts;
using Publishing.ServiceDefaults.Messaging;

namespace Publishing.Articles.Publishing;

// Submissions and withdrawals come in batches: each batch is one store transaction, its changes applied in the order
// they arrived, each with its inbox record (see Batches for what happens when one of them fails).

public sealed class ArticleSubmittedConsumer(IArticleStore store) : IConsumer<Batch<ArticleSubmitted>>
{
    public Task Consume(ConsumeContext<Batch<ArticleSubmitted>> context) =>
        Batches.ApplyAsync(context.Changes<ArticleSubmitted, ArticleChange>(m => new ArticleChange.Submission(m)), store.ApplyAsync, context.CancellationToken);
}

public sealed class ArticleSubmittedConsumerDefinition : BatchConsumerDefinition<ArticleSubmittedConsumer>;

public sealed class ArticleWithdrawalSubmittedConsumer(IArticleStore store) : IConsumer<Batch<ArticleWithdrawalSubmitted>>
{
    public Task Consume(ConsumeContext<Batch<ArticleWithdrawalSubmitted>> context) =>
        Batches.ApplyAsync(context.Changes<ArticleWithdrawalSubmitted, ArticleChange>(m => new ArticleChange.Withdrawal(m)), store.ApplyAsync, context.CancellationToken);
}

public sealed class ArticleWithdrawalSubmittedConsumerDefinition : BatchConsumerDefinition<ArticleWithdrawalSubmittedConsumer>;
