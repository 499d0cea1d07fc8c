using Publishing.Testing;

namespace Publishing.EndToEnd.Tests;

/// <summary>
/// What the local run keeps (the stores, the key ring, the newsroom key, the logs) is readable by its owner only, from
/// the moment it was made: no other account on the machine reads a reader's cookie keys or the newsroom key.
/// </summary>
[System.Runtime.Versioning.UnsupportedOSPlatform("windows")]
public sealed class Keeping_files_private(SystemFixture system)
{
    private const UnixFileMode GroupOrOthers =
        UnixFileMode.GroupRead | UnixFileMode.GroupWrite | UnixFileMode.GroupExecute |
        UnixFileMode.OtherRead | UnixFileMode.OtherWrite | UnixFileMode.OtherExecute;

    [Fact]
    public void Should_make_the_stores_key_ring_newsroom_key_and_logs_owner_only()
    {
        var data = system.DataFolder;
        // The broker's own files are Erlang's to make; its folder is ours.
        var ours = Directory.EnumerateFileSystemEntries(data, "*", SearchOption.AllDirectories)
            .Where(path => !path.StartsWith(Path.Combine(data, "rabbitmq") + Path.DirectorySeparatorChar, StringComparison.Ordinal))
            .ToList();

        Assert.Contains(Path.Combine(data, "ingest-key"), ours);
        Assert.Contains(ours, path => path.EndsWith(".db", StringComparison.Ordinal));
        Assert.Contains(ours, path => path.StartsWith(Path.Combine(data, "keys") + Path.DirectorySeparatorChar, StringComparison.Ordinal));
        Assert.Contains(ours, path => path.EndsWith(".log", StringComparison.Ordinal));
        var open = ours.Where(path => (File.GetUnixFileMode(path) & GroupOrOthers) != 0).Select(path => $"{path} {File.GetUnixFileMode(path)}").ToList();
        Assert.True(open.Count == 0, "readable beyond their owner:\n" + string.Join("\n", open));
    }
}
