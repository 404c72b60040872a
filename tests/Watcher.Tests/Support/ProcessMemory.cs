using System.Globalization;

namespace Watcher.Tests.Support;

/// <summary>Memory figures of a running process, from Linux's /proc/&lt;pid&gt;/status.</summary>
public static class ProcessMemory
{
    /// <summary>
    /// VmHWM: the most resident memory the process has had since it started, so one read at the
    /// end catches a peak however short it was (sampling VmRSS could miss it).
    /// </summary>
    public static long PeakResidentBytes(int pid) => Field(pid, "VmHWM:");

    public static long ResidentBytes(int pid) => Field(pid, "VmRSS:");

    private static long Field(int pid, string name)
    {
        foreach (string line in File.ReadLines($"/proc/{pid}/status"))
        {
            if (line.StartsWith(name, StringComparison.Ordinal))
            {
                // "VmHWM:	  471236 kB"
                string[] parts = line[name.Length..].Split([' ', '\t'], StringSplitOptions.RemoveEmptyEntries);
                return long.Parse(parts[0], CultureInfo.InvariantCulture) * 1024;
            }
        }

        throw new InvalidOperationException($"/proc/{pid}/status has no {name} line (not Linux?)");
    }
}
