namespace Watcher.Catalog;

/// <summary>
/// Exclusive ownership of data/catalog.db, held on data/catalog.lock (FileShare.None is an
/// exclusive flock on Unix; LiteDB's own lock is shared there). The daemon holds it for its
/// lifetime through <see cref="CatalogDb"/>; `watcher doctor --rebuild` takes it first, so it
/// cannot set a catalog aside while the daemon uses it.
/// </summary>
public sealed class CatalogLock : IDisposable
{
    private readonly FileStream _lock;

    private CatalogLock(FileStream held, string dataDir)
    {
        _lock = held;
        DataDir = dataDir;
        CatalogPath = Path.Combine(dataDir, "catalog.db");
    }

    public string DataDir { get; }

    public string CatalogPath { get; }

    /// <summary>Takes the lock, or throws IOException saying the catalog is in use (by the daemon, most likely).</summary>
    public static CatalogLock Take(string dataDir)
    {
        string full = Path.GetFullPath(dataDir);
        Directory.CreateDirectory(full);
        string catalog = Path.Combine(full, "catalog.db");
        try
        {
            return new CatalogLock(new FileStream(Path.ChangeExtension(catalog, ".lock"), FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None), full);
        }
        catch (IOException ex)
        {
            throw CatalogFile.InUse(catalog, ex);
        }
    }

    /// <summary>Renames catalog.db and its LiteDB log to *.broken-&lt;time&gt;; returns the new names. Never deletes.</summary>
    public IReadOnlyList<string> SetAside(DateTimeOffset now)
    {
        var moved = new List<string>();
        foreach (string path in new[] { CatalogPath, CatalogFile.LogPath(CatalogPath) })
        {
            if (BrokenFiles.MoveAside(path, now) is { } aside)
            {
                moved.Add(aside);
            }
        }

        return moved;
    }

    public void Dispose() => _lock.Dispose();
}

/// <summary>Damaged data files are renamed beside themselves, never deleted: they may still hold something a person needs.</summary>
public static class BrokenFiles
{
    /// <summary>Moves <paramref name="path"/> to path.broken-yyyyMMdd-HHmmss (-2, -3 ... if taken); null when there is no file.</summary>
    public static string? MoveAside(string path, DateTimeOffset now)
    {
        if (!File.Exists(path))
        {
            return null;
        }

        string stem = $"{path}.broken-{now.UtcDateTime:yyyyMMdd-HHmmss}";
        for (int n = 1; ; n++)
        {
            string target = n == 1 ? stem : $"{stem}-{n}";
            if (File.Exists(target))
            {
                continue;
            }

            File.Move(path, target, overwrite: false);
            return target;
        }
    }
}
