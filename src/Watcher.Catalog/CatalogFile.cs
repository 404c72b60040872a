using System.Globalization;
using LiteDB;

namespace Watcher.Catalog;

/// <summary>What it takes to open data/catalog.db safely: ownership, a header check, the mapper.</summary>
internal static class CatalogFile
{
    // One owner at a time, in this process or any other (FileShare.None is an exclusive flock on Unix).
    internal static FileStream TakeOwnership(string catalogPath)
    {
        string lockPath = Path.ChangeExtension(catalogPath, ".lock");
        try
        {
            return new FileStream(lockPath, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None);
        }
        catch (IOException ex)
        {
            throw InUse(catalogPath, ex);
        }
    }

    // LiteDB silently re-initialises a non-empty file shorter than a page and truncates a longer
    // foreign one before failing, so anything without its header signature is refused untouched.
    internal static void EnsureLiteDbFile(string path)
    {
        ReadOnlySpan<byte> signature = "** This is a LiteDB file **"u8;
        const int signatureOffset = 32;
        if (!File.Exists(path))
        {
            return;
        }

        using var file = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite);
        if (file.Length == 0)
        {
            return;
        }

        Span<byte> head = stackalloc byte[signatureOffset + signature.Length];
        if (file.ReadAtLeast(head, head.Length, throwOnEndOfStream: false) < head.Length || !head[signatureOffset..].SequenceEqual(signature))
        {
            throw new InvalidDataException($"The catalog {path} is not a LiteDB database (its header signature is missing); move it aside or use another data folder.");
        }
    }

    internal static IOException InUse(string path, IOException ex) =>
        new($"The catalog {path} is in use by another process (is the daemon running?): {ex.Message}", ex);

    internal static InvalidDataException NotACatalog(string path, Exception ex) =>
        new($"The catalog {path} could not be opened (it is not a LiteDB database, or it is damaged): {ex.Message}", ex);

    // Paths are case-sensitive on Linux and hashes are exact, so strings compare ordinally (LiteDB's
    // default is the current culture, ignoring case). A collation is fixed when the file is created.
    internal static ConnectionString Connection(string path) => new()
    {
        Filename = path,
        Connection = ConnectionType.Direct,
        Collation = new Collation(CultureInfo.InvariantCulture.LCID, CompareOptions.Ordinal),
    };

    // Cluster ids come from the model and start at 0; LiteDB would treat 0 as "assign an id".
    internal static BsonMapper CreateMapper()
    {
        var mapper = new BsonMapper();
        mapper.Entity<ClusterRecord>().Id(c => c.Id, autoId: false);
        return mapper;
    }
}
