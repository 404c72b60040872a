namespace Watcher.Service.Inbox;

// What a FolderWatcher reports. Explicitly implemented by InboxWatcher so none of it is public API.
internal interface IFolderEvents
{
    // A file may have been created or written (or a folder changed; the receiver finds out).
    void Touched(string root, string path);

    // A file or folder was deleted or renamed away.
    void Gone(string root, string path);

    // A folder appeared whole (created or moved in): its files raise no events of their own.
    void FolderAppeared(string root, string path);

    void Failed(FolderWatcher folder, Exception error);
}

// One FileSystemWatcher over one inbox folder and everything below it. It only forwards hints:
// what the events miss the full scan finds, and the owner decides when to recreate it.
internal sealed class FolderWatcher : IDisposable
{
    private static readonly TimeSpan FirstBackoff = TimeSpan.FromSeconds(2);
    private static readonly TimeSpan QuietSpell = TimeSpan.FromMinutes(5);
    private readonly Lock _gate = new();
    private readonly int _bufferBytes;
    private readonly IFolderEvents _events;
    private FileSystemWatcher? _watcher;
    private int _restartClaimed;
    private DateTimeOffset? _lastRestart;
    private TimeSpan _restartSpacing;
    private bool _disposed;

    public FolderWatcher(string root, int bufferBytes, IFolderEvents events)
    {
        Root = root;
        _bufferBytes = bufferBytes;
        _events = events;
    }

    public string Root { get; }

    public void Start() => Replace();

    public void Restart(DateTimeOffset now)
    {
        _lastRestart = now;
        Replace();
    }

    // How long to wait before the next restart. A first failure (or one after a quiet spell) is
    // answered at once; failures that keep coming (inotify limits, a vanished share) back off,
    // doubling up to `max`, so they cannot become a loop of restarts, warnings and rescans. The
    // full scans still cover the folder meanwhile.
    public TimeSpan NextRestartDelay(DateTimeOffset now, TimeSpan max)
    {
        if (_lastRestart is not { } last || now - last > QuietSpell)
        {
            _restartSpacing = TimeSpan.Zero;
            return TimeSpan.Zero;
        }

        _restartSpacing = _restartSpacing == TimeSpan.Zero ? FirstBackoff : TimeSpan.FromTicks(Math.Min(2 * _restartSpacing.Ticks, max.Ticks));
        var wait = last + _restartSpacing - now;
        return wait > TimeSpan.Zero ? wait : TimeSpan.Zero;
    }

    // A burst of errors (one per lost buffer) must cause one restart, not one each.
    public bool TryClaimRestart() => Interlocked.Exchange(ref _restartClaimed, 1) == 0;

    public void ReleaseRestartClaim() => Volatile.Write(ref _restartClaimed, 0);

    // Lets tests drive the error path: a real overflow cannot be provoked reliably on every OS.
    internal void RaiseError(Exception error) => _events.Failed(this, error);

    public void Dispose()
    {
        lock (_gate)
        {
            _disposed = true;
            _watcher?.Dispose();
            _watcher = null;
        }
    }

    private void Replace()
    {
        lock (_gate)
        {
            if (_disposed)
            {
                return;
            }

            _watcher?.Dispose();
            _watcher = null;
            var watcher = new FileSystemWatcher(Root)
            {
                IncludeSubdirectories = true,
                InternalBufferSize = _bufferBytes,
                NotifyFilter = NotifyFilters.FileName | NotifyFilters.DirectoryName | NotifyFilters.Size
                    | NotifyFilters.LastWrite | NotifyFilters.CreationTime,
            };
            watcher.Created += (_, e) => Appeared(e.FullPath);
            watcher.Changed += (_, e) => _events.Touched(Root, e.FullPath);
            watcher.Renamed += (_, e) =>
            {
                _events.Gone(Root, e.OldFullPath);
                Appeared(e.FullPath);
            };
            watcher.Deleted += (_, e) => _events.Gone(Root, e.FullPath);
            watcher.Error += (_, e) => _events.Failed(this, e.GetException());
            try
            {
                watcher.EnableRaisingEvents = true;
            }
            catch
            {
                watcher.Dispose();
                throw;
            }

            _watcher = watcher;
        }
    }

    private void Appeared(string path)
    {
        if (Directory.Exists(path))
        {
            _events.FolderAppeared(Root, path);
        }
        else
        {
            _events.Touched(Root, path);
        }
    }
}
