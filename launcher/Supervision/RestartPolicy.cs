namespace Publishing.Launcher.Supervision;

/// <summary>
/// When a process that exited unasked is started again, and when it is given up: the wait doubles from
/// <see cref="FirstDelay"/> to <see cref="MaxDelay"/>, starts over once the process has run for
/// <see cref="HealthyAfter"/>, and <see cref="GiveUpAfter"/> exits within <see cref="GiveUpWindow"/> are a crash loop.
/// </summary>
public sealed record RestartPolicy
{
    public TimeSpan FirstDelay { get; init; } = TimeSpan.FromSeconds(1);
    public TimeSpan MaxDelay { get; init; } = TimeSpan.FromSeconds(30);
    public TimeSpan HealthyAfter { get; init; } = TimeSpan.FromSeconds(60);
    public int GiveUpAfter { get; init; } = 5;
    public TimeSpan GiveUpWindow { get; init; } = TimeSpan.FromMinutes(2);

    /// <summary>The exits of one process so far, and what to do about the next one.</summary>
    public sealed class History(RestartPolicy policy)
    {
        private readonly Queue<DateTime> _recent = new();
        private int _inARow;

        public int RecentExits => _recent.Count;

        /// <summary>Records an exit at <paramref name="at"/> of a process that had run for <paramref name="ranFor"/>: the wait before the next start, or null to give it up.</summary>
        public TimeSpan? Exited(DateTime at, TimeSpan ranFor)
        {
            if (ranFor >= policy.HealthyAfter)
            {
                _inARow = 0;
            }
            _inARow++;
            _recent.Enqueue(at);
            while (_recent.Peek() <= at - policy.GiveUpWindow)
            {
                _recent.Dequeue();
            }
            if (_recent.Count >= policy.GiveUpAfter)
            {
                return null;
            }
            var doubled = policy.FirstDelay * Math.Pow(2, Math.Min(_inARow - 1, 30));
            return doubled < policy.MaxDelay ? doubled : policy.MaxDelay;
        }

        /// <summary>Started again by hand after it was given up: a fresh start.</summary>
        public void Clear()
        {
            _recent.Clear();
            _inARow = 0;
        }
    }
}
