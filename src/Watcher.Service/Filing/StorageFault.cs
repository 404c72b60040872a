namespace Watcher.Service.Filing;

/// <summary>A failure that says the disk, not the image, is the problem: intake waits rather than fails.</summary>
public enum StorageProblem
{
    None,
    Full,
    ReadOnly,
}

/// <summary>
/// Tells a full or read-only volume from every other failure. .NET on Unix puts errno in an
/// IOException's HResult (ENOSPC 28, EDQUOT 122, EROFS 30; our own link(2) wrapper does the same);
/// on Windows the HResult wraps the Win32 error.
/// </summary>
public static class StorageFault
{
    private const int Enospc = 28;
    private const int Erofs = 30;
    private const int EdquotLinux = 122;
    private const int EdquotBsd = 69;
    private const int WinDiskFull = unchecked((int)0x80070070);
    private const int WinHandleDiskFull = unchecked((int)0x80070027);
    private const int WinWriteProtect = unchecked((int)0x80070013);

    public static StorageProblem Of(Exception? error)
    {
        for (Exception? e = error; e is not null; e = e.InnerException)
        {
            if (e is IOException io)
            {
                StorageProblem problem = io.HResult switch
                {
                    Enospc or WinDiskFull or WinHandleDiskFull => StorageProblem.Full,
                    EdquotLinux when OperatingSystem.IsLinux() => StorageProblem.Full,
                    EdquotBsd when OperatingSystem.IsMacOS() => StorageProblem.Full,
                    Erofs or WinWriteProtect => StorageProblem.ReadOnly,
                    _ => StorageProblem.None,
                };
                if (problem != StorageProblem.None)
                {
                    return problem;
                }
            }
        }

        return StorageProblem.None;
    }

    /// <summary>Free bytes on the volume holding <paramref name="folder"/>, or null when it cannot say (a folder not made yet).</summary>
    public static long? FreeBytes(string folder)
    {
        try
        {
            return new DriveInfo(Path.GetFullPath(folder)).AvailableFreeSpace;
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or ArgumentException)
        {
            return null;
        }
    }

    /// <summary>An IOException that <see cref="Of"/> reads as a full disk, for failures .NET reports without the error number.</summary>
    public static IOException DiskFull(string message, Exception inner) =>
        new(message, inner) { HResult = OperatingSystem.IsWindows() ? WinDiskFull : Enospc };

    /// <summary>What a person reads in the log and the status: the folder and what to do.</summary>
    public static string Describe(StorageProblem problem, string folder, long? freeBytes) => problem switch
    {
        StorageProblem.Full => $"the disk holding {folder} is full ({Megabytes(freeBytes)} free)",
        StorageProblem.ReadOnly => $"{folder} is on a read-only file system",
        _ => $"{folder} cannot be written to",
    };

    private static string Megabytes(long? bytes) =>
        bytes is { } b ? $"{b / (1024.0 * 1024.0):0.#} MB" : "unknown space";
}
