using System.Text.Json.Nodes;
using System.Text.RegularExpressions;

namespace Publishing.Deploy.Tests;

/// <summary>The operator's dashboard and alerts for compose's Prometheus and Grafana (deploy/prometheus, deploy/grafana), checked offline.</summary>
public sealed partial class Watching_the_system(ComposeFile compose) : IClassFixture<ComposeFile>
{
    /// <summary>
    /// The metrics the processes export (tests/EndToEnd.Tests/Exporting_metrics.cs reads them from an OTLP receiver),
    /// as Prometheus names them, and the outbox gauges of issue 12.
    /// </summary>
    private static readonly HashSet<string> Exported =
    [
        "http_server_request_duration_seconds_count", "http_server_request_duration_seconds_bucket",
        "publishing_event_age_seconds_bucket", "publishing_messaging_error_queue_depth",
        "publishing_outbox_pending", "publishing_outbox_oldest_age_seconds", "publishing_outbox_set_aside",
    ];

    private static readonly HashSet<string> PromQl =
        ["sum", "max", "by", "rate", "histogram_quantile", "job", "http_route", "le", "http_response_status_code", "messaging_destination_name"];

    [Fact]
    public void Should_give_prometheus_its_configuration_and_alerts_and_grafana_its_provisioning()
    {
        // docker compose config answers the sources as absolute paths; the file itself has them relative.
        var mounts = compose.Service("prometheus").Items("volumes").Select(v => v.GetValue<string>()).ToList();
        Assert.Contains(mounts, m => m.EndsWith("deploy/prometheus/prometheus.yml:/etc/prometheus/prometheus.yml:ro", StringComparison.Ordinal));
        Assert.Contains(mounts, m => m.EndsWith("deploy/prometheus/alerts.yml:/etc/prometheus/alerts.yml:ro", StringComparison.Ordinal));
        var config = Yaml.Documents(File.ReadAllText(Repository.PathOf("deploy/prometheus/prometheus.yml"))).Single();
        Assert.Contains("/etc/prometheus/alerts.yml", config.Items("rule_files").Select(r => r.GetValue<string>()));
        var grafana = compose.Service("grafana").Items("volumes").Select(v => v.GetValue<string>()).ToList();
        foreach (var mount in grafana)
        {
            var source = mount.Split(':')[0];
            Assert.True(Path.Exists(Path.IsPathRooted(source) ? source : Repository.PathOf(source)), $"{mount} mounts nothing");
        }
        var datasource = Yaml.Documents(File.ReadAllText(Repository.PathOf("deploy/grafana/provisioning/datasources/prometheus.yml"))).Single();
        Assert.Equal("http://prometheus:9090", datasource.Items("datasources").Single().Text("url"));
    }

    [Fact]
    public void Should_chart_only_metrics_that_are_exported_from_the_provisioned_source()
    {
        var dashboard = JsonNode.Parse(File.ReadAllText(Repository.PathOf("deploy/grafana/dashboards/publishing.json")))!;
        var datasource = Yaml.Documents(File.ReadAllText(Repository.PathOf("deploy/grafana/provisioning/datasources/prometheus.yml"))).Single()
            .Items("datasources").Single().Text("uid");
        var panels = dashboard["panels"]!.AsArray();

        Assert.True(panels.Count >= 6);
        foreach (var panel in panels)
        {
            foreach (var target in panel!["targets"]!.AsArray())
            {
                Assert.Equal(datasource, (string?)target!["datasource"]!["uid"]);
                AssertNamesOnlyExportedMetrics((string)target["expr"]!);
            }
        }
        var charted = panels.SelectMany(p => p!["targets"]!.AsArray().Select(t => (string)t!["expr"]!)).ToList();
        Assert.All(Exported, metric => Assert.Contains(charted, expr => expr.Contains(metric.Replace("_count", "").Replace("_bucket", ""))));
    }

    [Fact]
    public void Should_alert_on_exported_metrics_and_say_what_each_alarm_means()
    {
        var rules = Yaml.Documents(File.ReadAllText(Repository.PathOf("deploy/prometheus/alerts.yml"))).Single()
            .Items("groups").SelectMany(group => group.Items("rules")).ToList();
        var guide = File.ReadAllText(Repository.PathOf("deploy/README.md"));

        Assert.True(rules.Count >= 5);
        foreach (var rule in rules)
        {
            AssertNamesOnlyExportedMetrics(rule.Text("expr")!);
            Assert.False(string.IsNullOrWhiteSpace(rule.Text("annotations", "meaning")), $"{rule.Text("alert")} says nothing of what it means");
            Assert.Contains(rule.Text("alert")!, guide);
        }
    }

    private static void AssertNamesOnlyExportedMetrics(string expr)
    {
        var withoutStrings = Quoted().Replace(Durations().Replace(expr, ""), "");
        var unknown = Identifier().Matches(withoutStrings).Select(m => m.Value).Where(name => !Exported.Contains(name) && !PromQl.Contains(name)).ToList();
        Assert.True(unknown.Count == 0, $"{expr} names {string.Join(", ", unknown)}");
    }

    [GeneratedRegex(@"[a-zA-Z_][a-zA-Z0-9_]*")]
    private static partial Regex Identifier();

    [GeneratedRegex("\"[^\"]*\"")]
    private static partial Regex Quoted();

    [GeneratedRegex(@"\[\d+[smh]\]")]
    private static partial Regex Durations();
}
