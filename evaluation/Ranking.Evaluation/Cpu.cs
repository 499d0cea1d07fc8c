using System.Diagnostics;

namespace Publishing.Ranking.Evaluation;

/// <summary>CPU time of this process (every thread), for the cost of each method beside its quality.</summary>
public static class Cpu
{
    public static TimeSpan Now()
    {
        using var process = Process.GetCurrentProcess();
        return process.TotalProcessorTime;
    }

    /// <summary>Milliseconds of CPU per item since <paramref name="started"/>.</summary>
    public static double PerItem(TimeSpan started, int items) => items == 0 ? 0 : (Now() - started).TotalMilliseconds / items;
}
