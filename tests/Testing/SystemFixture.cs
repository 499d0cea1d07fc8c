using Publishing.Launcher;
using Xunit;

namespace Publishing.Testing;

/// <summary>
/// The whole system as real processes, started the way <c>./run.sh</c> starts them (the launcher's
/// <see cref="LocalSystem"/>), in a temporary data folder, exporting traces to an <see cref="OtlpReceiver"/>.
/// </summary>
public class SystemFixture : IAsyncLifetime
{
    /// <summary>True to fill the system with the demo content at start, as <c>./run.sh</c> does (<c>PUBLISHING_DEMO=1</c>).</summary>
    protected virtual bool Demo => false;

    /// <summary>
    /// True to let Ranking compute sentence embeddings, as <c>./run.sh</c> does. Off by default: the model costs
    /// ~300 MB and tens of milliseconds of CPU per article in every Ranking process, which tests about something else
    /// should not pay; off, Related and Recommendation run on TF-IDF alone.
    /// </summary>
    protected virtual bool Embeddings => false;

    private string _folder = "";
    private SharedBroker? _shared;

    public LocalSystem System { get; private set; } = null!;
    public OtlpReceiver Traces { get; private set; } = null!;
    public HttpClient Gateway { get; private set; } = null!;
    public string DataFolder => _folder;

    /// <summary>What the launcher said (starts, and the supervisor's exits, restarts and give-ups), as <c>./run.sh</c> prints it.</summary>
    public string LauncherLogFile => Path.Combine(_folder, "launcher.log");

    /// <summary>Like everything else in the data folder, the launcher's log is its owner's alone.</summary>
    private static FileStreamOptions OwnerOnlyLog
    {
        get
        {
            var options = new FileStreamOptions { Mode = FileMode.Create, Access = FileAccess.Write, Share = FileShare.ReadWrite | FileShare.Delete };
            if (!OperatingSystem.IsWindows())
            {
                options.UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite;
            }
            return options;
        }
    }

    public string LauncherLog()
    {
        using var reader = new StreamReader(new FileStream(LauncherLogFile, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete));
        return reader.ReadToEnd();
    }

    private TextWriter _launcherLog = TextWriter.Null;

    public async ValueTask InitializeAsync()
    {
        _folder = Directory.CreateTempSubdirectory("publishing-e2e-").FullName;
        Traces = await OtlpReceiver.StartAsync();
        _shared = await SharedBroker.FromEnvironmentAsync();
        var options = new LocalSystemOptions
        {
            GatewayPort = FreePort.Next(),
            DataFolder = _folder,
            Demo = Demo,
            BrokerUri = _shared?.Uri,
            Environment = new Dictionary<string, string>(Traces.ExporterEnvironment)
            {
                ["Ranking__Embeddings__Enabled"] = Embeddings ? "true" : "false",
            },
        };
        _launcherLog = TextWriter.Synchronized(new StreamWriter(new FileStream(LauncherLogFile, OwnerOnlyLog)) { AutoFlush = true });
        System = await LocalSystem.StartAsync(options, _launcherLog, CancellationToken.None);
        Gateway = new HttpClient { BaseAddress = System.GatewayUrl, Timeout = TimeSpan.FromSeconds(30) };
    }

    public HttpClient Newsroom()
    {
        var client = new HttpClient { BaseAddress = System.GatewayUrl, Timeout = TimeSpan.FromSeconds(60) };
        client.DefaultRequestHeaders.Add("Authorization", "ApiKey " + System.IngestKey);
        return client;
    }

    public async ValueTask DisposeAsync()
    {
        Gateway?.Dispose();
        if (System is not null)
        {
            await System.DisposeAsync();
        }
        await _launcherLog.DisposeAsync();
        if (Traces is not null)
        {
            await Traces.DisposeAsync();
        }
        if (_shared is not null)
        {
            await _shared.DisposeAsync();
        }
        if (Environment.GetEnvironmentVariable("PUBLISHING_TEST_LOGS") is { Length: > 0 } keep && Directory.Exists(_folder))
        {
            // The services' logs and the local broker's, in a folder of this system's own: the end-to-end and the
            // browser tests each start one, and a fault test may start another.
            var kept = Directory.CreateDirectory(Path.Combine(keep, Path.GetFileName(_folder))).FullName;
            foreach (var file in Directory.EnumerateFiles(_folder, "*.*", SearchOption.AllDirectories).Where(f => f.EndsWith(".log", StringComparison.Ordinal) || f.EndsWith(".out", StringComparison.Ordinal)))
            {
                File.Copy(file, Path.Combine(kept, Path.GetRelativePath(_folder, file).Replace(Path.DirectorySeparatorChar, '_')), overwrite: true);
            }
        }
        try { Directory.Delete(_folder, recursive: true); }
        catch (IOException) { }
    }
}
