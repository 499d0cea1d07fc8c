namespace Publishing.Launcher;

/// <summary>
/// What the local run keeps (stores, logs, the broker's files, the key ring, the newsroom key) is made readable by its
/// owner only from the moment it exists, never made and then narrowed. The services do the same for the files they
/// make themselves (Publishing.Hosting's OwnerOnlyFiles).
/// </summary>
public static class OwnerOnly
{
    private const UnixFileMode FolderMode = UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute;
    private const UnixFileMode OwnerFileMode = UnixFileMode.UserRead | UnixFileMode.UserWrite;

    public static void Folder(string path)
    {
        if (OperatingSystem.IsWindows())
        {
            Directory.CreateDirectory(path);
            return;
        }
        Directory.CreateDirectory(path, FolderMode);
    }

    /// <summary>A file opened for reading and writing by this process alone (a lock), created owner-only.</summary>
    public static FileStream Lock(string path) => new(path, Options(FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None));

    /// <summary>A file opened for writing (appending to it if it exists), created owner-only.</summary>
    public static FileStream Writable(string path, bool append = false) =>
        new(path, Options(append ? FileMode.Append : FileMode.Create, FileAccess.Write, FileShare.Read));

    private static FileStreamOptions Options(FileMode mode, FileAccess access, FileShare share)
    {
        var options = new FileStreamOptions { Mode = mode, Access = access, Share = share };
        if (!OperatingSystem.IsWindows())
        {
            options.UnixCreateMode = OwnerFileMode;
        }
        return options;
    }
}
