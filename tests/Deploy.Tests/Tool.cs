using System.Diagnostics;

namespace Publishing.Deploy.Tests;

/// <summary>A command-line tool the checks run (docker-compose, kubectl), or the reason it cannot be run here.</summary>
public sealed record Tool(string FileName, IReadOnlyList<string> PrefixArguments)
{
    public sealed record Result(int ExitCode, string Output, string Error);

    /// <summary>The first of <paramref name="candidates"/> on PATH that answers <paramref name="versionArguments"/>.</summary>
    public static Tool? Find(params (string FileName, string[] Prefix, string[] VersionArguments)[] candidates)
    {
        foreach (var (fileName, prefix, version) in candidates)
        {
            var tool = new Tool(fileName, prefix);
            try
            {
                if (tool.Run(version, new Dictionary<string, string?>()).ExitCode == 0)
                {
                    return tool;
                }
            }
            catch (System.ComponentModel.Win32Exception)
            {
                // Not installed: try the next candidate.
            }
        }
        return null;
    }

    public Result Run(IEnumerable<string> arguments, IReadOnlyDictionary<string, string?> environment, string? workingDirectory = null)
    {
        var info = new ProcessStartInfo(FileName)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            WorkingDirectory = workingDirectory ?? Repository.Root,
        };
        foreach (var argument in PrefixArguments.Concat(arguments))
        {
            info.ArgumentList.Add(argument);
        }
        foreach (var (key, value) in environment)
        {
            info.Environment[key] = value;
        }
        using var process = Process.Start(info)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        if (!process.WaitForExit(TimeSpan.FromSeconds(60)))
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"{FileName} {string.Join(' ', info.ArgumentList)} did not finish in 60 s.");
        }
        return new Result(process.ExitCode, output.Result, error.Result);
    }
}
