using System.Runtime.InteropServices;
using System.Text;

namespace Watcher.Service.Filing;

/// <summary>How an attempt to give a file a second name ended.</summary>
internal enum LinkOutcome
{
    Linked,
    TargetExists,
    CrossDevice,
    Unsupported,
}

/// <summary>
/// link(2) and unlink(2) on Linux and macOS. link is the only rename that refuses to replace an
/// existing name on every Unix file system that has it, and between link and unlink the bytes
/// have two names, never none. P/Invoke with UTF-8 byte arrays rather than LibraryImport: the
/// source generator needs AllowUnsafeBlocks, which this project does not enable.
/// </summary>
internal static class HardLink
{
    private const int EPERM = 1;
    private const int ENOENT = 2;
    private const int EEXIST = 17;
    private const int EXDEV = 18;
    private const int EMLINK = 31;

    // ENOTSUP/EOPNOTSUPP and ENOSYS have different numbers on Linux and on the BSDs (macOS).
    private static readonly int[] UnsupportedErrors = OperatingSystem.IsLinux()
        ? [EPERM, EMLINK, 38, 95]
        : [EPERM, EMLINK, 45, 78, 102];

    public static LinkOutcome TryLink(string existing, string newName)
    {
        if (NativeLink(Utf8z(existing), Utf8z(newName)) == 0)
        {
            return LinkOutcome.Linked;
        }

        int errno = Marshal.GetLastPInvokeError();
        return errno switch
        {
            EEXIST => LinkOutcome.TargetExists,
            EXDEV => LinkOutcome.CrossDevice,
            // EPERM is also what protected_hardlinks answers for a file we do not own; a copy
            // is the right fallback there too, and it fails clearly if the file cannot be read.
            _ when UnsupportedErrors.Contains(errno) => LinkOutcome.Unsupported,
            _ => throw Failure($"cannot link '{existing}' to '{newName}'", errno),
        };
    }

    /// <summary>Removes one name of a file; a name that is already gone counts as removed.</summary>
    public static void Unlink(string path)
    {
        if (NativeUnlink(Utf8z(path)) != 0)
        {
            int errno = Marshal.GetLastPInvokeError();
            if (errno != ENOENT)
            {
                throw Failure($"cannot remove '{path}'", errno);
            }
        }
    }

    private static IOException Failure(string what, int errno) =>
        new($"{what}: {Marshal.GetPInvokeErrorMessage(errno)} (errno {errno})", errno);

    private static byte[] Utf8z(string path) => Encoding.UTF8.GetBytes(path + "\0");

    [DllImport("libc", EntryPoint = "link", SetLastError = true, ExactSpelling = true)]
    [DefaultDllImportSearchPaths(DllImportSearchPath.SafeDirectories)]
    private static extern int NativeLink(byte[] existing, byte[] newName);

    [DllImport("libc", EntryPoint = "unlink", SetLastError = true, ExactSpelling = true)]
    [DefaultDllImportSearchPaths(DllImportSearchPath.SafeDirectories)]
    private static extern int NativeUnlink(byte[] path);
}
