using System.Diagnostics.Metrics;
using MassTransit;
using Publishing.ServiceDefaults.Telemetry;

namespace Publishing.ServiceDefaults.Messaging;

public static class EventHeaders
{
    /// <summary>When the change that caused the event was committed (Unix milliseconds), set by the outbox dispatcher.</summary>
    public const string CommittedAt = "Publishing-Committed-At";
}

/// <summary>
/// Records how old each event is when a consumer applies it, from the moment its change was committed (the
/// outbox's header) — the lag of every projection, as operators see it in the <c>publishing.event.age</c> histogram.
/// Named and measured as OpenTelemetry's conventions ask of a duration: in seconds, with the messaging attributes
/// (<c>messaging.system</c>, <c>messaging.destination.name</c>: the queue of the consumer) and the event's type.
/// </summary>
public sealed class EventAgeFilter<T>(TimeProvider clock) : IFilter<ConsumeContext<T>> where T : class
{
    private static readonly Meter Meter = new(TelemetryExtensions.SourceName);
    private static readonly Histogram<double> Age = Meter.CreateHistogram<double>(
        "publishing.event.age", unit: "s", description: "Time from the commit of an event to its consumption",
        advice: new InstrumentAdvice<double> { HistogramBucketBoundaries = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 300] });

    public async Task Send(ConsumeContext<T> context, IPipe<ConsumeContext<T>> next)
    {
        await next.Send(context);
        var committedAt = context.Headers.Get<long>(EventHeaders.CommittedAt) is { } unixMs
            ? DateTimeOffset.FromUnixTimeMilliseconds(unixMs)
            : context.SentTime is { } sent ? new DateTimeOffset(sent, TimeSpan.Zero) : (DateTimeOffset?)null;
        if (committedAt is { } at)
        {
            Age.Record((clock.GetUtcNow() - at).TotalSeconds,
                new KeyValuePair<string, object?>("messaging.system", "rabbitmq"),
                new KeyValuePair<string, object?>("messaging.destination.name", context.ReceiveContext.InputAddress?.AbsolutePath.Split('/').LastOrDefault()),
                new KeyValuePair<string, object?>("publishing.event.type", typeof(T).Name));
        }
    }

    public void Probe(ProbeContext context) => context.CreateFilterScope("eventAge");
}
