using System.Diagnostics;
using System.Text.Json;

namespace Publishing.ServiceDefaults.Outbox;

/// <summary>
/// An event waiting in a service's store to be published. It keeps the trace context of the request
/// that caused it, so that the publish, even one re-sent after a crash, continues that trace.
/// </summary>
public sealed record OutboxMessage(
    Guid MessageId,
    string MessageType,
    string Body,
    string? TraceParent,
    string? TraceState,
    DateTimeOffset CreatedAt)
{
    public static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    public static OutboxMessage For<T>(T message) where T : class => new(
        Guid.CreateVersion7(),
        typeof(T).FullName!,
        JsonSerializer.Serialize(message, Json),
        Activity.Current?.Id,
        Activity.Current?.TraceStateString,
        DateTimeOffset.UtcNow);

    /// <summary>The message as its contract type, looked up among the contracts.</summary>
    public (object Message, Type Type) Deserialize()
    {
        var type = typeof(Contracts.ArticleSubmitted).Assembly.GetType(MessageType, throwOnError: true)!;
        return (JsonSerializer.Deserialize(Body, type, Json)!, type);
    }
}
