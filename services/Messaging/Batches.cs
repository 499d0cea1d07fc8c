using System.Runtime.ExceptionServices;
using MassTransit;

namespace Publishing.ServiceDefaults.Messaging;

/// <summary>
/// How every batch consumer (<c>IConsumer&lt;Batch&lt;T&gt;&gt;</c>) of the system takes its messages: up to
/// <see cref="BatchSize"/> at a time, a lone message held back at most <see cref="TimeLimit"/>, one batch at a time
/// per endpoint (so the events of one article are applied in the order they arrived), and a prefetch above the batch
/// size so that the next batch is on its way while one is stored. A service derives one line per consumer:
/// <c>public sealed class XConsumerDefinition : BatchConsumerDefinition&lt;XConsumer&gt;;</c>.
/// </summary>
public class BatchConsumerDefinition<TConsumer> : ConsumerDefinition<TConsumer> where TConsumer : class, IConsumer
{
    public const int BatchSize = 100;

    public static readonly TimeSpan TimeLimit = TimeSpan.FromMilliseconds(10);

    protected override void ConfigureConsumer(
        IReceiveEndpointConfigurator endpointConfigurator,
        IConsumerConfigurator<TConsumer> consumerConfigurator,
        IRegistrationContext context)
    {
        endpointConfigurator.PrefetchCount = Math.Max(endpointConfigurator.PrefetchCount, 2 * BatchSize);
        consumerConfigurator.Options<BatchOptions>(batch => batch
            .SetMessageLimit(BatchSize)
            .SetTimeLimit(TimeLimit)
            .SetConcurrencyLimit(1));
    }
}

public static class Batches
{
    /// <summary>The change each message of the batch brings, under its message id, in the order they arrived.</summary>
    public static IReadOnlyList<Delivered<TChange>> Changes<TMessage, TChange>(this ConsumeContext<Batch<TMessage>> context, Func<TMessage, TChange> change)
        where TMessage : class =>
        context.Message.Select(message => new Delivered<TChange>(message.RequireMessageId(), change(message.Message))).ToList();

    /// <summary>
    /// Applies the changes in one store transaction. If that fails, applies them again one message at a time, each in
    /// its own transaction, so that one message that cannot be applied (a poison message) does not hold back the
    /// others; then throws what failed. MassTransit treats the batch as one message: it retries it whole (as
    /// <see cref="Redelivery"/> says), and when it gives up, or at once for a failure no retry can cure, every message of
    /// the batch goes to the endpoint's <c>_error</c> queue. The ones applied here are in the inbox by then, so they
    /// change nothing if an operator moves them back; only the failing one is still to be applied.
    /// </summary>
    public static async Task ApplyAsync<TChange>(
        IReadOnlyList<Delivered<TChange>> changes,
        Func<IReadOnlyList<Delivered<TChange>>, CancellationToken, Task> apply,
        CancellationToken cancellationToken)
    {
        try
        {
            await apply(changes, cancellationToken);
        }
        catch (Exception) when (changes.Count > 1 && !cancellationToken.IsCancellationRequested)
        {
            Exception? failed = null;
            foreach (var change in changes)
            {
                try
                {
                    await apply([change], cancellationToken);
                }
                catch (Exception exception) when (!cancellationToken.IsCancellationRequested)
                {
                    failed ??= exception;
                }
            }
            if (failed is not null)
            {
                ExceptionDispatchInfo.Throw(failed);
            }
        }
    }
}
