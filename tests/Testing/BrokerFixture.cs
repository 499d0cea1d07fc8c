using DotNet.Testcontainers.Builders;
using Publishing.Launcher.Broker;
using Testcontainers.RabbitMq;
using Xunit;

namespace Publishing.Testing;

/// <summary>
/// A real RabbitMQ for integration tests: <c>RABBITMQ_URI</c> when set (in a virtual host of the fixture's own); else a Testcontainers broker where Docker
/// answers; else a private node started from the local rabbitmq-server on free ports in a temporary folder.
/// Never a fake broker. Use it as an assembly fixture: one broker per test assembly.
/// </summary>
public sealed class BrokerFixture : IAsyncLifetime
{
    private RabbitMqContainer? _container;
    private LocalRabbitMq? _node;
    private SharedBroker? _shared;
    private string? _folder;

    public Uri Uri { get; private set; } = null!;

    /// <summary>Where the broker came from, for the test output.</summary>
    public string Origin { get; private set; } = "";

    public async ValueTask InitializeAsync()
    {
        if (await SharedBroker.FromEnvironmentAsync() is { } shared)
        {
            _shared = shared;
            Uri = shared.Uri;
            Origin = "RABBITMQ_URI, a virtual host of its own";
            return;
        }
        if (await TryContainerAsync())
        {
            return;
        }
        _folder = Directory.CreateTempSubdirectory("publishing-broker-").FullName;
        _node = await LocalRabbitMq.StartAsync(_folder, TextWriter.Null, CancellationToken.None);
        Uri = _node.Uri;
        Origin = "local rabbitmq-server node";
    }

    private async Task<bool> TryContainerAsync()
    {
        try
        {
            if (DockerCli.Unavailable)
            {
                return false;
            }
            _container = new RabbitMqBuilder("rabbitmq:3.13-management").Build();
            await _container.StartAsync();
            Uri = new Uri(_container.GetConnectionString());
            Origin = "Testcontainers";
            return true;
        }
        catch (Exception exception) when (exception is DockerUnavailableException or InvalidOperationException or ArgumentException or TimeoutException)
        {
            _container = null;
            return false;
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (_shared is not null)
        {
            await _shared.DisposeAsync();
        }
        if (_container is not null)
        {
            await _container.DisposeAsync();
        }
        if (_node is not null)
        {
            await _node.DisposeAsync();
        }
        if (_folder is not null)
        {
            try { Directory.Delete(_folder, recursive: true); }
            catch (IOException) { }
        }
    }
}
