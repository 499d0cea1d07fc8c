using System.Diagnostics;
using Publishing.Contracts;
using Publishing.ServiceDefaults.Outbox;

namespace Publishing.ServiceDefaults.Tests;

public sealed class Keeping_the_trace_of_an_event
{
    [Fact]
    public void Should_keep_the_trace_context_of_the_request_that_caused_the_event()
    {
        using var activity = new Activity("request").SetIdFormat(ActivityIdFormat.W3C).Start();

        var stored = OutboxMessage.For(new ArticleWithdrawn(Guid.NewGuid(), DateTimeOffset.UtcNow));

        Assert.Equal(activity.Id, stored.TraceParent);
        Assert.True(ActivityContext.TryParse(stored.TraceParent, stored.TraceState, out var context));
        Assert.Equal(activity.TraceId, context.TraceId);
    }
}
