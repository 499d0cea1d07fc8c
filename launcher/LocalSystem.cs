using System.Collections.Concurrent;
using System.Security.Cryptography;
using Publishing.Launcher.Broker;
using Publishing.Launcher.Demo;
using Publishing.Launcher.Processes;
using Publishing.Launcher.Supervision;

namespace Publishing.Launcher;

/// <summary>
/// The whole system on this machine: a broker (unless one is given), the four services and the gateway, each its own
/// process on a free port of 127.0.0.1, each supervised: started again when it exits unasked. Used by <c>./run.sh</c>
/// and, the same way, by the end-to-end tests.
/// </summary>
public sealed class LocalSystem : IAsyncDisposable
{
    private static readonly TimeSpan ReadyTimeout = TimeSpan.FromSeconds(120);

    /// <summary>The services, by name, with their project names; the gateway comes last, once they are ready.</summary>
    public static readonly IReadOnlyList<(string Name, string Project)> Services =
    [
        ("ingest", "Publishing.Ingest"),
        ("articles", "Publishing.Articles"),
        ("voting", "Publishing.Voting"),
        ("ranking", "Publishing.Ranking"),
    ];

    private readonly LocalSystemOptions _options;
    private readonly TextWriter _log;
    private readonly ConcurrentDictionary<string, ServiceProcess> _processes = [];
    private readonly ConcurrentDictionary<string, int> _ports = [];
    // What each process was last started with, and one start at a time per process (the supervisor's or a caller's).
    private readonly ConcurrentDictionary<string, IReadOnlyDictionary<string, string>> _extraEnvironments = [];
    private readonly ConcurrentDictionary<string, SemaphoreSlim> _starting = [];
    private readonly DataFolderLock _lock;
    private readonly Supervisor _supervisor;
    private LocalRabbitMq? _broker;

    private LocalSystem(LocalSystemOptions options, TextWriter log, string ingestKey, DataFolderLock folderLock)
    {
        _options = options;
        _log = log;
        IngestKey = ingestKey;
        _lock = folderLock;
        _supervisor = new Supervisor(log, options.Restarts, SupervisionFile);
    }

    /// <summary>The state of every supervised process, for the gateway's readiness report.</summary>
    public string SupervisionFile => Path.Combine(_options.DataFolder, "supervision.json");

    /// <summary>The state of every supervised process: running, restarting or given up.</summary>
    public IReadOnlyDictionary<string, Supervisor.PartState> Supervision => _supervisor.States;

    /// <summary>The operating system's id of a process: a service, <c>gateway</c>, or <c>rabbitmq</c> (the node itself).</summary>
    public int ProcessIdOf(string name) => name == BrokerName ? LocalBroker.NodeProcessId : _processes[name].ProcessId;

    public const string BrokerName = "rabbitmq";

    public Uri GatewayUrl => new($"http://127.0.0.1:{_options.GatewayPort}");
    public string IngestKey { get; }
    /// <summary>The broker's address with every right: the administrator's of the local node, or <c>RABBITMQ_URI</c> as given.</summary>
    public Uri BrokerUri { get; private set; } = null!;

    /// <summary>
    /// The broker address a service is started with: on the local node its own user (<see cref="BrokerAccess"/>), with
    /// this run's password; a broker given by <c>RABBITMQ_URI</c> is used as given, its users being its operator's.
    /// </summary>
    public Uri BrokerUriOf(string service) => _broker?.UriOf(service) ?? BrokerUri;
    public string LogFolder => Path.Combine(_options.DataFolder, "logs");
    public ServiceProcess Process(string name) => _processes[name];

    public static async Task<LocalSystem> StartAsync(LocalSystemOptions options, TextWriter log, CancellationToken cancellationToken)
    {
        OwnerOnly.Folder(options.DataFolder);
        var folderLock = DataFolderLock.Acquire(options.DataFolder);
        LocalSystem system;
        try
        {
            system = new LocalSystem(options, log, options.IngestKey ?? await StoredIngestKeyAsync(options.DataFolder, cancellationToken), folderLock);
        }
        catch
        {
            folderLock.Dispose();
            throw;
        }
        try
        {
            await system.StartAllAsync(cancellationToken);
            return system;
        }
        catch
        {
            await system.DisposeAsync();
            throw;
        }
    }

    private async Task StartAllAsync(CancellationToken cancellationToken)
    {
        if (_options.BrokerUri is { } given)
        {
            BrokerUri = given;
            _log.WriteLine($"Using the broker at {given.Host}:{given.Port} (RABBITMQ_URI)");
        }
        else
        {
            _broker = await LocalRabbitMq.StartAsync(Path.Combine(_options.DataFolder, "rabbitmq"), _log, cancellationToken);
            BrokerUri = _broker.Uri;
            _supervisor.Started(new BrokerPart(_broker), _broker.NodeProcessId);
        }

        foreach (var (name, _) in Services)
        {
            _ports[name] = FreePort.Next();
        }
        _ports["gateway"] = _options.GatewayPort;

        await Task.WhenAll(Services.Select(service => StartServiceAsync(service.Name, new Dictionary<string, string>(), cancellationToken)));
        await StartServiceAsync("gateway", new Dictionary<string, string>(), cancellationToken);

        if (_options.Demo)
        {
            await new DemoContent(GatewayUrl, IngestKey, _log).FillIfEmptyAsync(cancellationToken);
        }
    }

    /// <summary>
    /// Starts (or starts again, after <see cref="ServiceProcess.Kill"/>) one process, with extra variables, and waits
    /// until it is ready. A service whose port another program took meanwhile is started on another port, and the
    /// gateway, if it runs already, is started again to learn it.
    /// </summary>
    public async Task StartServiceAsync(string name, IReadOnlyDictionary<string, string> extraEnvironment, CancellationToken cancellationToken)
    {
        var starting = _starting.GetOrAdd(name, _ => new SemaphoreSlim(1, 1));
        await starting.WaitAsync(cancellationToken);
        try
        {
            _extraEnvironments[name] = extraEnvironment;
            await StartWithPortsAsync(name, extraEnvironment, cancellationToken);
        }
        finally
        {
            starting.Release();
        }
        _supervisor.Started(new ServicePart(this, name), _processes[name].ProcessId);
    }

    /// <summary>The supervisor's restart: with what it was last started with, unless it was replaced meanwhile.</summary>
    private async Task<int> RestartAsync(string name, int exitedPid, CancellationToken cancellationToken)
    {
        var starting = _starting[name];
        await starting.WaitAsync(cancellationToken);
        try
        {
            if (_processes.TryGetValue(name, out var current) && current.ProcessId != exitedPid)
            {
                return current.ProcessId;
            }
            await StartWithPortsAsync(name, _extraEnvironments[name], cancellationToken);
            return _processes[name].ProcessId;
        }
        finally
        {
            starting.Release();
        }
    }

    private async Task StartWithPortsAsync(string name, IReadOnlyDictionary<string, string> extraEnvironment, CancellationToken cancellationToken)
    {
        const int attempts = 3;
        var moved = false;
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                await StartOnceAsync(name, extraEnvironment, cancellationToken);
                break;
            }
            catch (PortTakenException taken) when (name != "gateway" && attempt < attempts)
            {
                _log.WriteLine(taken.Message);
                _ports[name] = FreePort.Next();
                moved = true;
            }
            catch (PortTakenException taken)
            {
                throw new LaunchException(taken.Message);
            }
        }
        if (moved && _processes.ContainsKey("gateway"))
        {
            // The gateway learns the new port by starting again, as a start of its own.
            var gateway = _starting.GetOrAdd("gateway", _ => new SemaphoreSlim(1, 1));
            await gateway.WaitAsync(cancellationToken);
            try
            {
                await StartOnceAsync("gateway", _extraEnvironments.GetValueOrDefault("gateway") ?? new Dictionary<string, string>(), cancellationToken);
            }
            finally
            {
                gateway.Release();
            }
        }
    }

    private async Task StartOnceAsync(string name, IReadOnlyDictionary<string, string> extraEnvironment, CancellationToken cancellationToken)
    {
        if (_processes.TryRemove(name, out var previous))
        {
            await previous.DisposeAsync();
        }
        var project = name == "gateway" ? "Publishing.Gateway" : Services.Single(s => s.Name == name).Project;
        var environment = EnvironmentFor(name);
        foreach (var (key, value) in extraEnvironment)
        {
            environment[key] = value;
        }
        var process = ServiceProcess.Start(name, project, _ports[name], environment, LogFolder);
        _processes[name] = process;
        _log.WriteLine($"Started {name} (pid {process.ProcessId}) on {process.Address}");
        await process.WaitUntilReadyAsync(ReadyTimeout, cancellationToken);
        _log.WriteLine($"{name} is ready");
    }

    /// <summary>Kills the local broker as a crash would (for fault tests); the supervisor, or <see cref="RestartBrokerAsync"/>, brings it back.</summary>
    public void CrashBroker() => LocalBroker.Kill();

    /// <summary>Starts the crashed broker again on the same port and files, unless the supervisor did already.</summary>
    public Task RestartBrokerAsync(CancellationToken cancellationToken) => LocalBroker.RestartAsync(cancellationToken);

    /// <summary>A service or the gateway, as the supervisor sees it: whatever instance runs under its name now.</summary>
    private sealed class ServicePart(LocalSystem system, string name) : Supervisor.IPart
    {
        public string Name => name;

        public async Task<Supervisor.Exit> NextExitAsync(CancellationToken cancellationToken)
        {
            while (true)
            {
                // None between two instances: a start by hand (or after a moved port) removes the old one, stops it,
                // and only then puts the new one in its place.
                if (!system._processes.TryGetValue(name, out var current))
                {
                    await Task.Delay(TimeSpan.FromMilliseconds(200), cancellationToken);
                    continue;
                }
                var code = await current.WaitForExitAsync(cancellationToken);
                if (!current.StopRequested && system._processes.TryGetValue(name, out var still) && ReferenceEquals(still, current))
                {
                    return new Supervisor.Exit(current.ProcessId, code, DateTime.UtcNow - current.StartedAt);
                }
                // Stopped or replaced on purpose: watch whatever runs under the name next.
                await Task.Delay(TimeSpan.FromMilliseconds(200), cancellationToken);
            }
        }

        public Task<int> RestartAsync(Supervisor.Exit exit, CancellationToken cancellationToken) => system.RestartAsync(name, exit.Pid, cancellationToken);
    }

    private sealed class BrokerPart(LocalRabbitMq broker) : Supervisor.IPart
    {
        public string Name => BrokerName;

        public async Task<Supervisor.Exit> NextExitAsync(CancellationToken cancellationToken)
        {
            var (pid, code, ranFor) = await broker.WaitForExitAsync(cancellationToken);
            // The node is the Erlang VM under the server script: how it ended is the script's word only.
            return new Supervisor.Exit(pid, code, ranFor, $"the node ended; its server script exited with code {code}");
        }

        public async Task<int> RestartAsync(Supervisor.Exit exit, CancellationToken cancellationToken)
        {
            await broker.RestartAsync(cancellationToken);
            return broker.NodeProcessId;
        }
    }

    private LocalRabbitMq LocalBroker => _broker ?? throw new InvalidOperationException("The broker was given (RABBITMQ_URI), not started here.");

    private Dictionary<string, string> EnvironmentFor(string name)
    {
        var environment = new Dictionary<string, string>(_options.Environment)
        {
            ["ASPNETCORE_ENVIRONMENT"] = "Production",
            ["DOTNET_ENVIRONMENT"] = "Production",
            ["PUBLISHING_DATA"] = _options.DataFolder,
            // "Now listening on", which tells the launcher that the process answering on the port is this one.
            ["Logging__LogLevel__Microsoft.Hosting.Lifetime"] = "Information",
        };
        if (name != "gateway")
        {
            environment["RABBITMQ_URI"] = BrokerUriOf(name).ToString();
        }
        if (name == "ingest")
        {
            environment["PUBLISHING_INGEST_KEY"] = IngestKey;
        }
        if (name == "gateway")
        {
            environment["Supervision__StateFile"] = SupervisionFile;
            foreach (var (service, _) in Services)
            {
                environment["Services__" + char.ToUpperInvariant(service[0]) + service[1..]] = $"http://127.0.0.1:{_ports[service]}";
            }
            // Served on 127.0.0.1 only, the local run sees every reader (the demo's own too) as one address: the
            // per-address limits, sized for a household, stay off here unless set.
            foreach (var limit in new[] { "VotesPerAddress", "ReadersPerAddress", "ListsPerAddress" })
            {
                var key = $"RateLimits__{limit}__PermitLimit";
                if (!environment.ContainsKey(key) && System.Environment.GetEnvironmentVariable(key) is null)
                {
                    environment[key] = "0";
                }
            }
        }
        return environment;
    }

    /// <summary>The local newsroom key: generated on the first run and kept under the data folder (readable by its owner only).</summary>
    private static async Task<string> StoredIngestKeyAsync(string dataFolder, CancellationToken cancellationToken)
    {
        var path = Path.Combine(dataFolder, "ingest-key");
        if (File.Exists(path))
        {
            return (await File.ReadAllTextAsync(path, cancellationToken)).Trim();
        }
        var key = Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(24));
        await using (var file = new StreamWriter(OwnerOnly.Writable(path)))
        {
            await file.WriteLineAsync(key.AsMemory(), cancellationToken);
        }
        return key;
    }

    public async ValueTask DisposeAsync()
    {
        // Supervision first, so nothing is started again; then the gateway, so no new requests come in; then the
        // services, then the broker.
        await _supervisor.DisposeAsync();
        if (_processes.TryRemove("gateway", out var gateway))
        {
            await gateway.DisposeAsync();
        }
        await Task.WhenAll(_processes.Values.Select(process => process.DisposeAsync().AsTask()));
        _processes.Clear();
        if (_broker is not null)
        {
            await _broker.DisposeAsync();
            _broker = null;
        }
        _lock.Dispose();
    }
}
