using System.Text.Json;
using MassTransit;

namespace Publishing.ServiceDefaults.Messaging;

/// <summary>
/// How long a message that fails is tried again before it goes to the endpoint's <c>_error</c> queue: three quick
/// tries for the fast cases (a busy store, a lost connection), then waits growing to two minutes, about four minutes
/// in all, so that a store or broker hiccup of a minute parks nothing. A failure no retry can cure (a message that does
/// not make sense: an argument, format or serialisation error) goes to <c>_error</c> at once, with its reason.
/// </summary>
/// <remarks>
/// The waits happen in the consumer, the message held unacknowledged: RabbitMQ's delayed redelivery needs the
/// delayed-message-exchange plugin or a scheduler, which a plain node (Debian's package, the local run) does not have.
/// A process that stops meanwhile returns the message to its queue, and the next consumer starts the tries afresh.
/// </remarks>
public static class Redelivery
{
    public static readonly TimeSpan[] Intervals =
    [
        TimeSpan.FromMilliseconds(50), TimeSpan.FromMilliseconds(250), TimeSpan.FromSeconds(1),
        TimeSpan.FromSeconds(5), TimeSpan.FromSeconds(15), TimeSpan.FromSeconds(30), TimeSpan.FromSeconds(60), TimeSpan.FromSeconds(120),
    ];

    public static void Configure(IRetryConfigurator retry)
    {
        retry.Ignore<ArgumentException>();
        retry.Ignore<FormatException>();
        retry.Ignore<JsonException>();
        retry.Ignore<NotSupportedException>();
        retry.Intervals(Intervals);
    }
}
