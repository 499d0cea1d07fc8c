using Publishing.Launcher.Broker;
using Publishing.Testing;
using RabbitMQ.Client;
using RabbitMQ.Client.Events;
using RabbitMQ.Client.Exceptions;

namespace Publishing.EndToEnd.Tests;

/// <summary>
/// On the local run's broker each service is a user of its own, with a password made for this run, allowed to publish
/// only its own events: a service that is taken over cannot announce an article or cast a vote in another's name. The
/// rest of this assembly is the proof that the rights are enough: every test runs the services as these users.
/// </summary>
public sealed class Granting_broker_rights(SystemFixture system)
{
    private static readonly string[] Events =
        ["ArticleSubmitted", "ArticleWithdrawalSubmitted", "ArticlePublished", "ArticleRevised", "ArticleWithdrawn", "VoteCast", "VoteRetracted"];

    private static CancellationToken Cancellation => TestContext.Current.CancellationToken;

    private void SkipOnAGivenBroker()
    {
        if (Environment.GetEnvironmentVariable("RABBITMQ_URI") is { Length: > 0 })
        {
            Assert.Skip("RABBITMQ_URI names a broker whose users are its operator's, not the launcher's.");
        }
    }

    [Fact]
    public async Task Should_start_every_service_as_a_user_of_its_own_and_refuse_guest()
    {
        SkipOnAGivenBroker();
        var users = BrokerAccess.Services.Select(access => system.System.BrokerUriOf(access.Service).UserInfo).ToList();

        Assert.Equal(users.Count, users.Distinct().Count());
        Assert.All(BrokerAccess.Services, access =>
            Assert.StartsWith(access.User + ":", system.System.BrokerUriOf(access.Service).UserInfo, StringComparison.Ordinal));
        var guest = new UriBuilder(system.System.BrokerUri) { UserName = "guest", Password = "guest" }.Uri;
        await Assert.ThrowsAnyAsync<BrokerUnreachableException>(() => ConnectAsync(guest));
        await using var administrator = await ConnectAsync(system.System.BrokerUri);
        Assert.True(administrator.IsOpen);
    }

    [Fact]
    public async Task Should_let_a_service_publish_its_own_events_only()
    {
        SkipOnAGivenBroker();
        foreach (var access in BrokerAccess.Services)
        {
            await using var connection = await ConnectAsync(system.System.BrokerUriOf(access.Service));
            // What MassTransit does with its own names, it may: an endpoint (exchange, queue, binding), an _error
            // endpoint, a fault published and bound to MassTransit:Fault. The refusals below are about whose event it is.
            await using (var channel = await connection.CreateChannelAsync(cancellationToken: Cancellation))
            {
                foreach (var own in new[] { $"{access.Service}-rights-check", $"{access.Service}-rights-check_error" })
                {
                    await channel.ExchangeDeclareAsync(own, ExchangeType.Fanout, durable: false, autoDelete: true, cancellationToken: Cancellation);
                    await channel.QueueDeclareAsync(own, durable: false, exclusive: false, autoDelete: true, cancellationToken: Cancellation);
                    await channel.QueueBindAsync(own, own, "", cancellationToken: Cancellation);
                    await channel.BasicPublishAsync(own, "", "{}"u8.ToArray(), Cancellation);
                    await channel.QueueDeleteAsync(own, cancellationToken: Cancellation);
                    await channel.ExchangeDeleteAsync(own, cancellationToken: Cancellation);
                }
                const string fault = "MassTransit:Fault--Publishing.Contracts:RightsCheck--";
                await channel.ExchangeDeclareAsync(fault, ExchangeType.Fanout, durable: true, autoDelete: false, cancellationToken: Cancellation);
                await channel.ExchangeDeclareAsync("MassTransit:Fault", ExchangeType.Fanout, durable: true, autoDelete: false, cancellationToken: Cancellation);
                await channel.ExchangeBindAsync("MassTransit:Fault", fault, "", cancellationToken: Cancellation);
                await channel.BasicPublishAsync(fault, "", "{}"u8.ToArray(), Cancellation);
                await channel.ExchangeDeleteAsync(fault, cancellationToken: Cancellation);
            }
            foreach (var other in Events.Except(access.Publishes))
            {
                Assert.Equal(403, await PublishAsync(connection, "Publishing.Contracts:" + other));
            }
        }
    }

    [Fact]
    public async Task Should_let_no_service_consume_from_another_services_queue()
    {
        SkipOnAGivenBroker();
        await using var ingest = await ConnectAsync(system.System.BrokerUriOf("ingest"));
        await using var channel = await ingest.CreateChannelAsync(cancellationToken: Cancellation);

        var refused = await Assert.ThrowsAnyAsync<OperationInterruptedException>(() =>
            channel.BasicConsumeAsync("articles-article-submitted", autoAck: false, new AsyncEventingBasicConsumer(channel), Cancellation));

        Assert.Equal((ushort)403, refused.ShutdownReason?.ReplyCode);
    }

    [Fact]
    public void Should_document_for_compose_and_kubernetes_the_rights_it_gives()
    {
        var deploy = File.ReadAllText(Path.Combine(Publishing.Launcher.RepositoryLayout.Root, "deploy", "README.md"));

        Assert.All(BrokerAccess.Services, access =>
            Assert.Contains($"set_permissions -p / {access.User} '{access.Configure}' '{access.Write}' '{access.Read}'", deploy));
    }

    /// <summary>Publishes an empty message to an exchange and says how the broker answered: 200, or the code it closed the channel with.</summary>
    private static async Task<int> PublishAsync(IConnection connection, string exchange)
    {
        await using var channel = await connection.CreateChannelAsync(
            new CreateChannelOptions(publisherConfirmationsEnabled: true, publisherConfirmationTrackingEnabled: true), Cancellation);
        try
        {
            await channel.BasicPublishAsync(exchange, "", "{}"u8.ToArray(), Cancellation);
            return 200;
        }
        catch (Exception exception) when (exception is OperationInterruptedException or AlreadyClosedException or PublishException)
        {
            return channel.CloseReason?.ReplyCode ?? (exception as OperationInterruptedException)?.ShutdownReason?.ReplyCode ?? 0;
        }
    }

    private static Task<IConnection> ConnectAsync(Uri broker) =>
        new ConnectionFactory { Uri = broker, ClientProvidedName = "broker-rights-test" }.CreateConnectionAsync(Cancellation);
}
