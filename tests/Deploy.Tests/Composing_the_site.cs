namespace Publishing.Deploy.Tests;

public sealed class Composing_the_site(ComposeFile compose) : IClassFixture<ComposeFile>
{
    private static readonly string[] OperatorUis = ["rabbitmq", "jaeger", "prometheus", "grafana"];

    [Fact]
    public void Should_be_accepted_by_docker_compose()
    {
        Assert.NotEmpty(compose.Services);
    }

    [Fact]
    public void Should_run_the_broker_the_store_a_trace_ui_the_four_services_and_the_gateway()
    {
        var names = compose.Services.Select(s => s.Key).ToHashSet();

        Assert.Superset(new HashSet<string>(["rabbitmq", "mongodb", "jaeger", .. ComposeFile.OwnProcesses.Keys]), names);
        Assert.EndsWith("-management", compose.Service("rabbitmq").Text("image")!.Split(':')[1]);
    }

    [Fact]
    public void Should_give_every_container_a_health_check()
    {
        foreach (var (name, service) in compose.Services)
        {
            var test = service.Items("healthcheck", "test").Select(part => part.GetValue<string>()).ToList();
            Assert.True(test.Count > 1 && test[0] is "CMD" or "CMD-SHELL", $"{name} has no health check");
        }
        foreach (var name in ComposeFile.OwnProcesses.Keys)
        {
            Assert.Contains("/health/ready", compose.Service(name).Items("healthcheck", "test").Select(p => p.GetValue<string>()));
        }
    }

    [Fact]
    public void Should_start_a_container_only_once_what_it_needs_is_healthy()
    {
        foreach (var (name, service) in compose.Services)
        {
            foreach (var (dependency, condition) in service.Entries("depends_on"))
            {
                Assert.True(condition.Text("condition") == "service_healthy", $"{name} waits for {dependency} only to start, not to be healthy");
            }
        }
        Assert.Superset(new HashSet<string>(["ingest", "articles", "voting", "ranking"]), compose.Service("gateway").Entries("depends_on").Select(d => d.Key).ToHashSet());
        foreach (var name in new[] { "ingest", "articles", "voting", "ranking" })
        {
            Assert.Superset(new HashSet<string>(["rabbitmq", "mongodb"]), compose.Service(name).Entries("depends_on").Select(d => d.Key).ToHashSet());
        }
    }

    [Fact]
    public void Should_pin_every_third_party_image_to_a_version()
    {
        foreach (var (name, service) in compose.Services.Where(s => s.Value.At("build") is null))
        {
            var image = service.Text("image")!;
            var tag = image.Contains('@') ? image.Split('@')[1] : image.Split('/')[^1].Split(':').ElementAtOrDefault(1);
            Assert.False(tag is null or "latest" || !tag.Any(char.IsDigit), $"{name}: image {image} is not pinned to a version");
        }
    }

    [Fact]
    public void Should_publish_ports_only_for_the_gateway_and_the_operator_uis()
    {
        foreach (var (name, service) in compose.Services)
        {
            var ports = ComposeFile.PublishedPorts(service!).ToList();
            if (name == "gateway")
            {
                Assert.Equal([("", "8080")], ports);
            }
            else if (OperatorUis.Contains(name))
            {
                Assert.All(ports, port => Assert.Equal("127.0.0.1", port.HostIp));
            }
            else
            {
                Assert.True(ports.Count == 0, $"{name} publishes {string.Join(", ", ports)}");
            }
        }
        Assert.Equal("15672", ComposeFile.PublishedPorts(compose.Service("rabbitmq")).Single().Target);
        Assert.Equal("16686", ComposeFile.PublishedPorts(compose.Service("jaeger")).Single().Target);
    }

    [Fact]
    public void Should_configure_the_services_through_the_variables_of_the_contract()
    {
        foreach (var name in new[] { "ingest", "articles", "voting", "ranking" })
        {
            var environment = ComposeFile.Environment(compose.Service(name));
            Assert.StartsWith("amqp://", environment["RABBITMQ_URI"]);
            Assert.EndsWith("@rabbitmq:5672/", environment["RABBITMQ_URI"]);
            Assert.Equal("1", environment["RABBITMQ_QUORUM_QUEUES"]);
            Assert.Equal("mongodb://mongodb:27017/?replicaSet=rs0", environment["MONGODB_URI"]);
            Assert.Equal("http://jaeger:4317", environment["OTEL_EXPORTER_OTLP_ENDPOINT"]);
        }
        var ingest = ComposeFile.Environment(compose.Service("ingest"));
        Assert.Equal(ComposeFile.IngestKeyHash, ingest["Ingest__Keys__0__KeyHash"]);
        Assert.False(string.IsNullOrEmpty(ingest["Ingest__Keys__0__Source"]));
    }

    [Fact]
    public void Should_route_the_gateway_to_the_services_and_keep_its_key_ring_in_a_volume()
    {
        var gateway = compose.Service("gateway");
        var environment = ComposeFile.Environment(gateway);

        foreach (var service in new[] { "Ingest", "Articles", "Voting", "Ranking" })
        {
            Assert.Equal($"http://{service.ToLowerInvariant()}:8080", environment["Services__" + service]);
        }
        var keys = environment["PUBLISHING_KEYS"];
        var mounts = gateway.Items("volumes").Select(v => v is System.Text.Json.Nodes.JsonObject o ? $"{o.Text("source")}:{o.Text("target")}" : v.GetValue<string>());
        Assert.Contains(mounts, mount => mount.Split(':') is [var volume, var target, ..] && target == keys && compose.Parsed.At("volumes", volume) is not null);
    }

    [Fact]
    public void Should_initialise_mongodb_as_a_replica_set()
    {
        var mongodb = compose.Service("mongodb");

        Assert.Contains("--replSet", mongodb.Items("command").Select(c => c.GetValue<string>()));
        Assert.Contains(mongodb.Items("healthcheck", "test").Select(c => c.GetValue<string>()), part => part.Contains("rs.initiate"));
    }

    [Fact]
    public void Should_refuse_to_start_without_a_newsroom_key()
    {
        var result = compose.Config(new Dictionary<string, string?> { ["RABBITMQ_PASSWORD"] = ComposeFile.BrokerPassword });

        Assert.NotEqual(0, result.ExitCode);
        Assert.Contains("PUBLISHING_INGEST_KEY_HASH", result.Error);
    }

    [Fact]
    public void Should_refuse_to_start_without_a_broker_password()
    {
        var result = compose.Config(new Dictionary<string, string?> { ["PUBLISHING_INGEST_KEY_HASH"] = ComposeFile.IngestKeyHash });

        Assert.NotEqual(0, result.ExitCode);
        Assert.Contains("RABBITMQ_PASSWORD", result.Error);
    }

    [Fact]
    public void Should_name_the_public_origin_and_the_allowed_hosts_of_the_gateway()
    {
        var environment = ComposeFile.Environment(compose.Service("gateway"));

        Assert.True(Uri.TryCreate(environment["PUBLISHING_PUBLIC_ORIGIN"], UriKind.Absolute, out var origin));
        Assert.Contains(origin.Host, environment["AllowedHosts"]!.Split(';'));
        Assert.Contains(ComposeFile.BrokerPassword, ComposeFile.Environment(compose.Service("voting"))["RABBITMQ_URI"]);
    }
}
