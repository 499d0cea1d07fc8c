using System.Runtime.InteropServices;

namespace Publishing.ServiceDefaults.Storage;

/// <summary>
/// Every file and folder a process makes (SQLite stores, the gateway's key ring) is its owner's alone from the moment
/// it exists: the process's file-creation mask leaves no permission to the group or to others. Set once, at start.
/// </summary>
public static class OwnerOnlyFiles
{
    public const UnixFileMode Folder = UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute;
    public const UnixFileMode File = UnixFileMode.UserRead | UnixFileMode.UserWrite;

    public static void ForThisProcess()
    {
        if (!OperatingSystem.IsWindows())
        {
            _ = SetMask(0b000_111_111);
        }
    }

    [DllImport("libc", EntryPoint = "umask")]
    private static extern uint SetMask(uint mask);
}
