using MassTransit;
using Publishing.Articles.Storage;
using Publishing.Contracts;
using Publishing.ServiceDefaults.Messaging;

namespace Publishing.Articles.Votes;

/// <summary>
/// Keeps the article's <c>votes</c> field: every vote event carries the new count and its sequence, so nothing is
/// recounted. Events come in batches, and only the newest change of each article in a batch is written: the store
/// keeps the highest sequence, so the older ones would change nothing, now or when redelivered.
/// </summary>
public sealed class VoteCountConsumer(IArticleStore store) : IConsumer<Batch<VoteCast>>, IConsumer<Batch<VoteRetracted>>
{
    private readonly record struct CountChange(Guid MessageId, Guid ArticleId, long Count, long Sequence);

    public Task Consume(ConsumeContext<Batch<VoteCast>> context) =>
        ApplyNewestAsync(context.Message.Select(c => new CountChange(c.RequireMessageId(), c.Message.ArticleId, c.Message.Count, c.Message.Sequence)), context.CancellationToken);

    public Task Consume(ConsumeContext<Batch<VoteRetracted>> context) =>
        ApplyNewestAsync(context.Message.Select(c => new CountChange(c.RequireMessageId(), c.Message.ArticleId, c.Message.Count, c.Message.Sequence)), context.CancellationToken);

    private async Task ApplyNewestAsync(IEnumerable<CountChange> changes, CancellationToken cancellationToken)
    {
        foreach (var newest in changes.GroupBy(c => c.ArticleId).Select(article => article.MaxBy(c => c.Sequence)))
        {
            await store.ApplyVoteCountAsync(newest.MessageId, newest.ArticleId, newest.Count, newest.Sequence, cancellationToken);
        }
    }
}

public sealed class VoteCountConsumerDefinition : ConsumerDefinition<VoteCountConsumer>
{
    /// <summary>A burst of votes becomes a few writes; a lone vote waits at most the time limit.</summary>
    public const int BatchSize = 100;

    protected override void ConfigureConsumer(
        IReceiveEndpointConfigurator endpointConfigurator,
        IConsumerConfigurator<VoteCountConsumer> consumerConfigurator,
        IRegistrationContext context)
    {
        endpointConfigurator.PrefetchCount = Math.Max(endpointConfigurator.PrefetchCount, 2 * BatchSize);
        consumerConfigurator.Options<BatchOptions>(batch => batch
            .SetMessageLimit(BatchSize)
            .SetTimeLimit(TimeSpan.FromMilliseconds(20))
            .SetConcurrencyLimit(1));
    }
}
