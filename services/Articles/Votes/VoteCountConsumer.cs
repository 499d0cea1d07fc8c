using MassTransit;
using Publishing.Articles.Domain;
using Publishing.Contracts;
using Publishing.ServiceDefaults.Messaging;

namespace Publishing.Articles.Votes;

/// <summary>
/// Keeps the article's <c>votes</c> field: every vote event carries the new count and its sequence, so nothing is
/// recounted. Events come in batches, and only the newest change of each article in a batch is written, all of them in
/// one transaction. The older ones of the batch get no inbox record, and need none: the store keeps the highest
/// sequence (<see cref="ArticleRules"/>), so an older count changes nothing, now or when redelivered.
/// </summary>
public sealed class VoteCountConsumer(IArticleStore store) : IConsumer<Batch<VoteCast>>, IConsumer<Batch<VoteRetracted>>
{
    public Task Consume(ConsumeContext<Batch<VoteCast>> context) =>
        ApplyNewestAsync(context.Changes(m => new ArticleChange.VoteCount(m.ArticleId, m.Count, m.Sequence)), context.CancellationToken);

    public Task Consume(ConsumeContext<Batch<VoteRetracted>> context) =>
        ApplyNewestAsync(context.Changes(m => new ArticleChange.VoteCount(m.ArticleId, m.Count, m.Sequence)), context.CancellationToken);

    private Task ApplyNewestAsync(IReadOnlyList<Delivered<ArticleChange.VoteCount>> changes, CancellationToken cancellationToken) =>
        Batches.ApplyAsync(
            changes.GroupBy(c => c.Change.ArticleId)
                .Select(article => article.MaxBy(c => c.Change.Sequence))
                .Select(newest => new Delivered<ArticleChange>(newest.MessageId, newest.Change))
                .ToList(),
            store.ApplyAsync, cancellationToken);
}

public sealed class VoteCountConsumerDefinition : BatchConsumerDefinition<VoteCountConsumer>;
