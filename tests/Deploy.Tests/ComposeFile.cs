using System.Text.Json.Nodes;

namespace Publishing.Deploy.Tests;

/// <summary>docker-compose.yml as docker compose itself reads it (<c>config</c>: anchors merged, variables filled in).</summary>
public sealed class ComposeFile
{
    /// <summary>The processes built from this repository, by compose service name, with the project each publishes.</summary>
    public static readonly IReadOnlyDictionary<string, string> OwnProcesses = new Dictionary<string, string>
    {
        ["gateway"] = "gateway/Publishing.Gateway.csproj",
        ["ingest"] = "services/Ingest/Publishing.Ingest.csproj",
        ["articles"] = "services/Articles/Publishing.Articles.csproj",
        ["voting"] = "services/Voting/Publishing.Voting.csproj",
        ["ranking"] = "services/Ranking/Publishing.Ranking.csproj",
    };

    public const string IngestKeyHash = "ee4fa4b914482e0ddc0ac12b4f767043a47b5d1fa220812046441bc93cc57858";

    private readonly Lazy<JsonObject> _parsed;

    public ComposeFile()
    {
        // Compose v1 (Debian's docker-compose) or the v2 plugin, whichever answers.
        Compose = Tool.Find(
            ("docker-compose", [], ["version"]),
            ("docker", ["compose"], ["version"]));
        _parsed = new Lazy<JsonObject>(() =>
        {
            var result = Config(new Dictionary<string, string?> { ["PUBLISHING_INGEST_KEY_HASH"] = IngestKeyHash, ["RABBITMQ_PASSWORD"] = BrokerPassword });
            Assert.True(result.ExitCode == 0, "docker compose config refused docker-compose.yml:\n" + result.Error);
            return Yaml.Documents(result.Output).Single();
        });
    }

    public const string BrokerPassword = "compose-test-broker-password";

    public Tool? Compose { get; }

    /// <summary>The parsed configuration; skips the test where no compose tool is installed.</summary>
    public JsonObject Parsed
    {
        get
        {
            RequireCompose();
            return _parsed.Value;
        }
    }

    public IEnumerable<KeyValuePair<string, JsonNode?>> Services => Parsed.Entries("services");

    public JsonNode Service(string name) => Parsed.At("services", name) ?? throw new Xunit.Sdk.XunitException($"No service '{name}' in docker-compose.yml");

    public void RequireCompose()
    {
        if (Compose is null)
        {
            Assert.Skip("Neither docker-compose nor 'docker compose' is installed (Debian: apt-get install docker-compose).");
        }
    }

    /// <summary>Runs <c>config</c> with exactly these deployment variables (none inherited from the test's environment).</summary>
    public Tool.Result Config(IReadOnlyDictionary<string, string?> variables)
    {
        RequireCompose();
        var environment = new Dictionary<string, string?>
        {
            ["PUBLISHING_INGEST_KEY_HASH"] = null,
            ["PUBLISHING_INGEST_SOURCE"] = null,
            ["PUBLISHING_PORT"] = null,
            ["PUBLISHING_VERSION"] = null,
            ["COMPOSE_FILE"] = null,
            ["COMPOSE_PROJECT_NAME"] = "publishing",
        };
        foreach (var (key, value) in variables)
        {
            environment[key] = value;
        }
        return Compose!.Run(["-f", Repository.PathOf("docker-compose.yml"), "config"], environment);
    }

    /// <summary>Environment variables of a service, whether compose printed them as a map or as a list.</summary>
    public static IReadOnlyDictionary<string, string?> Environment(JsonNode service) => service.At("environment") switch
    {
        JsonObject map => map.ToDictionary(e => e.Key, e => e.Value?.GetValue<string>()),
        JsonArray list => list.Select(item => item!.GetValue<string>().Split('=', 2))
            .ToDictionary(pair => pair[0], pair => pair.Length > 1 ? pair[1] : null),
        _ => new Dictionary<string, string?>(),
    };

    /// <summary>Published ports as (host address or empty, container port), from the short or the long syntax.</summary>
    public static IEnumerable<(string HostIp, string Target)> PublishedPorts(JsonNode service) =>
        service.Items("ports").Select(port => port switch
        {
            JsonObject longSyntax => (longSyntax.Text("host_ip") ?? "", longSyntax.Text("target")!),
            _ => ShortSyntax(port.GetValue<string>()),
        });

    private static (string, string) ShortSyntax(string port)
    {
        var parts = port.Split('/')[0].Split(':');
        return (parts.Length == 3 ? parts[0] : "", parts[^1]);
    }
}
