using System.Threading.Channels;
using Microsoft.Extensions.Logging;

namespace Watcher.Service.Inbox;

// The I/O half of settling: feeds SettleTracker from scans, watcher hints and re-reads, and hands
// over the files that are due and can be opened exclusively. All tracking state sits behind
// _gate, because scans, watcher events and timer ticks all arrive on thread-pool threads.
internal sealed class SettleChecker
{
    private readonly TimeProvider _time;
    private readonly TimeSpan _settle;
    private readonly ILogger _logger;
    private readonly ChannelWriter<SettledFile> _settled;
    private readonly Lock _gate = new();
    private readonly SettleTracker _tracker;
    // Paths to re-read at the next check, with when their first event came.
    private readonly Dictionary<string, DateTimeOffset> _hints;
    private readonly Func<string, string?> _rootOf;

    // Serialises checks: two at once would race for the same exclusive open.
    private readonly Lock _checkGate = new();
    private long _checks;

    public SettleChecker(TimeSpan settle, StringComparison pathComparison, TimeProvider time, ChannelWriter<SettledFile> settled, ILogger logger,
        Func<string, string?> rootOf)
    {
        _rootOf = rootOf;
        _time = time;
        _settle = settle;
        _logger = logger;
        _settled = settled;
        _tracker = new SettleTracker(settle, pathComparison);
        _hints = new Dictionary<string, DateTimeOffset>(StringComparer.FromComparison(pathComparison));
    }

    public long Checks => Interlocked.Read(ref _checks);

    // A path to re-read at the next check; cheap, so watcher event handlers can call it freely.
    public void Hint(string path)
    {
        lock (_gate)
        {
            _hints.TryAdd(path, _time.GetUtcNow());
        }
    }

    public int Observe(IEnumerable<FileStat> files, CancellationToken ct)
    {
        int count = 0;
        foreach (var file in files)
        {
            ct.ThrowIfCancellationRequested();
            lock (_gate)
            {
                _tracker.Observe(file.Path, file.Length, file.LastWriteUtc, _time.GetUtcNow());
            }

            count++;
        }

        return count;
    }

    // Dropped at once rather than at the next check: a file taken away and dropped again unchanged
    // must look new, and the watcher event for its return is already on its way.
    public void Gone(string path)
    {
        lock (_gate)
        {
            if (!_tracker.Remove(path))
            {
                _tracker.RemoveUnder(path);
            }
        }
    }

    public void Ignore(string path)
    {
        lock (_gate)
        {
            _tracker.Ignore(path);
        }
    }

    public void Release(string path)
    {
        lock (_gate)
        {
            _tracker.Release(path);
        }
    }

    public void Forget(string path)
    {
        lock (_gate)
        {
            _tracker.Remove(path);
        }
    }

    public long BeginSweep()
    {
        lock (_gate)
        {
            return _tracker.BeginSweep();
        }
    }

    public int EndSweep(long sweep)
    {
        lock (_gate)
        {
            return _tracker.EndSweep(sweep);
        }
    }

    // From the timer: a check still busy with a huge drop makes this tick redundant.
    public void Tick()
    {
        if (!_checkGate.TryEnter())
        {
            return;
        }

        try
        {
            Check();
        }
        catch (Exception ex)
        {
            // Thrown from a timer callback this would end the process; the next tick retries.
            _logger.LogError(ex, "Inbox settle check failed");
        }
        finally
        {
            _checkGate.Exit();
        }
    }

    // Waits for a running check instead of skipping, so a caller on a fake clock sees its effect.
    public void CheckNow()
    {
        lock (_checkGate)
        {
            Check();
        }
    }

    private void Check()
    {
        KeyValuePair<string, DateTimeOffset>[] hints;
        lock (_gate)
        {
            hints = [.. _hints];
            _hints.Clear();
        }

        foreach (var (path, noticed) in hints)
        {
            Refresh(path, FileProbe.Stat(path), noticed);
        }

        var now = _time.GetUtcNow();
        IReadOnlyList<SettledFile> due;
        lock (_gate)
        {
            due = _tracker.Due(now);
        }

        foreach (var candidate in due)
        {
            TryTake(candidate, now);
        }

        Interlocked.Increment(ref _checks);
    }

    private void Refresh(string path, FileStat? stat, DateTimeOffset? noticed = null)
    {
        lock (_gate)
        {
            if (stat is { } s)
            {
                _tracker.Observe(path, s.Length, s.LastWriteUtc, _time.GetUtcNow(), noticed);
            }
            else
            {
                _tracker.Remove(path);
            }
        }
    }

    private void TryTake(SettledFile candidate, DateTimeOffset now)
    {
        // Read again: the tracker's numbers may be a settle period old, and a writer that was
        // silent that long may just have resumed.
        var stat = FileProbe.Stat(candidate.Path);
        if (stat is not { } s || s.Length != candidate.Length || s.LastWriteUtc != candidate.LastWriteUtc)
        {
            Refresh(candidate.Path, stat);
            return;
        }

        switch (FileProbe.TryOpenExclusively(candidate.Path))
        {
            case ExclusiveOpen.Gone:
                Refresh(candidate.Path, null);
                return;
            case ExclusiveOpen.Busy:
                // Someone still holds it: not finished, not an error. Asking again every tick
                // would only hammer a long copy.
                lock (_gate)
                {
                    _tracker.Postpone(candidate.Path, now + _settle);
                }

                return;
        }

        if (_rootOf(candidate.Path) is { } root && FileProbe.LinkOnTheWay(root, candidate.Path) is { } link)
        {
            // Left where it is, never taken: marked as handed out so it is logged once, and looked
            // at again only if it changes or goes away and comes back.
            lock (_gate)
            {
                if (_tracker.MarkEmitted(candidate))
                {
                    _logger.LogWarning("Left {Path} in the inbox: {Link} is a symbolic link, and Watcher never files a file through a link " +
                        "(it would move or delete a file outside the inbox); copy the file in instead", candidate.Path, link);
                }
            }

            return;
        }

        lock (_gate)
        {
            // Written under the lock, so once Ignore(path) returns the file cannot be emitted.
            if (_tracker.MarkEmitted(candidate))
            {
                _settled.TryWrite(candidate);
                _logger.LogDebug("Settled {Path} ({Length} bytes)", candidate.Path, candidate.Length);
            }
        }
    }
}
