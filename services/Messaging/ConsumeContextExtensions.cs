using MassTransit;

namespace Publishing.ServiceDefaults.Messaging;

public static class ConsumeContextExtensions
{
    /// <summary>The message id that idempotent consumers record; every message of this system has one (the outbox sets it).</summary>
    public static Guid RequireMessageId(this ConsumeContext context) =>
        context.MessageId ?? throw new InvalidOperationException("A message without a MessageId cannot be applied exactly once.");
}
