namespace Watcher.Service.Inbox;

/// <summary>The "Watcher:Inbox" settings: which folders are watched and how a file counts as finished.</summary>
public sealed class InboxOptions
{
    /// <summary>
    /// Folders to watch, each with all its sub-folders. Relative paths resolve against the working
    /// directory; missing folders are created at start.
    /// </summary>
    public IList<string> Paths { get; set; } = ["inbox"];

    /// <summary>
    /// A file is taken once its size and modification time have been unchanged this long. Copies,
    /// downloads and scanners write in bursts; taking a half-written file would catalog garbage.
    /// </summary>
    public double SettleSeconds { get; set; } = 1.0;

    /// <summary>
    /// Period of the full rescan. Watcher events get lost (buffer overflows, network shares, whole
    /// folders moved in), so the scan is what guarantees every file is seen eventually.
    /// </summary>
    public double ScanIntervalSeconds { get; set; } = 30;

    /// <summary>
    /// FileSystemWatcher.InternalBufferSize: a bigger buffer overflows less often in large drops;
    /// an overflow is survivable (rescan) but slower.
    /// </summary>
    public int WatcherBufferBytes { get; set; } = 64 * 1024;

    public void Validate()
    {
        static void Check(bool ok, string message)
        {
            if (!ok)
            {
                throw new InvalidOperationException(message);
            }
        }

        Check(Paths is { Count: > 0 }, "Watcher:Inbox:Paths must list at least one folder.");
        Check(Paths.All(p => !string.IsNullOrWhiteSpace(p)), "Watcher:Inbox:Paths must not contain empty entries.");
        // Infinity is rejected too: it cannot become a TimeSpan and would mean "never".
        Check(double.IsFinite(SettleSeconds) && SettleSeconds > 0, "Watcher:Inbox:SettleSeconds must be > 0.");
        Check(double.IsFinite(ScanIntervalSeconds) && ScanIntervalSeconds > 0, "Watcher:Inbox:ScanIntervalSeconds must be > 0.");
        // FileSystemWatcher silently raises anything smaller to 4096; say so instead of pretending.
        Check(WatcherBufferBytes >= 4096, "Watcher:Inbox:WatcherBufferBytes must be >= 4096.");
    }
}
