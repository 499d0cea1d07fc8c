using System.Net;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Microsoft.OpenApi;
using Microsoft.OpenApi.Reader;
using Publishing.Launcher;
using Publishing.Testing;

namespace Publishing.EndToEnd.Tests;

/// <summary>The gateway's <c>/openapi/v1.json</c>: the whole public API, merged from the services' own documents.</summary>
public sealed partial class Describing_the_api(SystemFixture system)
{
    private static CancellationToken Cancellation => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Should_list_every_public_path_of_the_contract_and_no_other()
    {
        var document = await DocumentAsync();

        var described = document["paths"]!.AsObject()
            .SelectMany(path => path.Value!.AsObject().Select(operation => $"{operation.Key.ToUpperInvariant()} {Normalized(path.Key)}"))
            .ToHashSet();

        var contract = ContractOperations();
        Assert.True(contract.Count >= 16, $"only {contract.Count} operations read from docs/API.md");
        Assert.Empty(contract.Except(described).Order());
        Assert.Empty(described.Except(contract).Order());
    }

    [Fact]
    public async Task Should_be_valid_OpenAPI_with_no_internal_address()
    {
        var text = await DocumentTextAsync();

        var settings = new OpenApiReaderSettings();
        var read = OpenApiDocument.Parse(text, OpenApiConstants.Json, settings);

        Assert.NotNull(read.Document);
        Assert.Empty(read.Diagnostic?.Errors.Select(e => $"{e.Pointer}: {e.Message}") ?? []);
        Assert.Empty(read.Document.Servers ?? []);
        Assert.DoesNotContain("127.0.0.1", text);
    }

    [Fact]
    public async Task Should_name_the_newsroom_key_on_every_ingest_operation_and_on_no_other()
    {
        var document = await DocumentAsync();
        var schemes = document["components"]!["securitySchemes"]!.AsObject();

        foreach (var (path, item) in document["paths"]!.AsObject())
        {
            foreach (var (method, operation) in item!.AsObject())
            {
                var required = (operation!["security"] as JsonArray ?? []).SelectMany(r => r!.AsObject().Select(s => s.Key)).ToList();
                if (path.StartsWith("/api/ingest/", StringComparison.Ordinal))
                {
                    Assert.NotEmpty(required);
                    Assert.All(required, name => Assert.Equal("apiKey", (string?)schemes[name]!["type"]));
                    Assert.Contains(required, name => (string?)schemes[name]!["name"] == "X-Api-Key");
                    Assert.Contains(required, name => (string?)schemes[name]!["name"] == "Authorization");
                    Assert.NotNull(operation["responses"]!["401"]);
                }
                else
                {
                    Assert.Empty(required);
                }
            }
        }
    }

    [Fact]
    public async Task Should_describe_every_error_answer_as_a_problem()
    {
        var document = await DocumentAsync();

        var errors = document["paths"]!.AsObject()
            .SelectMany(path => path.Value!.AsObject().SelectMany(operation => operation.Value!["responses"]!.AsObject()
                .Where(response => response.Key[0] is '4' or '5')
                .Select(response => (Where: $"{operation.Key} {path.Key} {response.Key}", Content: response.Value!["content"] as JsonObject))))
            .ToList();

        Assert.True(errors.Count > 40, $"only {errors.Count} error answers are described");
        Assert.All(errors, error => Assert.True(error.Content?.ContainsKey("application/problem+json") == true, error.Where));
        var operations = document["paths"]!.AsObject().SelectMany(path => path.Value!.AsObject().Select(o => (Path: path.Key, Method: o.Key, Responses: o.Value!["responses"]!.AsObject()))).ToList();
        Assert.Contains(operations, o => o is { Path: "/api/articles/{idOrSlug}", Method: "get" } && o.Responses.ContainsKey("410"));
        Assert.Contains(operations, o => o is { Path: "/api/ingest/ninjs", Method: "post" } && o.Responses.ContainsKey("422"));
        Assert.Contains(operations, o => o is { Path: "/api/articles/{id}/votes", Method: "post" } && o.Responses.ContainsKey("429"));
    }

    /// <summary>The examples are what a newsroom developer copies first: each must be accepted as it stands.</summary>
    [Theory]
    [InlineData("/api/ingest/articles", "article")]
    [InlineData("/api/ingest/ninjs", "ninjs-3")]
    [InlineData("/api/ingest/ninjs", "ninjs-2")]
    [InlineData("/api/ingest/ninjs", "ninjs-1")]
    public async Task Should_give_examples_that_the_ingest_api_accepts(string path, string example)
    {
        var document = await DocumentAsync();
        var value = document["paths"]![path]!["post"]!["requestBody"]!["content"]!["application/json"]!["examples"]![example]!["value"]!;
        using var newsroom = system.Newsroom();

        var response = await newsroom.PostAsync(path, new StringContent(value.ToJsonString(), Encoding.UTF8, "application/json"), Cancellation);

        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
    }

    private async Task<JsonObject> DocumentAsync() => JsonNode.Parse(await DocumentTextAsync())!.AsObject();

    /// <summary>The document once every service has described its API (a 503 until then, as the system starts).</summary>
    private async Task<string> DocumentTextAsync()
    {
        var response = await Eventually.GetAsync(() => system.Gateway.GetAsync("/openapi/v1.json", Cancellation), r => r.StatusCode == HttpStatusCode.OK);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return await response.Content.ReadAsStringAsync(Cancellation);
    }

    /// <summary>
    /// Every operation docs/API.md names, as <c>METHOD /path</c>: the JSON API (<c>/api/…</c>) and the feeds. The pages,
    /// <c>robots.txt</c> and the health probes are for browsers, crawlers and orchestrators, not for API clients.
    /// </summary>
    private static HashSet<string> ContractOperations() =>
        OperationInContract().Matches(File.ReadAllText(Path.Combine(RepositoryLayout.Root, "docs", "API.md")))
            .Select(match => (Method: match.Groups["method"].Value, Path: match.Groups["path"].Value))
            .Where(operation => operation.Path.StartsWith("/api/", StringComparison.Ordinal) || operation.Path is "/feed.atom" or "/sitemap.xml")
            .Select(operation => $"{operation.Method} {Normalized(operation.Path)}")
            .ToHashSet();

    /// <summary>Parameters by position, not by name: API.md says <c>{id}</c> where a service names it <c>{idOrSlug}</c>.</summary>
    private static string Normalized(string path) => Parameter().Replace(path, "{}");

    [GeneratedRegex(@"`(?<method>GET|POST|PUT|PATCH|DELETE) (?<path>/[^`?\s]*)")]
    private static partial Regex OperationInContract();

    [GeneratedRegex(@"\{[^}]*\}")]
    private static partial Regex Parameter();
}
