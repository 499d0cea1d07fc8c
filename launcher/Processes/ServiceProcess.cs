using System.Diagnostics;
using System.Runtime.InteropServices;

namespace Publishing.Launcher.Processes;

/// <summary>One service or the gateway as its own process on 127.0.0.1, its output in a log file.</summary>
public sealed partial class ServiceProcess : IAsyncDisposable
{
    private static readonly HttpClient Probe = new() { Timeout = TimeSpan.FromSeconds(2) };
    private readonly Process _process;
    private readonly Listening _listening;

    private ServiceProcess(string name, string project, Process process, Uri address, string logFile, Listening listening)
    {
        ProcessId = process.Id;
        Name = name;
        Project = project;
        _process = process;
        Address = address;
        LogFile = logFile;
        _listening = listening;
    }

    public string Name { get; }
    public string Project { get; }
    public Uri Address { get; }
    public string LogFile { get; }
    public int ProcessId { get; }
    public bool HasExited => _process.HasExited;
    public DateTime StartedAt { get; } = DateTime.UtcNow;

    /// <summary>True once the launcher asked it to stop: its exit is not a crash.</summary>
    public bool StopRequested { get; private set; }

    /// <summary>Waits until the process has exited (its output read to the end); returns its exit code, 128 + signal when a signal ended it.</summary>
    public async Task<int> WaitForExitAsync(CancellationToken cancellationToken)
    {
        try
        {
            await _process.WaitForExitAsync(cancellationToken);
            return _process.ExitCode;
        }
        catch (InvalidOperationException) when (_disposed)
        {
            // Stopped and disposed meanwhile (a start by hand replaced it): its exit code was kept before.
            return _exitCodeAtDispose;
        }
    }

    private int _exitCodeAtDispose = -1;
    private volatile bool _disposed;

    public static ServiceProcess Start(string name, string project, int port, IReadOnlyDictionary<string, string> environment, string logFolder)
    {
        var assembly = RepositoryLayout.Assembly(project);
        if (!File.Exists(assembly))
        {
            throw new LaunchException($"{assembly} is missing: build first (dotnet build Publishing.sln).");
        }
        var address = new Uri($"http://127.0.0.1:{port}");
        var info = new ProcessStartInfo("dotnet")
        {
            UseShellExecute = false,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            WorkingDirectory = Path.GetDirectoryName(assembly)!,
        };
        info.ArgumentList.Add(assembly);
        info.ArgumentList.Add("--urls");
        info.ArgumentList.Add(address.ToString().TrimEnd('/'));
        foreach (var (key, value) in environment)
        {
            info.Environment[key] = value;
        }

        OwnerOnly.Folder(logFolder);
        var logFile = Path.Combine(logFolder, name + ".log");
        var process = Process.Start(info) ?? throw new LaunchException($"{name} did not start.");
        var log = new StreamWriter(OwnerOnly.Writable(logFile, append: true)) { AutoFlush = true };
        var listening = new Listening(address);
        process.OutputDataReceived += (_, e) =>
        {
            listening.Read(e.Data);
            Write(log, e.Data);
        };
        process.ErrorDataReceived += (_, e) => Write(log, e.Data);
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        process.Exited += (_, _) => { lock (log) { log.Dispose(); } };
        process.EnableRaisingEvents = true;
        return new ServiceProcess(name, project, process, address, logFile, listening);
    }

    /// <summary>
    /// What the process says about its port. Only its own "Now listening on" proves that the process answering on the
    /// port is this one: another program that took the port meanwhile would answer the readiness probe too.
    /// </summary>
    private sealed class Listening(Uri address)
    {
        private readonly string _listening = "Now listening on: " + address.ToString().TrimEnd('/');
        private volatile bool _started;
        private volatile bool _portTaken;

        public bool Started => _started;
        public bool PortTaken => _portTaken;

        public void Read(string? line)
        {
            if (line is null)
            {
                return;
            }
            if (line.Contains(_listening, StringComparison.Ordinal))
            {
                _started = true;
            }
            else if (line.Contains("address already in use", StringComparison.OrdinalIgnoreCase))
            {
                _portTaken = true;
            }
        }
    }

    private static void Write(StreamWriter log, string? line)
    {
        if (line is null)
        {
            return;
        }
        lock (log)
        {
            try { log.WriteLine(line); }
            catch (ObjectDisposedException) { }
        }
    }

    /// <summary>
    /// Waits until the process listens on its port and <c>/health/ready</c> answers 200; fails at once if the process
    /// exits (with <see cref="PortTakenException"/> when its port was taken).
    /// </summary>
    public async Task WaitUntilReadyAsync(TimeSpan timeout, CancellationToken cancellationToken)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (DateTime.UtcNow < deadline)
        {
            cancellationToken.ThrowIfCancellationRequested();
            if (_process.HasExited)
            {
                // The output is read to its end before the exit code is reported.
                _process.WaitForExit();
                throw _listening.PortTaken
                    ? new PortTakenException($"{Name} could not listen on {Address}: another program took the port; see {LogFile}.")
                    : new LaunchException($"{Name} exited with code {_process.ExitCode} while starting; see {LogFile}.");
            }
            if (!_listening.Started)
            {
                await Task.Delay(100, cancellationToken);
                continue;
            }
            try
            {
                using var response = await Probe.GetAsync(new Uri(Address, "/health/ready"), cancellationToken);
                if (response.IsSuccessStatusCode)
                {
                    return;
                }
            }
            catch (Exception exception) when (exception is HttpRequestException or TaskCanceledException && !cancellationToken.IsCancellationRequested)
            {
            }
            await Task.Delay(200, cancellationToken);
        }
        throw new LaunchException($"{Name} was not ready within {timeout.TotalSeconds:0} s; see {LogFile}.");
    }

    /// <summary>Kills the process at once, as a crash would (for fault tests).</summary>
    public void Kill()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
            _process.WaitForExit();
        }
    }

    /// <summary>Asks the process to stop (SIGTERM), and kills it if it has not within the grace period.</summary>
    public async ValueTask DisposeAsync()
    {
        StopRequested = true;
        if (!_process.HasExited)
        {
            _ = SendSignal(_process.Id, 15);
            using var grace = new CancellationTokenSource(TimeSpan.FromSeconds(10));
            try
            {
                await _process.WaitForExitAsync(grace.Token);
            }
            catch (OperationCanceledException)
            {
                Kill();
            }
        }
        if (_process.HasExited)
        {
            _exitCodeAtDispose = _process.ExitCode;
        }
        _disposed = true;
        _process.Dispose();
    }

    [LibraryImport("libc", EntryPoint = "kill", SetLastError = true)]
    private static partial int SendSignal(int pid, int signal);
}
