using System.Threading.Channels;
using Microsoft.Extensions.Logging;

namespace Watcher.Service.Inbox;

/// <summary>
/// Notices files in the inbox folders once they have finished arriving and writes them to
/// <see cref="Settled"/>.
/// </summary>
// Watcher events are only hints that make pickup quick; the periodic full scan is the truth,
// because events get lost (buffer overflows, network shares, folders moved in whole). This class
// owns the lifecycle (folders, watchers, timers, scans); SettleChecker decides what is taken.
public sealed class InboxWatcher : IAsyncDisposable, IFolderEvents
{
    private const int Created = 0, Started = 1, Disposed = 2;
    private static readonly TimeSpan MinCheckPeriod = TimeSpan.FromMilliseconds(50);

    private readonly InboxOptions _options;
    private readonly TimeProvider _time;
    private readonly ILogger<InboxWatcher> _logger;
    private readonly string[] _roots;
    private readonly TimeSpan _settle;
    private readonly StringComparison _pathComparison;
    private readonly Channel<SettledFile> _settled = Channel.CreateUnbounded<SettledFile>();
    private readonly SettleChecker _checker;

    // Never disposed: a RescanNowAsync still in flight at disposal must be able to release it, and
    // it holds no kernel handle unless AvailableWaitHandle is used.
    private readonly SemaphoreSlim _scanGate = new(1, 1);
    private readonly BackgroundWork _background;
    private FolderWatcher[] _folders = [];
    private ITimer? _checkTimer;
    private ITimer? _scanTimer;
    private int _state = Created;
    private int _rescanQueued;
    private long _rescans;
    private long _watcherRestarts;

    public InboxWatcher(InboxOptions options, TimeProvider time, ILogger<InboxWatcher> logger)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(time);
        ArgumentNullException.ThrowIfNull(logger);
        options.Validate();
        _options = options;
        _time = time;
        _logger = logger;
        _pathComparison = OperatingSystem.IsWindows() || OperatingSystem.IsMacOS()
            ? StringComparison.OrdinalIgnoreCase
            : StringComparison.Ordinal;
        var comparer = StringComparer.FromComparison(_pathComparison);
        _roots = options.Paths.Select(p => Path.TrimEndingDirectorySeparator(Path.GetFullPath(p))).Distinct(comparer).ToArray();
        _settle = TimeSpan.FromSeconds(options.SettleSeconds);
        _checker = new SettleChecker(_settle, _pathComparison, time, _settled.Writer, logger, RootOf);
        _background = new BackgroundWork(logger);
    }

    public ChannelReader<SettledFile> Settled => _settled.Reader;

    public long Rescans => Interlocked.Read(ref _rescans);

    public long WatcherRestarts => Interlocked.Read(ref _watcherRestarts);

    // How many settle checks have run: lets tests wait for "the watcher had its chance" without sleeping.
    internal long SettleChecks => _checker.Checks;

    public void Start()
    {
        ObjectDisposedException.ThrowIf(Volatile.Read(ref _state) == Disposed, this);
        if (Interlocked.CompareExchange(ref _state, Started, Created) != Created)
        {
            throw new InvalidOperationException("The inbox watcher is already started.");
        }

        // Watchers first, scan second: a file dropped in between is then seen by one or the other.
        var folders = new List<FolderWatcher>();
        foreach (var root in _roots)
        {
            EnsureFolder(root);
            var folder = new FolderWatcher(root, _options.WatcherBufferBytes, this);
            folders.Add(folder);
            try
            {
                folder.Start();
                _logger.LogInformation("Watching {Inbox}", root);
            }
            catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or ArgumentException)
            {
                ((IFolderEvents)this).Failed(folder, ex);
            }
        }

        Volatile.Write(ref _folders, [.. folders]);
        // A tenth of the settle period: a file is taken at most that much after it has settled.
        var checkPeriod = TimeSpan.FromTicks(Math.Max(_settle.Ticks / 10, MinCheckPeriod.Ticks));
        _checkTimer = _time.CreateTimer(static s => ((SettleChecker)s!).Tick(), _checker, checkPeriod, checkPeriod);
        var scanPeriod = TimeSpan.FromSeconds(_options.ScanIntervalSeconds);
        _scanTimer = _time.CreateTimer(static s => ((InboxWatcher)s!).RequestRescan(), this, scanPeriod, scanPeriod);
        RequestRescan();
    }

    public void Ignore(string path)
    {
        _checker.Ignore(Path.GetFullPath(path));
    }

    public void Release(string path)
    {
        var full = Path.GetFullPath(path);
        _checker.Release(full);

        // Re-read it soon: it is either gone (moved away, so forget it) or now free to take.
        if (RootOf(full) is { } root)
        {
            Hint(root, full);
        }
    }

    public void Forget(string path)
    {
        _checker.Forget(Path.GetFullPath(path));
    }

    public async Task RescanNowAsync(CancellationToken ct)
    {
        ObjectDisposedException.ThrowIf(Volatile.Read(ref _state) == Disposed, this);
        await _scanGate.WaitAsync(ct);
        try
        {
            await Task.Run(() => ScanAll(ct), ct);
        }
        finally
        {
            _scanGate.Release();
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _state, Disposed) == Disposed)
        {
            return;
        }

        // Timers first (their DisposeAsync waits for a running callback), then the sources of
        // background work, then that work; only then is the channel completed.
        if (_checkTimer is not null)
        {
            await _checkTimer.DisposeAsync();
        }

        if (_scanTimer is not null)
        {
            await _scanTimer.DisposeAsync();
        }

        foreach (var folder in _folders)
        {
            folder.Dispose();
        }

        await _background.DisposeAsync();
        _settled.Writer.TryComplete();
    }

    // Runs one settle check now, waiting for a timer-driven one to finish first; for tests on a fake clock.
    internal void CheckSettledNow() => _checker.CheckNow();

    internal void SimulateWatcherError(string inbox, Exception error) =>
        _folders.Single(f => string.Equals(f.Root, Path.TrimEndingDirectorySeparator(Path.GetFullPath(inbox)), _pathComparison))
            .RaiseError(error);

    void IFolderEvents.Touched(string root, string path) => Hint(root, path);

    void IFolderEvents.Gone(string root, string path) => _checker.Gone(path);

    void IFolderEvents.FolderAppeared(string root, string path)
    {
        if (!TemporaryNames.IsSkipped(root, path))
        {
            _background.Run("folder scan", ct =>
            {
                ScanFolder(path, ct);
                return Task.CompletedTask;
            });
        }
    }

    void IFolderEvents.Failed(FolderWatcher folder, Exception error)
    {
        _logger.LogWarning(error, "Watcher for {Inbox} failed, events may be lost; recreating it and rescanning", folder.Root);
        if (!folder.TryClaimRestart())
        {
            return;
        }

        _background.Run("watcher restart", async ct =>
        {
            var wait = folder.NextRestartDelay(_time.GetUtcNow(), TimeSpan.FromSeconds(Math.Max(2, _options.ScanIntervalSeconds)));
            if (wait > TimeSpan.Zero)
            {
                await Task.Delay(wait, _time, ct);
            }

            // Released before the restart: an error from the new watcher deserves its own restart.
            folder.ReleaseRestartClaim();
            try
            {
                EnsureFolder(folder.Root);
                folder.Restart(_time.GetUtcNow());
                Interlocked.Increment(ref _watcherRestarts);
                _logger.LogInformation("Recreated the watcher for {Inbox}", folder.Root);
            }
            catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or ArgumentException)
            {
                ((IFolderEvents)this).Failed(folder, ex);
            }

            RequestRescan();
        });
    }

    private void Hint(string root, string path)
    {
        if (TemporaryNames.IsSkipped(root, path))
        {
            return;
        }

        _checker.Hint(path);
    }

    private string? RootOf(string path) =>
        _roots.Where(r => path.StartsWith(r + Path.DirectorySeparatorChar, _pathComparison))
            .MaxBy(r => r.Length);

    private void EnsureFolder(string root)
    {
        if (!Directory.Exists(root))
        {
            Directory.CreateDirectory(root);
            _logger.LogInformation("Created missing inbox folder {Inbox}", root);
        }
    }

    // Scans requested while one runs queue exactly one more: it may have passed the new file already.
    private void RequestRescan()
    {
        if (Interlocked.Exchange(ref _rescanQueued, 1) == 1)
        {
            return;
        }

        _background.Run("rescan", async ct =>
        {
            await _scanGate.WaitAsync(ct);
            try
            {
                Volatile.Write(ref _rescanQueued, 0);
                ScanAll(ct);
            }
            finally
            {
                _scanGate.Release();
            }
        });
    }

    private void ScanAll(CancellationToken ct)
    {
        long started = _time.GetTimestamp();
        long sweep = _checker.BeginSweep();

        int files = 0;
        bool complete = true;
        foreach (var root in _roots)
        {
            try
            {
                files += _checker.Observe(FileProbe.Enumerate(root), ct);
            }
            catch (DirectoryNotFoundException) when (!Directory.Exists(root))
            {
                // Deleted under us: its files are gone too (so the sweep may drop them), and the
                // folder and its watcher come back so that new drops keep working.
                _logger.LogWarning("Inbox {Inbox} disappeared", root);
                if (Array.Find(Volatile.Read(ref _folders), f => f.Root == root) is { } folder)
                {
                    ((IFolderEvents)this).Failed(folder, new DirectoryNotFoundException($"Inbox {root} disappeared."));
                }
            }
            catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
            {
                complete = false;
                _logger.LogWarning(ex, "Could not scan inbox {Inbox}", root);
            }
        }

        // An incomplete scan proves nothing about what it did not see; forgetting those files
        // would emit them again (the consumer may have left them in place on purpose).
        int gone = 0;
        if (complete)
        {
            gone = _checker.EndSweep(sweep);
        }

        Interlocked.Increment(ref _rescans);
        _logger.LogDebug("Scanned {Inboxes} inbox folder(s): {Files} files, {Gone} gone, in {Elapsed} ms",
            _roots.Length, files, gone, (long)_time.GetElapsedTime(started).TotalMilliseconds);
    }

    private void ScanFolder(string folder, CancellationToken ct)
    {
        try
        {
            _checker.Observe(FileProbe.Enumerate(folder), ct);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            // Moved on again or unreadable: the next full scan settles what is really there.
            _logger.LogDebug(ex, "Could not scan folder {Folder}", folder);
        }
    }
}
