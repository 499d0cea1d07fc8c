using System.Text.Json.Nodes;

namespace Publishing.Deploy.Tests;

public sealed class Deploying_to_kubernetes(Manifests manifests) : IClassFixture<Manifests>
{
    private static readonly string[] Processes = ["gateway", "ingest", "articles", "voting", "ranking"];
    private static readonly string[] Services = ["ingest", "articles", "voting", "ranking"];

    public static TheoryData<string> Builds => [Manifests.Base, Manifests.LocalOverlay];

    private IEnumerable<JsonObject> OwnDeployments(string build) =>
        Manifests.OfKind(manifests.Build(build), "Deployment").Where(d => Processes.Contains(Manifests.Name(d)));

    [Theory]
    [MemberData(nameof(Builds))]
    public void Should_deploy_every_process_with_a_service(string build)
    {
        var resources = manifests.Build(build);

        Assert.Equal(Processes.Order(), OwnDeployments(build).Select(Manifests.Name).Order());
        Assert.Superset(Processes.ToHashSet(), Manifests.OfKind(resources, "Service").Select(Manifests.Name).ToHashSet());
    }

    [Theory]
    [MemberData(nameof(Builds))]
    public void Should_run_at_least_two_replicas_of_every_process(string build)
    {
        foreach (var deployment in OwnDeployments(build))
        {
            Assert.True(int.Parse(deployment.Text("spec", "replicas") ?? "1") >= 2, Manifests.Name(deployment) + " runs fewer than 2 replicas");
        }
    }

    [Theory]
    [MemberData(nameof(Builds))]
    public void Should_probe_readiness_and_liveness_on_the_health_endpoints(string build)
    {
        foreach (var deployment in OwnDeployments(build))
        {
            var container = Manifests.Container(deployment);
            Assert.Equal("/health/ready", container.Text("readinessProbe", "httpGet", "path"));
            Assert.Equal("/health/live", container.Text("livenessProbe", "httpGet", "path"));
        }
    }

    [Theory]
    [MemberData(nameof(Builds))]
    public void Should_request_and_limit_cpu_and_memory(string build)
    {
        foreach (var deployment in Manifests.OfKind(manifests.Build(build), "Deployment"))
        {
            var resources = Manifests.Container(deployment).At("resources");
            foreach (var bound in new[] { "requests", "limits" })
            {
                Assert.True(resources.Text(bound, "cpu") is not null && resources.Text(bound, "memory") is not null,
                    $"{Manifests.Name(deployment)} has no {bound} for cpu and memory");
            }
        }
    }

    [Theory]
    [MemberData(nameof(Builds))]
    public void Should_autoscale_the_gateway_and_ranking(string build)
    {
        var resources = manifests.Build(build);
        var autoscalers = Manifests.OfKind(resources, "HorizontalPodAutoscaler").ToList();

        foreach (var target in new[] { "gateway", "ranking" })
        {
            var autoscaler = autoscalers.Single(a => a.Text("spec", "scaleTargetRef", "name") == target);
            Assert.Equal("Deployment", autoscaler.Text("spec", "scaleTargetRef", "kind"));
            Assert.True(int.Parse(autoscaler.Text("spec", "minReplicas")!) >= 2);
            Assert.True(int.Parse(autoscaler.Text("spec", "maxReplicas")!) > int.Parse(autoscaler.Text("spec", "minReplicas")!));
        }
    }

    [Fact]
    public void Should_take_every_configuration_and_secret_it_refers_to_from_the_build_or_an_operator()
    {
        var resources = manifests.Build(Manifests.LocalOverlay);
        var configMaps = Manifests.OfKind(resources, "ConfigMap").Select(Manifests.Name).ToHashSet();
        var secrets = Manifests.OfKind(resources, "Secret").Select(Manifests.Name).Concat(Manifests.OperatorMadeSecrets(resources)).ToHashSet();

        foreach (var deployment in OwnDeployments(Manifests.LocalOverlay))
        {
            var container = Manifests.Container(deployment);
            var configMapRefs = container.Items("envFrom").Select(e => e.Text("configMapRef", "name")).OfType<string>().ToList();
            var secretRefs = container.Items("envFrom").Select(e => e.Text("secretRef", "name"))
                .Concat(container.Items("env").Select(e => e.Text("valueFrom", "secretKeyRef", "name"))).OfType<string>();

            Assert.NotEmpty(configMapRefs);
            Assert.All(configMapRefs, name => Assert.Contains(name, configMaps));
            Assert.All(secretRefs, name => Assert.Contains(name, secrets));
        }
    }

    [Fact]
    public void Should_give_the_services_the_broker_and_the_store_and_the_gateway_the_services()
    {
        var resources = manifests.Build(Manifests.LocalOverlay);
        var configMaps = Manifests.OfKind(resources, "ConfigMap").ToDictionary(Manifests.Name);

        HashSet<string> Variables(JsonNode deployment)
        {
            var container = Manifests.Container(deployment);
            return container.Items("env").Select(e => e.Text("name")!)
                .Concat(container.Items("envFrom").Select(e => e.Text("configMapRef", "name")).OfType<string>()
                    .SelectMany(name => configMaps[name].Entries("data").Select(entry => entry.Key)))
                .ToHashSet();
        }

        foreach (var deployment in OwnDeployments(Manifests.LocalOverlay))
        {
            var variables = Variables(deployment);
            Assert.Contains("OTEL_EXPORTER_OTLP_ENDPOINT", variables);
            if (Services.Contains(Manifests.Name(deployment)))
            {
                Assert.Superset(new HashSet<string> { "RABBITMQ_URI", "MONGODB_URI", "RABBITMQ_QUORUM_QUEUES" }, variables);
            }
        }
        var gateway = Variables(OwnDeployments(Manifests.LocalOverlay).Single(d => Manifests.Name(d) == "gateway"));
        Assert.Superset(new HashSet<string> { "Services__Ingest", "Services__Articles", "Services__Voting", "Services__Ranking", "PUBLISHING_KEYS" }, gateway);
    }

    /// <summary>The gateway's own configuration (every ConfigMap it reads, merged).</summary>
    private Dictionary<string, string> GatewayConfiguration(string build)
    {
        var resources = manifests.Build(build);
        var configMaps = Manifests.OfKind(resources, "ConfigMap").ToDictionary(Manifests.Name);
        var container = Manifests.Container(OwnDeployments(build).Single(d => Manifests.Name(d) == "gateway"));
        return container.Items("envFrom").Select(e => e.Text("configMapRef", "name")).OfType<string>()
            .SelectMany(name => configMaps[name].Entries("data"))
            .ToDictionary(entry => entry.Key, entry => entry.Value!.GetValue<string>());
    }

    [Theory]
    [MemberData(nameof(Builds))]
    public void Should_trust_the_ingress_for_client_addresses_and_name_the_public_host(string build)
    {
        var configuration = GatewayConfiguration(build);

        Assert.True(System.Net.IPNetwork.TryParse(configuration.GetValueOrDefault("RateLimits__TrustedProxyNetworks__0"), out _), "no trusted proxy network: every reader would count as the Ingress");
        Assert.True(configuration.GetValueOrDefault("AllowedHosts") is { Length: > 0 } hosts && hosts != "*", "AllowedHosts lets any Host in");
        var origin = new Uri(configuration["PUBLISHING_PUBLIC_ORIGIN"]);
        Assert.Contains(origin.Host, configuration["AllowedHosts"].Split(';'));
        var probes = new[] { "startupProbe", "readinessProbe", "livenessProbe" }
            .Select(probe => Manifests.Container(OwnDeployments(build).Single(d => Manifests.Name(d) == "gateway")).At(probe, "httpGet"));
        Assert.All(probes, probe => Assert.Contains(
            probe!.Items("httpHeaders").Where(h => h.Text("name") == "Host").Select(h => h.Text("value")).Single(), configuration["AllowedHosts"].Split(';')));
    }

    [Theory]
    [MemberData(nameof(Builds))]
    public void Should_mount_no_service_account_token(string build)
    {
        foreach (var deployment in Manifests.OfKind(manifests.Build(build), "Deployment"))
        {
            Assert.True(deployment.Text("spec", "template", "spec", "automountServiceAccountToken") == "false",
                Manifests.Name(deployment) + " mounts a service-account token it never uses");
        }
    }

    [Theory]
    [MemberData(nameof(Builds))]
    public void Should_share_the_gateway_key_ring_between_its_replicas(string build)
    {
        var resources = manifests.Build(build);
        var gateway = OwnDeployments(build).Single(d => Manifests.Name(d) == "gateway");
        var keysPath = Manifests.OfKind(resources, "ConfigMap").Select(c => c.Text("data", "PUBLISHING_KEYS")).OfType<string>().Single();

        var mount = Manifests.Container(gateway).Items("volumeMounts").Single(m => m.Text("mountPath") == keysPath);
        var volume = gateway.Items("spec", "template", "spec", "volumes").Single(v => v.Text("name") == mount.Text("name"));
        var claim = Manifests.OfKind(resources, "PersistentVolumeClaim").Single(c => Manifests.Name(c) == volume.Text("persistentVolumeClaim", "claimName"));
        if (build == Manifests.Base)
        {
            // Replicas on different nodes write the same ring.
            Assert.Contains("ReadWriteMany", claim.Items("spec", "accessModes").Select(m => m.GetValue<string>()));
        }
    }

    [Theory]
    [MemberData(nameof(Builds))]
    public void Should_take_the_broker_and_the_store_from_their_operators(string build)
    {
        var resources = manifests.Build(build);

        Assert.Single(Manifests.OfKind(resources, "RabbitmqCluster"));
        Assert.Equal("ReplicaSet", Assert.Single(Manifests.OfKind(resources, "MongoDBCommunity")).Text("spec", "type"));
        Assert.Empty(Manifests.OfKind(resources, "StatefulSet"));
        if (build == Manifests.Base)
        {
            Assert.True(int.Parse(Manifests.OfKind(resources, "RabbitmqCluster").Single().Text("spec", "replicas")!) >= 3, "quorum queues need three nodes to survive the loss of one");
        }
    }

    [Theory]
    [MemberData(nameof(Builds))]
    public void Should_run_the_images_of_this_repository_as_a_non_root_user(string build)
    {
        foreach (var deployment in OwnDeployments(build))
        {
            var name = Manifests.Name(deployment);
            Assert.StartsWith($"publishing/{name}:", Manifests.Container(deployment).Text("image"));
            Assert.Equal("true", deployment.Text("spec", "template", "spec", "securityContext", "runAsNonRoot"));
            Assert.NotEqual("0", deployment.Text("spec", "template", "spec", "securityContext", "runAsUser"));
        }
    }

    [Theory]
    [MemberData(nameof(Builds))]
    public void Should_let_only_the_gateway_reach_the_services_and_anyone_reach_the_gateway(string build)
    {
        var resources = manifests.Build(build);
        var policies = Manifests.OfKind(resources, "NetworkPolicy").ToList();
        var labels = OwnDeployments(build).ToDictionary(Manifests.Name, d => d.At("spec", "template", "metadata", "labels")!);
        IReadOnlyList<JsonNode> PoliciesOf(string process) => policies.Where(p => Selects(p.At("spec", "podSelector")!, labels[process])).ToList();
        static bool OpensTheHttpPort(JsonNode rule) =>
            rule.Items("ports").Any(p => p.Text("port") is "http" or "8080" && (p.Text("protocol") ?? "TCP") == "TCP");

        foreach (var service in Services)
        {
            var policy = Assert.Single(PoliciesOf(service));
            Assert.Contains("Ingress", policy.Items("spec", "policyTypes").Select(t => t.GetValue<string>()));
            var rule = Assert.Single(policy.Items("spec", "ingress"));
            var source = Assert.Single(rule.Items("from"));
            // A pod selector alone means pods of this namespace: no namespaceSelector or ipBlock widening it.
            Assert.Null(source.At("namespaceSelector"));
            Assert.Null(source.At("ipBlock"));
            Assert.True(Selects(source.At("podSelector")!, labels["gateway"]), $"{service}'s policy does not admit the gateway");
            Assert.All(Processes.Where(p => p != "gateway"), other => Assert.False(Selects(source.At("podSelector")!, labels[other]), $"{service}'s policy admits {other}"));
            Assert.True(OpensTheHttpPort(rule), $"{service}'s policy does not open its HTTP port");
        }
        var gateway = Assert.Single(PoliciesOf("gateway"));
        var open = Assert.Single(gateway.Items("spec", "ingress"));
        Assert.Empty(open.Items("from"));
        Assert.True(OpensTheHttpPort(open), "the gateway's policy does not open its HTTP port");
    }

    /// <summary>Whether a label selector (matchLabels and matchExpressions with In / NotIn / Exists) selects pods with these labels.</summary>
    private static bool Selects(JsonNode selector, JsonNode labels)
    {
        string? Label(string key) => labels.Text(key);
        var byLabels = selector.Entries("matchLabels").All(entry => Label(entry.Key) == entry.Value?.GetValue<string>());
        var byExpressions = selector.Items("matchExpressions").All(expression =>
        {
            var value = Label(expression.Text("key")!);
            var values = expression.Items("values").Select(v => v.GetValue<string>()).ToList();
            return expression.Text("operator") switch
            {
                "In" => value is not null && values.Contains(value),
                "NotIn" => value is null || !values.Contains(value),
                "Exists" => value is not null,
                "DoesNotExist" => value is null,
                var other => throw new InvalidOperationException("Unknown selector operator " + other),
            };
        });
        return byLabels && byExpressions;
    }
}
