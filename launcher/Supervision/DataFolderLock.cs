namespace Publishing.Launcher.Supervision;

/// <summary>
/// One launcher per data folder: two would start two brokers on one set of broker files and two of each service on
/// one set of stores. The lock is the operating system's (flock), so a launcher killed with -9 leaves none behind.
/// </summary>
public sealed class DataFolderLock : IDisposable
{
    private readonly FileStream _file;

    private DataFolderLock(FileStream file) => _file = file;

    public static DataFolderLock Acquire(string dataFolder)
    {
        var path = Path.Combine(dataFolder, "launcher.lock");
        FileStream file;
        try
        {
            file = OwnerOnly.Lock(path);
        }
        catch (IOException)
        {
            var holder = HolderOf(path);
            throw new LaunchException(
                $"{dataFolder} is in use by another launcher{(holder.Length > 0 ? $" (pid {holder})" : "")}: stop it first, or give this one another folder (PUBLISHING_DATA).");
        }
        file.SetLength(0);
        using (var writer = new StreamWriter(file, leaveOpen: true))
        {
            writer.WriteLine(Environment.ProcessId);
        }
        file.Flush(flushToDisk: true);
        return new DataFolderLock(file);
    }

    private static string HolderOf(string path)
    {
        try { return File.ReadAllText(path).Trim(); }
        catch (IOException) { return ""; }
    }

    public void Dispose() => _file.Dispose();
}
