using System.Text.RegularExpressions;
using System.Xml.Linq;

namespace Publishing.Deploy.Tests;

/// <summary>The Dockerfile, read statically (no Docker engine here): what it builds, from what, and how it runs.</summary>
public sealed partial class Building_the_images(ComposeFile compose) : IClassFixture<ComposeFile>
{
    private static readonly string Dockerfile = File.ReadAllText(Repository.PathOf("Dockerfile"));

    private static IReadOnlyList<string> Stages => Dockerfile.Split('\n')
        .Select(line => line.Trim())
        .Aggregate(new List<string>(), (stages, line) =>
        {
            if (line.StartsWith("FROM ", StringComparison.Ordinal)) stages.Add("");
            if (stages.Count > 0) stages[^1] += line + "\n";
            return stages;
        });

    [Fact]
    public void Should_build_every_process_from_its_own_project()
    {
        foreach (var (name, project) in ComposeFile.OwnProcesses)
        {
            var build = compose.Service(name).At("build");
            Assert.Equal(Repository.Root, Path.GetFullPath(build.Text("context")!));
            Assert.Equal("Dockerfile", Path.GetFileName(build.Text("dockerfile") ?? "Dockerfile"));
            Assert.Equal(project, build.Text("args", "PROJECT"));
            Assert.True(File.Exists(Repository.PathOf(project)), project + " does not exist");
            Assert.StartsWith($"publishing/{name}:", compose.Service(name).Text("image"));
        }
    }

    [Fact]
    public void Should_have_a_build_for_every_web_project_under_services_and_gateway()
    {
        var webProjects = Directory.EnumerateFiles(Repository.PathOf("services"), "*.csproj", SearchOption.AllDirectories)
            .Concat(Directory.EnumerateFiles(Repository.PathOf("gateway"), "*.csproj", SearchOption.AllDirectories))
            .Where(path => XDocument.Load(path).Root?.Attribute("Sdk")?.Value == "Microsoft.NET.Sdk.Web")
            .Select(path => Path.GetRelativePath(Repository.Root, path).Replace('\\', '/'));

        Assert.Equal(webProjects.Order(), ComposeFile.OwnProcesses.Values.Order());
    }

    [Fact]
    public void Should_publish_the_project_named_by_the_build_argument_in_a_multi_stage_build()
    {
        Assert.True(Stages.Count >= 2, "a single-stage build ships the SDK");
        Assert.Contains("ARG PROJECT", Stages[^2]);
        Assert.Matches(PublishOfTheProject(), Stages[^2]);
        Assert.Contains("COPY --from=", Stages[^1]);
        Assert.DoesNotContain("/sdk:", Stages[^1].Split('\n')[0]);
    }

    [Fact]
    public void Should_run_as_a_non_root_user_with_a_health_check()
    {
        var runtime = Stages[^1];
        var user = UserInstruction().Matches(runtime).Select(m => m.Groups[1].Value).LastOrDefault();

        Assert.False(user is null or "0" or "root", "the runtime stage runs as root");
        Assert.Matches(@"HEALTHCHECK .*CMD \[""/probe/health-probe"", ""/health/ready""\]", runtime);
        Assert.Contains("COPY --from=build /out/probe /probe/", runtime);
    }

    [Fact]
    public void Should_send_every_project_a_process_depends_on_into_the_build_context()
    {
        var ignored = File.ReadAllLines(Repository.PathOf(".dockerignore"))
            .Select(line => line.Trim())
            .Where(line => line.Length > 0 && !line.StartsWith('#'))
            .ToList();
        var needed = ComposeFile.OwnProcesses.Values.Append("deploy/probe/Publishing.HealthProbe.csproj")
            .SelectMany(ProjectClosure).Distinct().ToList();

        foreach (var project in needed.Concat(["Directory.Build.props", "Directory.Packages.props"]))
        {
            Assert.DoesNotContain(ignored, pattern => IsUnder(project, pattern));
        }
    }

    [Fact]
    public void Should_build_from_base_images_named_by_digest_with_the_same_digest_wherever_an_image_is_used()
    {
        var bases = Stages.Select(stage => BaseImage().Match(stage.Split('\n')[0])).ToList();

        // A tag alone is a name its owner can move: what ships would change with no change in this repository.
        Assert.All(bases, image => Assert.True(image.Success && image.Groups["digest"].Success,
            "a FROM without a digest (image:tag@sha256:<64 hex digits>): " + image.Value));
        // The runtime the images ship on among them, and one image:tag pinned alike in every stage that uses it.
        Assert.Contains(bases, image => image.Groups["image"].Value == "mcr.microsoft.com/dotnet/aspnet");
        Assert.All(bases.GroupBy(image => image.Groups["image"].Value + ":" + image.Groups["tag"].Value),
            uses => Assert.Single(uses.Select(image => image.Groups["digest"].Value).Distinct()));
    }

    [GeneratedRegex(@"^FROM\s+(--platform=\S+\s+)?(?<image>[^\s:@]+)(:(?<tag>[^\s@]+))?(@sha256:(?<digest>[0-9a-f]{64}))?(\s|$)")]
    private static partial Regex BaseImage();

    /// <summary>A project and every project it references, transitively, as paths from the repository root.</summary>
    private static IEnumerable<string> ProjectClosure(string project)
    {
        yield return project;
        var folder = Path.GetDirectoryName(Repository.PathOf(project))!;
        var references = XDocument.Load(Repository.PathOf(project)).Descendants("ProjectReference")
            .Select(reference => Path.GetRelativePath(Repository.Root, Path.GetFullPath(Path.Combine(folder, reference.Attribute("Include")!.Value))).Replace('\\', '/'));
        foreach (var referenced in references.SelectMany(ProjectClosure))
        {
            yield return referenced;
        }
    }

    private static bool IsUnder(string path, string pattern) =>
        !pattern.Contains('*') && (path == pattern || path.StartsWith(pattern.TrimEnd('/') + "/", StringComparison.Ordinal));

    [GeneratedRegex(@"dotnet publish ""\$PROJECT""")]
    private static partial Regex PublishOfTheProject();

    [GeneratedRegex(@"^USER\s+(\S+)", RegexOptions.Multiline)]
    private static partial Regex UserInstruction();
}
