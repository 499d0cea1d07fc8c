using System.Text.Json;

namespace Publishing.Gateway.Tests;

/// <summary>
/// The gateway proxies and renders pages: it talks to no broker and keeps no store, so what ships with it carries neither.
/// Read from the gateway's own deps.json, the list of what is deployed beside it.
/// </summary>
public sealed class Shipping_without_broker_or_store
{
    private static readonly string[] NotTheGatewaysBusiness =
        ["MassTransit", "RabbitMQ.Client", "MongoDB.", "Microsoft.Data.Sqlite", "SQLitePCLRaw", "Dapper", "Publishing.Messaging", "Publishing.Storage"];

    [Fact]
    public void Should_carry_no_messaging_or_storage_assembly()
    {
        using var deps = JsonDocument.Parse(File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "Publishing.Gateway.deps.json")));
        var libraries = deps.RootElement.GetProperty("libraries").EnumerateObject().Select(l => l.Name.Split('/')[0]).ToList();

        Assert.Contains("Publishing.Hosting", libraries);
        Assert.DoesNotContain(libraries, name => NotTheGatewaysBusiness.Any(prefix => name.StartsWith(prefix, StringComparison.OrdinalIgnoreCase)));
    }
}
