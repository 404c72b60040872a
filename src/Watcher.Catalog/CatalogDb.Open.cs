using LiteDB;

namespace Watcher.Catalog;

// Opening: the lock, the checks that refuse an unusable file untouched, then LiteDB.
public sealed partial class CatalogDb
{
    /// <summary>Meta key set while `watcher doctor --rebuild` fills a new catalog; a catalog that still has it is refused.</summary>
    public const string UnfinishedRebuildKey = "rebuild_unfinished";

    /// <summary>
    /// Opens data/catalog.db under <paramref name="dataDir"/>, or creates it when the folder has
    /// none yet. Throws <see cref="CatalogUnusableException"/> for a lost, foreign, truncated,
    /// damaged, older or newer catalog, and IOException while another process owns it.
    /// </summary>
    public static CatalogDb Open(string dataDir, TimeProvider? time = null)
    {
        CatalogLock owner = CatalogLock.Take(dataDir);
        try
        {
            return OpenLocked(owner, time, HasHistory(owner.DataDir));
        }
        catch
        {
            owner.Dispose();
            throw;
        }
    }

    /// <summary>
    /// A new, empty catalog under a lock already held, once the old catalog was set aside
    /// (`watcher doctor --rebuild`). The catalog takes the lock over and releases it on Dispose.
    /// It is marked unfinished until <see cref="FinishRebuild"/>, so a rebuild stopped halfway is
    /// refused on open instead of passing for the whole catalog.
    /// </summary>
    public static CatalogDb CreateForRebuild(CatalogLock owner, TimeProvider? time = null)
    {
        ArgumentNullException.ThrowIfNull(owner);
        if (File.Exists(owner.CatalogPath) && new FileInfo(owner.CatalogPath).Length > 0)
        {
            throw new InvalidOperationException($"{owner.CatalogPath} still exists; set it aside before creating a new catalog.");
        }

        CatalogDb catalog = OpenLocked(owner, time, dataFolderHasHistory: false);
        catalog.SetMeta(UnfinishedRebuildKey, 1);
        catalog.Flush();
        return catalog;
    }

    /// <summary>The rebuild is complete: the catalog may be opened again.</summary>
    public void FinishRebuild()
    {
        lock (_gate)
        {
            _meta.Delete(UnfinishedRebuildKey);
            _db.Checkpoint();
        }
    }

    /// <summary>
    /// Whether the data folder shows a catalog existed: saved models, or embeddings. A catalog
    /// that is then missing or empty was lost, and starting an empty one would forget every image.
    /// </summary>
    public static bool HasHistory(string dataDir) =>
        new ModelStore(dataDir).LatestVersion() > 0
        || new FileInfo(System.IO.Path.Combine(dataDir, EmbeddingStore.FileName)) is { Exists: true, Length: > EmbeddingStore.HeaderBytes };

    private static CatalogDb OpenLocked(CatalogLock owner, TimeProvider? time, bool dataFolderHasHistory)
    {
        string path = owner.CatalogPath;
        LiteDatabase? db = null;
        CatalogStreams? streams = null;
        bool opened = false;
        try
        {
            long? schema = null;
            if (CatalogFile.CheckExisting(path, dataFolderHasHistory))
            {
                (schema, bool unfinished) = CatalogIntegrity.Verify(path);
                CatalogSchema.Check(path, schema);
                if (unfinished)
                {
                    throw new CatalogUnusableException(path, CatalogFault.UnfinishedRebuild,
                        "is a rebuild that stopped before it finished, so it lacks some of the images");
                }
            }

            streams = CatalogStreams.Open(path);
            db = streams.OpenDatabase(CatalogFile.CreateMapper());

            // Stored dates are UTC either way; without this LiteDB hands them back as local time.
            if (!db.UtcDate)
            {
                db.UtcDate = true;
            }

            var catalog = new CatalogDb(db, streams, owner, time ?? TimeProvider.System) { Path = path };
            if (schema is null)
            {
                catalog.SetMeta(CatalogSchema.Key, CatalogSchema.Current);
            }

            opened = true;
            return catalog;
        }
        catch (IOException ex) when (ex is not EndOfStreamException)
        {
            throw CatalogFile.InUse(path, ex);
        }
        catch (Exception ex) when (ex is not (CatalogUnusableException or UnauthorizedAccessException or OutOfMemoryException))
        {
            // Checked and verified, yet LiteDB failed opening it for writing (a page it reads only then).
            throw CatalogFile.Damaged(path, ex);
        }
        finally
        {
            if (!opened)
            {
                db?.Dispose();
                streams?.Dispose();
            }
        }
    }
}
