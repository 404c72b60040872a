namespace Watcher.Catalog.Tests;

/// <summary>
/// Real catalog files, made by <see cref="CatalogDb"/> and then damaged the ways disks and people
/// damage them, for the open checks and for doctor.
/// </summary>
internal static class DamagedCatalogs
{
    public const int PageSize = 8192;

    /// <summary>A closed catalog of <paramref name="images"/> filed images, clusters, a decision and an unfinished move.</summary>
    public static string Healthy(string dataDir, int images = 3000)
    {
        using var db = CatalogDb.Open(dataDir, Records.Clock());
        foreach (int[] chunk in Enumerable.Range(0, images).Chunk(1000))
        {
            db.AddImages(chunk.Select(i => new ImageRecord
            {
                Sha256 = Records.Sha($"image {i}"),
                Length = 40_000 + i,
                OriginalPath = $"/photos/inbox/n{i:00000}.JPEG",
                CurrentPath = $"/photos/output/cluster-{i % 12:00}/n{i:00000}.JPEG",
                Status = ImageStatus.Filed,
                Folder = $"cluster-{i % 12:00}",
                Cluster = i % 12,
                Score = i / 1000.0,
                EmbeddingRow = i,
            }).ToList());
        }

        db.ReplaceClusters(Enumerable.Range(0, 12).Select(c => new ClusterRecord { Id = c, Folder = $"cluster-{c:00}", Size = images / 12 }), 1);
        db.AddDecision(new DecisionRecord { Kind = "label", Cluster = 3, Name = "dogs" });
        db.BeginMove(new JournalEntry { ImageId = 1, From = "/photos/inbox/a.jpg", To = "/photos/output/dogs/a.jpg", Sha256 = Records.Sha("a") });
        return db.Path;
    }

    /// <summary>What a healthy catalog of that folder looks like on disk before anything is damaged.</summary>
    public static byte[] HealthyBytes(string dataDir) => File.ReadAllBytes(Healthy(dataDir));

    /// <summary>Overwrites one whole page at <paramref name="fraction"/> of the file, with random bytes or zeros.</summary>
    public static void OverwritePage(string path, double fraction, bool zeros)
    {
        byte[] bytes = File.ReadAllBytes(path);
        int page = (int)(bytes.Length / PageSize * fraction);
        Span<byte> target = bytes.AsSpan(page * PageSize, PageSize);
        if (zeros)
        {
            target.Clear();
        }
        else
        {
            new Random(page).NextBytes(target);
        }

        File.WriteAllBytes(path, bytes);
    }

    public static void Truncate(string path, long length)
    {
        using var file = new FileStream(path, FileMode.Open, FileAccess.Write);
        file.SetLength(length);
    }

    /// <summary>
    /// The first page of a LiteDB 4 data file (format 7: 4 KiB pages, the signature at 25, the
    /// format byte at 52), made by hand to the published layout: the package mirror has no
    /// LiteDB 4 to write a real one.
    /// </summary>
    public static byte[] LiteDb4Header()
    {
        var page = new byte[2 * 4096];
        page[4] = 1; // page type: header
        "** This is a LiteDB file **"u8.CopyTo(page.AsSpan(25));
        page[52] = 7;
        return page;
    }

    /// <summary>A saved-model file where ModelStore looks, so the data folder shows a catalog existed.</summary>
    public static void LeaveModel(string dataDir)
    {
        Directory.CreateDirectory(Path.Combine(dataDir, "models"));
        File.WriteAllBytes(Path.Combine(dataDir, "models", "model-1.wmdl"), [1, 2, 3]);
    }

    /// <summary>True when nobody holds data/catalog.lock: a failed open must not keep it.</summary>
    public static bool LockIsFree(string dataDir)
    {
        try
        {
            using var probe = new FileStream(Path.Combine(dataDir, "catalog.lock"), FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None);
            return true;
        }
        catch (IOException)
        {
            return false;
        }
    }
}
