using System.Buffers.Binary;
using System.Globalization;
using LiteDB;

namespace Watcher.Catalog;

/// <summary>
/// What it takes to open data/catalog.db safely: a header check before LiteDB sees the file, and
/// the connection settings. LiteDB 5 re-initialises a non-empty file shorter than a page, cuts a
/// torn last page off, and truncates a longer foreign file before failing, so everything this
/// class can tell from the header is refused here, with the file left exactly as it was.
/// </summary>
internal static class CatalogFile
{
    // LiteDB 5 (data file format 8): 8 KiB pages; page 0 holds the signature at 32, the format
    // byte at 59 and the last page id at 64. LiteDB 4 and earlier: the signature at 25, the
    // format byte (7 or less) at 52.
    private const int PageSize = 8192;
    private const int SignatureOffset = 32;
    private const int FormatOffset = 59;
    private const int LastPageOffset = 64;
    private const int OldSignatureOffset = 25;
    private const int OldFormatOffset = 52;
    private const byte SupportedFormat = 8;
    private static ReadOnlySpan<byte> Signature => "** This is a LiteDB file **"u8;

    /// <summary>
    /// Refuses a file LiteDB must not open; returns false when there is nothing to open yet (no file,
    /// or an empty one, which a crash right after creating it leaves) and a new catalog may start.
    /// </summary>
    internal static bool CheckExisting(string path, bool dataFolderHasHistory)
    {
        var info = new FileInfo(path);
        if (!info.Exists || info.Length == 0)
        {
            if (dataFolderHasHistory)
            {
                string state = info.Exists ? "is empty (0 bytes)" : "is missing";
                throw new CatalogUnusableException(path, CatalogFault.Lost,
                    $"{state} although its folder holds saved models or embeddings, so the catalog of those images was lost");
            }

            return false;
        }

        Span<byte> head = stackalloc byte[LastPageOffset + sizeof(uint)];
        using (var file = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite))
        {
            head = head[..file.ReadAtLeast(head, head.Length, throwOnEndOfStream: false)];
        }

        if (!HasSignatureAt(head, SignatureOffset))
        {
            if (HasSignatureAt(head, OldSignatureOffset) && head.Length > OldFormatOffset)
            {
                throw new CatalogUnusableException(path, CatalogFault.OlderLiteDb,
                    $"was written by LiteDB 4 or earlier (data file format {head[OldFormatOffset]}), which this Watcher (LiteDB 5, format {SupportedFormat}) cannot read");
            }

            throw new CatalogUnusableException(path, CatalogFault.NotLiteDb,
                $"is not a LiteDB database (no LiteDB header in its first bytes: {info.Length:N0} bytes of something else)");
        }

        if (head.Length < LastPageOffset + sizeof(uint))
        {
            throw Truncated(path, $"{info.Length:N0} bytes, less than its own header");
        }

        byte format = head[FormatOffset];
        if (format != SupportedFormat)
        {
            (CatalogFault fault, string by) = format < SupportedFormat ? (CatalogFault.OlderLiteDb, "an older") : (CatalogFault.NewerLiteDb, "a newer");
            throw new CatalogUnusableException(path, fault,
                $"was written by {by} LiteDB (data file format {format}; this Watcher reads format {SupportedFormat})");
        }

        // Commits not yet checkpointed live in catalog-log.db and can legitimately extend the data
        // file; only a data file on its own must hold every page its header counts.
        if (!HasPendingLog(path))
        {
            long pages = BinaryPrimitives.ReadUInt32LittleEndian(head[LastPageOffset..]) + 1L;
            if (info.Length % PageSize != 0 || info.Length < pages * PageSize)
            {
                throw Truncated(path, $"{info.Length:N0} bytes, but its header counts {pages:N0} pages of 8 KiB: {pages * PageSize:N0} bytes");
            }
        }

        return true;
    }

    /// <summary>LiteDB's write-ahead log beside the data file: catalog-log.db.</summary>
    internal static string LogPath(string path) =>
        Path.Combine(Path.GetDirectoryName(path)!, Path.GetFileNameWithoutExtension(path) + "-log" + Path.GetExtension(path));

    private static bool HasPendingLog(string path) => new FileInfo(LogPath(path)) is { Exists: true, Length: > 0 };

    private static bool HasSignatureAt(ReadOnlySpan<byte> head, int offset) =>
        head.Length >= offset + Signature.Length && head.Slice(offset, Signature.Length).SequenceEqual(Signature);

    private static CatalogUnusableException Truncated(string path, string detail) =>
        new(path, CatalogFault.Truncated, $"is truncated ({detail})");

    internal static IOException InUse(string path, IOException ex) =>
        new($"The catalog {path} is in use by another process (is the daemon running?): {ex.Message}", ex);

    /// <summary>LiteDB's own failure on a file that passed the header check: pages it cannot read.</summary>
    internal static CatalogUnusableException Damaged(string path, Exception ex)
    {
        // LiteDB leaves format placeholders in some messages ("Page type must be data page: {0}").
        string detail = ex.Message;
        int placeholder = detail.IndexOf(": {", StringComparison.Ordinal);
        detail = (placeholder >= 0 ? detail[..placeholder] : detail).TrimEnd('.', ' ');
        return new CatalogUnusableException(path, CatalogFault.Damaged, $"is damaged (LiteDB cannot read it: {detail})", ex);
    }

    // Paths are case-sensitive on Linux and hashes are exact, so strings compare ordinally (LiteDB's
    // default is the current culture, ignoring case). A collation is fixed when the file is created.
    internal static ConnectionString Connection(string path, bool readOnly = false) => new()
    {
        Filename = path,
        Connection = ConnectionType.Direct,
        ReadOnly = readOnly,
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
