namespace Watcher.Service.Inbox;

// Decides when a file has stopped changing. Pure bookkeeping over (path, length, mtime, now), so
// the settle rules are tested with plain timestamps; InboxWatcher does the I/O and the locking
// (this class is not thread-safe).
//
// A path is "due" once its length and mtime have been unchanged for the settle period. It is then
// emitted at most once per (length, mtime): a consumer that leaves a file in place must not get it
// again on every scan, but a file that is replaced or rewritten is a new file.
internal sealed class SettleTracker
{
    private readonly Dictionary<string, Entry> _entries;
    private readonly Dictionary<string, int> _ignored;
    private readonly StringComparison _comparison;
    private readonly TimeSpan _settle;
    private long _sweep;

    public SettleTracker(TimeSpan settle, StringComparison comparison)
    {
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(settle, TimeSpan.Zero);
        var comparer = StringComparer.FromComparison(comparison);
        _entries = new Dictionary<string, Entry>(comparer);
        _ignored = new Dictionary<string, int>(comparer);
        _comparison = comparison;
        _settle = settle;
    }

    public int Count => _entries.Count;

    /// <param name="noticed">
    /// When the file was first noticed, if before <paramref name="now"/> (a watcher event read at the
    /// next check). A new file then counts as unchanged from that moment, or from its last write if
    /// that is later, never before either: otherwise the settle period would start up to a check
    /// period late, and every file of a burst would wait that much longer than the period asked.
    /// </param>
    public void Observe(string path, long length, DateTime lastWriteUtc, DateTimeOffset now, DateTimeOffset? noticed = null)
    {
        if (!_entries.TryGetValue(path, out var entry))
        {
            DateTimeOffset since = now;
            if (noticed is { } first && first < now)
            {
                DateTimeOffset written = new(DateTime.SpecifyKind(lastWriteUtc, DateTimeKind.Utc));
                DateTimeOffset writtenByNow = written < now ? written : now;
                since = first > writtenByNow ? first : writtenByNow;
            }

            _entries[path] = new Entry(length, lastWriteUtc, since) { Seen = _sweep };
            return;
        }

        entry.Seen = _sweep;
        if (entry.Length != length || entry.LastWriteUtc != lastWriteUtc)
        {
            entry.Restart(length, lastWriteUtc, now);
        }
    }

    // Oldest-settled first, so a large drop is handed over in roughly the order it arrived.
    public IReadOnlyList<SettledFile> Due(DateTimeOffset now) =>
        _entries
            .Where(e => e.Value.IsDue(now, _settle) && !_ignored.ContainsKey(e.Key))
            .OrderBy(e => e.Value.UnchangedSince)
            .Select(e => new SettledFile(e.Key, e.Value.Length, e.Value.LastWriteUtc))
            .ToList();

    // Re-checks under the caller's lock what Due said earlier: the file may have changed, been
    // ignored or been emitted by a concurrent check in between.
    public bool MarkEmitted(SettledFile file)
    {
        if (!_entries.TryGetValue(file.Path, out var entry) || entry.Emitted || _ignored.ContainsKey(file.Path)
            || entry.Length != file.Length || entry.LastWriteUtc != file.LastWriteUtc)
        {
            return false;
        }

        entry.Emitted = true;
        return true;
    }

    // A settled file that someone still holds open: try again after `until` rather than on every tick.
    public void Postpone(string path, DateTimeOffset until)
    {
        if (_entries.TryGetValue(path, out var entry))
        {
            entry.RetryAt = until;
        }
    }

    public bool Remove(string path) => _entries.Remove(path);

    // A deleted or renamed-away folder takes its files along; without this, a file dropped again
    // with the same size and mtime would look already emitted.
    public int RemoveUnder(string folder)
    {
        var prefix = Path.TrimEndingDirectorySeparator(folder) + Path.DirectorySeparatorChar;
        var doomed = _entries.Keys.Where(k => k.StartsWith(prefix, _comparison)).ToList();
        foreach (var path in doomed)
        {
            _entries.Remove(path);
        }

        return doomed.Count;
    }

    // Counted, so that two overlapping Ignore/Release pairs on one path do not un-ignore it early.
    public void Ignore(string path) => _ignored[path] = _ignored.GetValueOrDefault(path) + 1;

    public void Release(string path)
    {
        if (_ignored.TryGetValue(path, out var count))
        {
            if (count <= 1)
            {
                _ignored.Remove(path);
            }
            else
            {
                _ignored[path] = count - 1;
            }
        }
    }

    public bool IsIgnored(string path) => _ignored.ContainsKey(path);

    // A full scan is a sweep: whatever it does not see is gone (its delete event may have been
    // lost). Entries observed while the sweep runs, by events too, are stamped with it and kept.
    public long BeginSweep() => ++_sweep;

    public int EndSweep(long sweep)
    {
        var gone = _entries.Where(e => e.Value.Seen < sweep).Select(e => e.Key).ToList();
        foreach (var path in gone)
        {
            _entries.Remove(path);
        }

        return gone.Count;
    }

    private sealed class Entry(long length, DateTime lastWriteUtc, DateTimeOffset now)
    {
        public long Length { get; private set; } = length;

        public DateTime LastWriteUtc { get; private set; } = lastWriteUtc;

        public DateTimeOffset UnchangedSince { get; private set; } = now;

        public DateTimeOffset? RetryAt { get; set; }

        public bool Emitted { get; set; }

        public long Seen { get; set; }

        public bool IsDue(DateTimeOffset now, TimeSpan settle) =>
            !Emitted && now - UnchangedSince >= settle && (RetryAt is not { } retry || now >= retry);

        public void Restart(long length, DateTime lastWriteUtc, DateTimeOffset now)
        {
            Length = length;
            LastWriteUtc = lastWriteUtc;
            UnchangedSince = now;
            RetryAt = null;
            Emitted = false;
        }
    }
}
