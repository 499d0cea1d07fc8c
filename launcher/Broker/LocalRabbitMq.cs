using System.Diagnostics;

namespace Publishing.Launcher.Broker;

/// <summary>
/// A private RabbitMQ node started from the locally installed rabbitmq-server: its own folder, node name,
/// ports and epmd, all on 127.0.0.1, stopped (with its epmd) on dispose. Its users are made afresh by each start: an
/// administrator (<see cref="Uri"/>) and one user per service with only its own rights (<see cref="BrokerAccess"/>,
/// <see cref="UriOf"/>), each with a password generated for this run; <c>guest</c> is left with a password nobody knows.
/// </summary>
public sealed class LocalRabbitMq : IAsyncDisposable
{
    private readonly Dictionary<string, string> _environment;
    private readonly string _folder;
    private readonly string _nodeName;
    private readonly int _epmdPort;
    private Process _server = null!;

    private readonly IReadOnlyDictionary<string, Uri> _serviceUris;

    private LocalRabbitMq(string folder, Dictionary<string, string> environment, string nodeName, int amqpPort, int epmdPort, Users users)
    {
        _folder = folder;
        _environment = environment;
        _nodeName = nodeName;
        _epmdPort = epmdPort;
        Uri = new Uri($"amqp://{Administrator}:{users.AdministratorPassword}@127.0.0.1:{amqpPort}/");
        _serviceUris = users.Services.ToDictionary(
            service => service.Key,
            service => new Uri($"amqp://{BrokerAccess.Of(service.Key).User}:{service.Value}@127.0.0.1:{amqpPort}/"));
    }

    private const string Administrator = "publishing-admin";

    /// <summary>The administrator's address: every right on the node (tests, an operator's look).</summary>
    public Uri Uri { get; }

    /// <summary>A service's address: its own user, with only the rights <see cref="BrokerAccess"/> gives it.</summary>
    public Uri UriOf(string service) => _serviceUris[service];

    /// <summary>The passwords of one run: random, never written anywhere but the node's definitions (as salted hashes).</summary>
    private sealed record Users(string AdministratorPassword, IReadOnlyDictionary<string, string> Services)
    {
        public static Users Generate() => new(
            NewPassword(),
            BrokerAccess.Services.ToDictionary(access => access.Service, _ => NewPassword()));

        private static string NewPassword() => Convert.ToHexStringLower(System.Security.Cryptography.RandomNumberGenerator.GetBytes(24));
    }
    private readonly SemaphoreSlim _restarting = new(1, 1);
    private DateTime _startedAt;

    /// <summary>The node's own process (the Erlang VM), as written in its pid file; the server script's when the file is not there yet.</summary>
    public int NodeProcessId =>
        File.Exists(_environment["RABBITMQ_PID_FILE"]) && int.TryParse(File.ReadAllText(_environment["RABBITMQ_PID_FILE"]).Trim(), out var pid) ? pid : _server.Id;

    /// <summary>Waits until the node exits (crash, kill -9): its process id, exit code and how long it ran.</summary>
    public async Task<(int Pid, int Code, TimeSpan RanFor)> WaitForExitAsync(CancellationToken cancellationToken)
    {
        var server = _server;
        var pid = NodeProcessId;
        await server.WaitForExitAsync(cancellationToken);
        return (pid, server.ExitCode, DateTime.UtcNow - _startedAt);
    }

    /// <summary>The real server script: the Debian wrapper in /usr/sbin switches user and logs to /var/log.</summary>
    public static string? FindServerScript() =>
        Directory.Exists("/usr/lib/rabbitmq/lib")
            ? Directory.GetDirectories("/usr/lib/rabbitmq/lib", "rabbitmq_server-*")
                .Select(folder => Path.Combine(folder, "sbin", "rabbitmq-server"))
                .Where(File.Exists)
                .OrderDescending()
                .FirstOrDefault()
            : null;

    public static async Task<LocalRabbitMq> StartAsync(string folder, TextWriter log, CancellationToken cancellationToken)
    {
        var script = FindServerScript() ?? throw new LaunchException(
            "RabbitMQ is not installed. Install it (Debian: apt-get install -y rabbitmq-server) or set RABBITMQ_URI to a broker.");
        folder = Path.GetFullPath(folder);
        OwnerOnly.Folder(folder);
        const string nodeName = "publishing@localhost";
        var amqpPort = FreePort.Next();
        var distPort = FreePort.Next();
        var epmdPort = FreePort.Next();
        var users = Users.Generate();
        // The users, loaded by the node as it boots (every boot: a restart after a crash keeps this run's passwords).
        // A new folder's first user is the administrator too, so that guest/guest never exists even for a moment.
        var definitionsFile = Path.Combine(folder, "definitions.json");
        await using (var definitions = new StreamWriter(OwnerOnly.Writable(definitionsFile)))
        {
            await definitions.WriteAsync(BrokerAccess.Definitions(Administrator, users.AdministratorPassword, users.Services).AsMemory(), cancellationToken);
        }
        var configFile = Path.Combine(folder, "rabbitmq.conf");
        await using (var config = new StreamWriter(OwnerOnly.Writable(configFile)))
        {
            await config.WriteAsync($"""
                listeners.tcp.default = 127.0.0.1:{amqpPort}
                log.console = false
                log.file.level = warning
                default_user = {Administrator}
                default_pass = {users.AdministratorPassword}
                load_definitions = {definitionsFile}
                """.AsMemory(), cancellationToken);
        }
        var pluginsFile = Path.Combine(folder, "enabled_plugins");
        await File.WriteAllTextAsync(pluginsFile, "[].", cancellationToken);

        var environment = new Dictionary<string, string>
        {
            ["HOME"] = folder,
            ["ERL_EPMD_PORT"] = epmdPort.ToString(),
            ["ERL_EPMD_ADDRESS"] = "127.0.0.1",
            ["RABBITMQ_NODENAME"] = nodeName,
            ["RABBITMQ_NODE_IP_ADDRESS"] = "127.0.0.1",
            ["RABBITMQ_NODE_PORT"] = amqpPort.ToString(),
            ["RABBITMQ_DIST_PORT"] = distPort.ToString(),
            ["RABBITMQ_MNESIA_BASE"] = Path.Combine(folder, "mnesia"),
            ["RABBITMQ_LOG_BASE"] = Path.Combine(folder, "log"),
            ["RABBITMQ_PID_FILE"] = Path.Combine(folder, "rabbitmq.pid"),
            ["RABBITMQ_ENABLED_PLUGINS_FILE"] = pluginsFile,
            ["RABBITMQ_CONFIG_FILE"] = configFile,
            ["RABBITMQ_CONF_ENV_FILE"] = "/dev/null",
            ["RABBITMQ_SERVER_ADDITIONAL_ERL_ARGS"] = "-kernel inet_dist_use_interface {127,0,0,1}",
        };
        // Our own epmd on its own port: nothing listens on 0.0.0.0, and nothing outlives the node.
        await RunAsync("epmd", ["-address", "127.0.0.1", "-port", epmdPort.ToString(), "-daemon"], environment, TimeSpan.FromSeconds(10), cancellationToken);

        var broker = new LocalRabbitMq(folder, environment, nodeName, amqpPort, epmdPort, users);
        log.WriteLine($"Starting RabbitMQ node {nodeName} on 127.0.0.1:{amqpPort} ({folder})");
        try
        {
            await broker.StartNodeAsync(script, cancellationToken);
        }
        catch
        {
            await broker.DisposeAsync();
            throw;
        }
        return broker;
    }

    /// <summary>
    /// Starts the node again once it has exited (after <see cref="Kill"/>, a crash), on the same port with the same
    /// files: durable queues and the persistent messages they held come back. Does nothing when it was started again
    /// meanwhile.
    /// </summary>
    public async Task RestartAsync(CancellationToken cancellationToken)
    {
        await _restarting.WaitAsync(cancellationToken);
        try
        {
            if (!_server.HasExited)
            {
                return;
            }
            _server.Dispose();
            await StartNodeAsync(FindServerScript()!, cancellationToken);
        }
        finally
        {
            _restarting.Release();
        }
    }

    private async Task StartNodeAsync(string script, CancellationToken cancellationToken)
    {
        File.Delete(_environment["RABBITMQ_PID_FILE"]);
        var start = Command(script, [], _environment);
        start.RedirectStandardOutput = true;
        start.RedirectStandardError = true;
        _server = Process.Start(start) ?? throw new LaunchException("rabbitmq-server did not start.");
        _startedAt = DateTime.UtcNow;
        var output = Path.Combine(_folder, "server.out");
        _ = PumpAsync(_server, output);

        var ctl = Path.Combine(Path.GetDirectoryName(script)!, "rabbitmqctl");
        var (code, text) = await RunAsync(ctl, ["-n", _nodeName, "wait", _environment["RABBITMQ_PID_FILE"], "--timeout", "120"], _environment, TimeSpan.FromSeconds(150), cancellationToken);
        if (code != 0 || _server.HasExited)
        {
            throw new LaunchException($"RabbitMQ did not start (rabbitmqctl wait exited {code}): {text.Trim()}\nSee {output} and {_environment["RABBITMQ_LOG_BASE"]}.");
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (_server is null)
        {
            await TryRunAsync("epmd", ["-port", _epmdPort.ToString(), "-kill"], TimeSpan.FromSeconds(10));
            return;
        }
        var ctl = Path.Combine(Path.GetDirectoryName(FindServerScript()!)!, "rabbitmqctl");
        // Whatever the orderly steps do (a loaded machine can make rabbitmqctl time out), the node and its epmd go.
        if (!_server.HasExited)
        {
            await TryRunAsync(ctl, ["-n", _nodeName, "shutdown"], TimeSpan.FromSeconds(30));
        }
        if (!_server.WaitForExit(TimeSpan.FromSeconds(10)))
        {
            _server.Kill(entireProcessTree: true);
            _server.WaitForExit(TimeSpan.FromSeconds(10));
        }
        await TryRunAsync("epmd", ["-port", _epmdPort.ToString(), "-kill"], TimeSpan.FromSeconds(10));
        _server.Dispose();
    }

    private async Task TryRunAsync(string file, string[] arguments, TimeSpan timeout)
    {
        try
        {
            await RunAsync(file, arguments, _environment, timeout, CancellationToken.None);
        }
        catch (Exception exception) when (exception is OperationCanceledException or LaunchException or System.ComponentModel.Win32Exception)
        {
            // The kill that follows does what this could not.
        }
    }

    /// <summary>Stops the node abruptly, as a crash would (for fault tests).</summary>
    public void Kill() => _server.Kill(entireProcessTree: true);

    private static ProcessStartInfo Command(string file, IEnumerable<string> arguments, Dictionary<string, string> environment)
    {
        var info = new ProcessStartInfo(file) { UseShellExecute = false };
        foreach (var argument in arguments)
        {
            info.ArgumentList.Add(argument);
        }
        foreach (var (name, value) in environment)
        {
            info.Environment[name] = value;
        }
        return info;
    }

    private static async Task<(int Code, string Output)> RunAsync(
        string file, IEnumerable<string> arguments, Dictionary<string, string> environment, TimeSpan timeout, CancellationToken cancellationToken)
    {
        var info = Command(file, arguments, environment);
        info.RedirectStandardOutput = true;
        info.RedirectStandardError = true;
        using var process = Process.Start(info) ?? throw new LaunchException($"{file} did not start.");
        using var limit = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        limit.CancelAfter(timeout);
        var stdout = process.StandardOutput.ReadToEndAsync(limit.Token);
        var stderr = process.StandardError.ReadToEndAsync(limit.Token);
        try
        {
            await process.WaitForExitAsync(limit.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw;
        }
        return (process.ExitCode, await stdout + await stderr);
    }

    private static async Task PumpAsync(Process process, string path)
    {
        await using var file = new StreamWriter(path, append: true) { AutoFlush = true };
        var stdout = CopyAsync(process.StandardOutput, file);
        var stderr = CopyAsync(process.StandardError, file);
        await Task.WhenAll(stdout, stderr);
    }

    private static async Task CopyAsync(StreamReader reader, StreamWriter writer)
    {
        while (await reader.ReadLineAsync() is { } line)
        {
            lock (writer)
            {
                writer.WriteLine(line);
            }
        }
    }
}
