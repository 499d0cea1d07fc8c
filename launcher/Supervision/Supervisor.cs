using System.Text.Json;

namespace Publishing.Launcher.Supervision;

/// <summary>
/// Watches every process the launcher started and starts again the one that exits unasked (crash, kill -9, out of
/// memory), on the same port, after the wait <see cref="RestartPolicy"/> says; a process in a crash loop is given
/// up, loudly, and the rest keeps running. Every exit, restart and give-up is a line on the launcher's output, and
/// the state of every part is kept in a small JSON file that the gateway's readiness report shows to operators.
/// </summary>
public sealed class Supervisor(TextWriter log, RestartPolicy policy, string stateFile) : IAsyncDisposable
{
    private readonly CancellationTokenSource _stop = new();
    private readonly List<Task> _watches = [];
    private readonly Dictionary<string, PartState> _states = [];

    /// <summary>A part's state, as the gateway's readiness report shows it.</summary>
    public sealed record PartState(string State, int? Pid, int Restarts, string? LastExit, DateTimeOffset Since);

    /// <summary>One process to watch: the instance running now, and how to start it again.</summary>
    public interface IPart
    {
        string Name { get; }

        /// <summary>Waits until the current instance exits unasked; an instance stopped or replaced on purpose is not an exit.</summary>
        Task<Exit> NextExitAsync(CancellationToken cancellationToken);

        /// <summary>Starts it again, unless it was replaced meanwhile; returns the new process id once it is ready.</summary>
        Task<int> RestartAsync(Exit exit, CancellationToken cancellationToken);
    }

    /// <summary>How an instance ended: its process id, its exit code (128 + signal for a signal) and how long it ran.</summary>
    public sealed record Exit(int Pid, int Code, TimeSpan RanFor, string? Detail = null)
    {
        public override string ToString() => Detail ?? (Code > 128 && Code < 128 + 32
            ? $"killed by signal {Code - 128}{(Code - 128) switch { 9 => " (SIGKILL)", 15 => " (SIGTERM)", 6 => " (SIGABRT)", 11 => " (SIGSEGV)", 2 => " (SIGINT)", _ => "" }}, exit code {Code}"
            : $"exit code {Code}");
    }

    public IReadOnlyDictionary<string, PartState> States
    {
        get { lock (_states) { return new Dictionary<string, PartState>(_states); } }
    }

    /// <summary>
    /// A part started on purpose (at launch, by hand after it was given up, or with other variables): watched from now
    /// on, its crash history starting afresh when it had been given up.
    /// </summary>
    public void Started(IPart part, int pid)
    {
        bool watched;
        lock (_states)
        {
            watched = _states.TryGetValue(part.Name, out var state) && state.State != "given up";
        }
        if (watched)
        {
            Update(part.Name, state => state with { State = "running", Pid = pid, Since = DateTimeOffset.UtcNow });
            return;
        }
        SetState(part.Name, new PartState("running", pid, 0, null, DateTimeOffset.UtcNow));
        lock (_watches)
        {
            _watches.Add(Task.Run(() => SuperviseAsync(part), CancellationToken.None));
        }
    }

    private async Task SuperviseAsync(IPart part)
    {
        var history = new RestartPolicy.History(policy);
        var restarts = 0;
        while (!_stop.IsCancellationRequested)
        {
            Exit exit;
            try
            {
                exit = await part.NextExitAsync(_stop.Token);
            }
            catch (OperationCanceledException) when (_stop.IsCancellationRequested)
            {
                return;
            }
            catch (Exception unexpected) when (unexpected is not OperationCanceledException)
            {
                // A part that cannot be watched for a moment is watched again, never left alone without a word.
                Say($"{part.Name} could not be watched ({unexpected.GetType().Name}: {unexpected.Message}); watching again in 1 s");
                await Task.Delay(TimeSpan.FromSeconds(1), CancellationToken.None);
                continue;
            }
            var wait = history.Exited(DateTime.UtcNow, exit.RanFor);
            if (wait is null)
            {
                Say($"""
                    !!! {part.Name} GIVEN UP: it exited {history.RecentExits} times within {policy.GiveUpWindow.TotalMinutes:0.#} min (last: pid {exit.Pid}, {exit}).
                    !!! The rest of the system keeps running without it; see its log, fix the cause, and restart the launcher.
                    """);
                Update(part.Name, state => state with { State = "given up", Pid = null, LastExit = exit.ToString(), Since = DateTimeOffset.UtcNow });
                return;
            }
            Say($"{part.Name} (pid {exit.Pid}) exited unasked after {exit.RanFor.TotalSeconds:0.0} s: {exit}; starting it again in {wait.Value.TotalSeconds:0.#} s");
            Update(part.Name, state => state with { State = "restarting", Pid = null, LastExit = exit.ToString(), Since = DateTimeOffset.UtcNow });
            try
            {
                await Task.Delay(wait.Value, _stop.Token);
                var started = DateTime.UtcNow;
                var pid = await part.RestartAsync(exit, _stop.Token);
                restarts++;
                Say($"{part.Name} started again (pid {pid}), ready after {(DateTime.UtcNow - started).TotalSeconds:0.0} s");
                Update(part.Name, state => state with { State = "running", Pid = pid, Restarts = restarts, Since = DateTimeOffset.UtcNow });
            }
            catch (OperationCanceledException) when (_stop.IsCancellationRequested)
            {
                return;
            }
            catch (LaunchException failed)
            {
                // Counted as the next exit when the loop finds the failed instance; a start that hangs is given time again.
                Say($"{part.Name} did not start again: {failed.Message}");
            }
        }
    }

    private void Say(string line)
    {
        lock (log)
        {
            log.WriteLine($"[{DateTime.UtcNow:HH:mm:ss}] {line}");
            log.Flush();
        }
    }

    private void SetState(string name, PartState state)
    {
        lock (_states)
        {
            _states[name] = state;
            WriteStateFile();
        }
    }

    private void Update(string name, Func<PartState, PartState> change)
    {
        lock (_states)
        {
            _states[name] = change(_states[name]);
            WriteStateFile();
        }
    }

    /// <summary>Written whole and renamed into place, so a reader never sees half a file.</summary>
    private void WriteStateFile()
    {
        var temporary = stateFile + ".tmp";
        using (var file = new StreamWriter(OwnerOnly.Writable(temporary)))
        {
            file.Write(JsonSerializer.Serialize(_states, JsonSerializerOptions.Web));
        }
        File.Move(temporary, stateFile, overwrite: true);
    }

    /// <summary>Stops watching (nothing is started again from here on) before the launcher stops the processes.</summary>
    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        Task[] watches;
        lock (_watches)
        {
            watches = [.. _watches];
        }
        await Task.WhenAll(watches).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
        _stop.Dispose();
    }
}
