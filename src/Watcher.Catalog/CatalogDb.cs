using LiteDB;

namespace Watcher.Catalog;

/// <summary>
/// The LiteDB catalog (data/catalog.db): images, clusters, decisions and the move journal. One
/// process (the daemon) owns it; other processes reach it through the daemon's loopback API, so
/// the file is opened in LiteDB's direct mode (docs/decisions.md). LiteDB's own file lock is
/// advisory and shared on Linux (two openers both succeed), so ownership is taken explicitly with
/// an exclusive lock on data/catalog.lock (<see cref="CatalogLock"/>), held until Dispose. Opening
/// checks the file first (CatalogDb.Open.cs): a damaged, old or foreign catalog is refused with
/// one sentence naming the recovery, before anything is written to it. Every method is
/// one short synchronous step under a lock: LiteDB transactions belong to a thread, and callers
/// are async code that may resume on another one.
/// </summary>
public sealed partial class CatalogDb : IDisposable
{
    private readonly LiteDatabase _db;
    private readonly CatalogLock _owner;
    private readonly CatalogStreams _files;
    private readonly TimeProvider _time;
    private readonly Lock _gate = new();
    private readonly ILiteCollection<ImageRecord> _images;
    private readonly ILiteCollection<ClusterRecord> _clusters;
    private readonly ILiteCollection<JournalEntry> _journal;
    private readonly ILiteCollection<DecisionRecord> _decisions;
    private readonly ILiteCollection<BsonDocument> _meta;

    // Ingest looks every arriving file up by path and by hash. LiteDB 5 parses a query's text on
    // every call (a LINQ predicate is first turned into text), about half the cost of the lookup:
    // these are parsed once and only their parameter changes, under _gate.
    private readonly BsonExpression _byPath = BsonExpression.Create("CurrentPath = @0", "");
    private readonly BsonExpression _bySha256 = BsonExpression.Create("Sha256 = @0", "");

    private CatalogDb(LiteDatabase db, CatalogStreams files, CatalogLock owner, TimeProvider time)
    {
        _db = db;
        _files = files;
        _owner = owner;
        _time = time;
        _images = db.GetCollection<ImageRecord>("images");
        _clusters = db.GetCollection<ClusterRecord>("clusters");
        _journal = db.GetCollection<JournalEntry>("journal");
        _decisions = db.GetCollection<DecisionRecord>("decisions");
        _meta = db.GetCollection("meta");
        _images.EnsureIndex(i => i.Sha256);
        _images.EnsureIndex(i => i.CurrentPath);
        _images.EnsureIndex(i => i.Status);
        _images.EnsureIndex(i => i.Cluster);
    }

    public string Path { get; private init; } = "";

    private DateTime Now => _time.GetUtcNow().UtcDateTime;

    // Images ---------------------------------------------------------------------------------

    public ImageRecord AddImage(ImageRecord image)
    {
        ArgumentNullException.ThrowIfNull(image);
        AddImages([image]);
        return image;
    }

    /// <summary>
    /// Adds many images in one transaction: a LiteDB commit writes and flushes its pages once, so
    /// a batch of 64 costs about what one image costs alone.
    /// </summary>
    public void AddImages(IReadOnlyList<ImageRecord> images)
    {
        ArgumentNullException.ThrowIfNull(images);
        if (images.Count == 0)
        {
            return;
        }

        lock (_gate)
        {
            DateTime now = Now;
            InTransaction(() =>
            {
                foreach (ImageRecord image in images)
                {
                    image.AddedUtc = image.UpdatedUtc = now;
                    image.Id = _images.Insert(image).AsInt64;
                }
            });
        }
    }

    /// <summary>Updates many images in one transaction (a re-clustering renumbers every cluster).</summary>
    public void UpdateImages(IReadOnlyList<ImageRecord> images)
    {
        ArgumentNullException.ThrowIfNull(images);
        lock (_gate)
        {
            DateTime now = Now;
            InTransaction(() =>
            {
                foreach (ImageRecord image in images)
                {
                    image.UpdatedUtc = now;
                    _images.Update(image);
                }
            });
        }
    }

    public void UpdateImage(ImageRecord image)
    {
        ArgumentNullException.ThrowIfNull(image);
        UpdateImages([image]);
    }

    public ImageRecord? Image(long id)
    {
        lock (_gate)
        {
            return _images.FindById(id);
        }
    }

    /// <summary>The first image with these bytes that is not itself a copy, if any.</summary>
    public ImageRecord? FindOriginal(string sha256)
    {
        lock (_gate)
        {
            _bySha256.Parameters["0"] = sha256;
            return _images.Find(_bySha256).Where(i => i.DuplicateOf == null).MinBy(i => i.Id);
        }
    }

    public ImageRecord? FindByPath(string currentPath)
    {
        lock (_gate)
        {
            _byPath.Parameters["0"] = currentPath;
            return _images.FindOne(_byPath);
        }
    }

    public List<ImageRecord> Images(ImageStatus status)
    {
        lock (_gate)
        {
            return _images.Find(i => i.Status == status).ToList();
        }
    }

    /// <summary>Images added after the given id (those that arrived during a re-clustering's fit).</summary>
    public List<ImageRecord> ImagesAfter(long id)
    {
        lock (_gate)
        {
            return _images.Find(Query.GT("_id", id)).ToList();
        }
    }

    /// <summary>Images that are byte-for-byte copies of another one.</summary>
    public List<ImageRecord> Copies()
    {
        lock (_gate)
        {
            return _images.Find(i => i.DuplicateOf != null).ToList();
        }
    }

    public List<ImageRecord> ImagesInCluster(int cluster)
    {
        lock (_gate)
        {
            return _images.Find(i => i.Cluster == cluster).ToList();
        }
    }

    /// <summary>Every image, in id order, streamed in pages so 10^6 records never sit in memory at once.</summary>
    public IEnumerable<ImageRecord> AllImages(int pageSize = 10_000)
    {
        long after = 0;
        while (true)
        {
            List<ImageRecord> page;
            lock (_gate)
            {
                page = _images.Query().Where(i => i.Id > after).OrderBy(i => i.Id).Limit(pageSize).ToList();
            }

            foreach (ImageRecord image in page)
            {
                yield return image;
            }

            if (page.Count < pageSize)
            {
                yield break;
            }

            after = page[^1].Id;
        }
    }

    public int CountImages(ImageStatus status)
    {
        lock (_gate)
        {
            return _images.Count(i => i.Status == status);
        }
    }

    public int CountImages()
    {
        lock (_gate)
        {
            return _images.Count();
        }
    }

    // Clusters -------------------------------------------------------------------------------

    public List<ClusterRecord> Clusters()
    {
        lock (_gate)
        {
            return _clusters.FindAll().OrderBy(c => c.Id).ToList();
        }
    }

    public ClusterRecord? Cluster(int id)
    {
        lock (_gate)
        {
            return _clusters.FindById(id);
        }
    }

    /// <summary>Replaces the cluster table with a new model's clusters, in one transaction.</summary>
    public void ReplaceClusters(IEnumerable<ClusterRecord> clusters, int modelVersion)
    {
        ArgumentNullException.ThrowIfNull(clusters);
        lock (_gate)
        {
            InTransaction(() =>
            {
                _clusters.DeleteAll();
                _clusters.InsertBulk(clusters);
                SetMetaUnlocked("model_version", modelVersion);
            });
        }
    }

    public void UpdateCluster(ClusterRecord cluster)
    {
        ArgumentNullException.ThrowIfNull(cluster);
        lock (_gate)
        {
            _clusters.Update(cluster);
        }
    }

    public void AddDecision(DecisionRecord decision)
    {
        ArgumentNullException.ThrowIfNull(decision);
        lock (_gate)
        {
            decision.AtUtc = Now;
            _decisions.Insert(decision);
        }
    }

    public List<DecisionRecord> Decisions()
    {
        lock (_gate)
        {
            return _decisions.FindAll().OrderBy(d => d.Id).ToList();
        }
    }

    // Small settings that must survive restarts (model version, images since the last re-clustering).

    public long GetMeta(string key, long fallback = 0)
    {
        lock (_gate)
        {
            BsonDocument? doc = _meta.FindById(key);
            return doc is null ? fallback : doc["value"].AsInt64;
        }
    }

    public void SetMeta(string key, long value)
    {
        lock (_gate)
        {
            SetMetaUnlocked(key, value);
        }
    }

    /// <summary>Adds to a counter in one step (never below zero) and returns the new value: two writers cannot lose each other's counts.</summary>
    public long AddToMeta(string key, long delta)
    {
        lock (_gate)
        {
            BsonDocument? doc = _meta.FindById(key);
            long value = Math.Max(0, (doc is null ? 0 : doc["value"].AsInt64) + delta);
            SetMetaUnlocked(key, value);
            return value;
        }
    }

    public string? GetMetaText(string key)
    {
        lock (_gate)
        {
            BsonDocument? doc = _meta.FindById(key);
            return doc is null ? null : doc["value"].AsString;
        }
    }

    public void SetMetaText(string key, string value)
    {
        lock (_gate)
        {
            _meta.Upsert(new BsonDocument { ["_id"] = key, ["value"] = value });
        }
    }

    // Call under _gate. One commit for the whole action: LiteDB writes and flushes its pages per
    // commit, and a crash leaves either all of it or none.
    private void InTransaction(Action action)
    {
        _db.BeginTrans();
        try
        {
            action();
            _db.Commit();
        }
        catch
        {
            _db.Rollback();
            throw;
        }
    }

    private void SetMetaUnlocked(string key, long value) =>
        _meta.Upsert(new BsonDocument { ["_id"] = key, ["value"] = value });

    public void Dispose()
    {
        _db.Dispose();
        _files.Dispose();
        _owner.Dispose();
    }
}
