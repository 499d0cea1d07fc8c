namespace Publishing.Launcher;

/// <summary>
/// What the local run keeps (stores, logs, the broker's files, the key ring, the newsroom key) is made readable by its
/// owner only from the moment it exists, never made and then narrowed. The services do the same for the files they
/// make themselves (ServiceDefaults' OwnerOnlyFiles).
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

    /// <summary>A file opened for writing (appending to it if it exists), created owner-only.</summary>
    public static FileStream Writable(string path, bool append = false)
    {
        var options = new FileStreamOptions { Mode = append ? FileMode.Append : FileMode.Create, Access = FileAccess.Write, Share = FileShare.Read };
        if (!OperatingSystem.IsWindows())
        {
            options.UnixCreateMode = OwnerFileMode;
        }
        return new FileStream(path, options);
    }
}
