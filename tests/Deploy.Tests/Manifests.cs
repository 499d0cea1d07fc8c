using System.Text.Json.Nodes;

namespace Publishing.Deploy.Tests;

/// <summary>The Kubernetes manifests as <c>kubectl kustomize</c> builds them, base and local overlay.</summary>
public sealed class Manifests
{
    public const string Base = "deploy/kubernetes/base";
    public const string LocalOverlay = "deploy/kubernetes/overlays/local";

    /// <summary>Secrets that the operators make, by the resource that makes them.</summary>
    public static readonly string[] OperatorMadeSecretSources = ["RabbitmqCluster", "MongoDBCommunity"];

    private readonly Dictionary<string, Lazy<IReadOnlyList<JsonObject>>> _builds = [];

    public Manifests()
    {
        Kubectl = Tool.Find(("kubectl", [], ["version", "--client"]));
        foreach (var folder in new[] { Base, LocalOverlay })
        {
            _builds[folder] = new Lazy<IReadOnlyList<JsonObject>>(() =>
            {
                var result = Kubectl!.Run(["kustomize", Repository.PathOf(folder)], new Dictionary<string, string?>());
                Assert.True(result.ExitCode == 0, $"kubectl kustomize {folder} failed:\n{result.Error}");
                return Yaml.Documents(result.Output);
            });
        }
    }

    public Tool? Kubectl { get; }

    public IReadOnlyList<JsonObject> Build(string folder)
    {
        if (Kubectl is null)
        {
            Assert.Skip("kubectl is not installed (Debian: apt-get install kubernetes-client); it builds the kustomizations offline.");
        }
        return _builds[folder].Value;
    }

    public static IEnumerable<JsonObject> OfKind(IEnumerable<JsonObject> resources, string kind) =>
        resources.Where(r => r.Text("kind") == kind);

    public static string Name(JsonNode resource) => resource.Text("metadata", "name")!;

    public static JsonNode Container(JsonNode deployment) => deployment.Items("spec", "template", "spec", "containers").Single();

    /// <summary>The Secrets the operators will make: the RabbitMQ cluster's default user and each MongoDB user's connection string.</summary>
    public static IEnumerable<string> OperatorMadeSecrets(IEnumerable<JsonObject> resources) =>
        OfKind(resources, "RabbitmqCluster").Select(cluster => Name(cluster) + "-default-user")
            .Concat(OfKind(resources, "MongoDBCommunity").SelectMany(mongo => mongo.Items("spec", "users"))
                .Select(user => user.Text("connectionStringSecretName")).OfType<string>());
}
