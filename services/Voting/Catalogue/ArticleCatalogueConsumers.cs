using MassTransit;
using Publishing.Contracts;
using Publishing.ServiceDefaults.Messaging;
using Publishing.Voting.Domain;
using Publishing.Voting.Storage;

namespace Publishing.Voting.Catalogue;

// Both effects are naturally idempotent (set once, never unset), so a redelivery changes nothing without an inbox
// record. Events come in batches, each batch one store transaction in the order the events arrived; a batch that
// fails is applied again one event at a time (IVoteStore.ApplyAsync takes a list; see Batches).

public sealed class ArticlePublishedConsumer(IVoteStore store) : IConsumer<Batch<ArticlePublished>>
{
    public Task Consume(ConsumeContext<Batch<ArticlePublished>> context) =>
        Batches.ApplyAsync(context.Changes<ArticlePublished, CatalogueChange>(m => new CatalogueChange.Published(m.Article.ArticleId, m.Article.PublishedAt)),
            (changes, cancellation) => store.ApplyAsync(changes.Select(c => c.Change).ToList(), cancellation), context.CancellationToken);
}

public sealed class ArticlePublishedConsumerDefinition : BatchConsumerDefinition<ArticlePublishedConsumer>;

public sealed class ArticleWithdrawnConsumer(IVoteStore store) : IConsumer<Batch<ArticleWithdrawn>>
{
    public Task Consume(ConsumeContext<Batch<ArticleWithdrawn>> context) =>
        Batches.ApplyAsync(context.Changes<ArticleWithdrawn, CatalogueChange>(m => new CatalogueChange.Withdrawn(m.ArticleId, m.WithdrawnAt)),
            (changes, cancellation) => store.ApplyAsync(changes.Select(c => c.Change).ToList(), cancellation), context.CancellationToken);
}

public sealed class ArticleWithdrawnConsumerDefinition : BatchConsumerDefinition<ArticleWithdrawnConsumer>;
