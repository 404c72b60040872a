using System.Buffers.Binary;
using System.Runtime.InteropServices;
using System.Text;
using Watcher.Core.Maths;

namespace Watcher.Catalog;

/// <summary>
/// data/embeddings.f32: every embedding the service computed, appended as raw little-endian
/// float32 rows after a 64-byte header (magic, version, dimension, encoder id). The catalog holds
/// each image's row number. Re-clustering 10^5-10^6 images reads one contiguous file at disk
/// speed instead of deserialising a million documents, and an image is never embedded twice.
/// A crash between appending a row and recording it in the catalog leaves an orphan row, which
/// costs 4·D bytes and nothing else; a torn final row is cut off on open. One writer at a time:
/// FileShare.Read is only advisory on Linux, so an exclusive lock on data/embeddings.lock is held
/// until Dispose (two writers would each number their rows from the same end and overwrite them).
/// </summary>
public sealed class EmbeddingStore : IDisposable
{
    internal const int HeaderBytes = 64;
    internal const string FileName = "embeddings.f32";
    private const int EncoderIdBytes = 48;
    private static readonly byte[] Magic = "WEMB"u8.ToArray();
    private readonly FileStream _file;
    private readonly FileStream _owner;
    private readonly Lock _gate = new();

    private EmbeddingStore(FileStream file, FileStream owner, int dimension, string encoderId, long rows)
    {
        _file = file;
        _owner = owner;
        Dimension = dimension;
        EncoderId = encoderId;
        Rows = rows;
    }

    public int Dimension { get; }

    public string EncoderId { get; }

    public long Rows { get; private set; }

    private int RowBytes => Dimension * sizeof(float);

    /// <summary>
    /// Opens or creates the store. An existing store made by another encoder is an error: mixing
    /// vectors of two encoders would make every distance meaningless.
    /// </summary>
    public static EmbeddingStore Open(string dataDir, string encoderId, int dimension)
    {
        ArgumentException.ThrowIfNullOrEmpty(encoderId);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(dimension);
        if (Encoding.UTF8.GetByteCount(encoderId) > EncoderIdBytes)
        {
            throw new ArgumentException($"Encoder id '{encoderId}' is longer than {EncoderIdBytes} bytes.", nameof(encoderId));
        }

        Directory.CreateDirectory(dataDir);
        string path = Path.Combine(dataDir, FileName);
        FileStream owner = TakeOwnership(path);
        FileStream? file = null;
        try
        {
            file = new FileStream(path, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.Read, 1 << 16);
            if (file.Length == 0)
            {
                WriteHeader(file, encoderId, dimension);
                return new EmbeddingStore(file, owner, dimension, encoderId, 0);
            }

            (string storedId, int storedDimension) = ReadHeader(file, path);
            if (storedId != encoderId || storedDimension != dimension)
            {
                throw new InvalidDataException(
                    $"{path} holds {storedDimension}-d embeddings from '{storedId}', but the configured encoder is '{encoderId}' " +
                    $"({dimension}-d). Use the encoder the catalog was built with, or start a new data folder.");
            }

            long rows = (file.Length - HeaderBytes) / (dimension * sizeof(float));
            file.SetLength(HeaderBytes + (rows * dimension * sizeof(float)));
            return new EmbeddingStore(file, owner, dimension, encoderId, rows);
        }
        catch
        {
            file?.Dispose();
            owner.Dispose();
            throw;
        }
    }

    /// <summary>
    /// What the store holds, read without taking it over or changing it (`watcher doctor`);
    /// null when there is no store. Throws InvalidDataException for a file that is not one.
    /// </summary>
    public static (string EncoderId, int Dimension, long Rows)? Inspect(string dataDir)
    {
        string path = Path.Combine(dataDir, FileName);
        if (!File.Exists(path))
        {
            return null;
        }

        using var file = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite);
        (string id, int dimension) = ReadHeader(file, path);
        return (id, dimension, dimension <= 0 ? 0 : (file.Length - HeaderBytes) / (dimension * sizeof(float)));
    }

    /// <summary>
    /// Renames the store to embeddings.f32.broken-&lt;time&gt; (never deletes it), under its lock so
    /// no writer has it open; null when there is none. A catalog rebuilt from the folders cannot
    /// tell which row was whose, so it starts a new store.
    /// </summary>
    public static string? SetAside(string dataDir, DateTimeOffset now)
    {
        string path = Path.Combine(dataDir, FileName);
        using FileStream owner = TakeOwnership(path);
        return BrokenFiles.MoveAside(path, now);
    }

    private static FileStream TakeOwnership(string path)
    {
        string lockPath = Path.ChangeExtension(path, ".lock");
        try
        {
            return new FileStream(lockPath, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None);
        }
        catch (IOException ex)
        {
            throw new IOException($"The embedding store {path} is in use by another process (is the daemon running?): {ex.Message}", ex);
        }
    }

    /// <summary>Appends rows (row-major, a multiple of the dimension), flushed to disk; returns the first row's number.</summary>
    public long Append(ReadOnlySpan<float> rows)
    {
        if (rows.Length % Dimension != 0)
        {
            throw new ArgumentException($"{rows.Length} values is not a whole number of {Dimension}-d rows.", nameof(rows));
        }

        lock (_gate)
        {
            long first = Rows;
            _file.Seek(HeaderBytes + (first * RowBytes), SeekOrigin.Begin);
            _file.Write(MemoryMarshal.AsBytes(rows));
            _file.Flush(flushToDisk: true);
            Rows += rows.Length / Dimension;
            return first;
        }
    }

    public float[] Read(long row)
    {
        var vector = new float[Dimension];
        lock (_gate)
        {
            ReadInto(row, vector);
        }

        return vector;
    }

    /// <summary>The given rows, in the given order, as one matrix.</summary>
    public VectorSet Read(IReadOnlyList<long> rows)
    {
        ArgumentNullException.ThrowIfNull(rows);
        var data = new float[checked(rows.Count * Dimension)];
        lock (_gate)
        {
            for (int i = 0; i < rows.Count; i++)
            {
                ReadInto(rows[i], data.AsSpan(i * Dimension, Dimension));
            }
        }

        return new VectorSet(data, rows.Count, Dimension);
    }

    private void ReadInto(long row, Span<float> destination)
    {
        if (row < 0 || row >= Rows)
        {
            throw new ArgumentOutOfRangeException(nameof(row), $"Row {row} is not in the store (0..{Rows - 1}).");
        }

        _file.Seek(HeaderBytes + (row * RowBytes), SeekOrigin.Begin);
        _file.ReadExactly(MemoryMarshal.AsBytes(destination));
    }

    private static void WriteHeader(FileStream file, string encoderId, int dimension)
    {
        var header = new byte[HeaderBytes];
        Magic.CopyTo(header, 0);
        BinaryPrimitives.WriteInt32LittleEndian(header.AsSpan(4), 1);
        BinaryPrimitives.WriteInt32LittleEndian(header.AsSpan(8), dimension);
        Encoding.UTF8.GetBytes(encoderId, header.AsSpan(16, EncoderIdBytes));
        file.Write(header);
        file.Flush(flushToDisk: true);
    }

    private static (string EncoderId, int Dimension) ReadHeader(FileStream file, string path)
    {
        var header = new byte[HeaderBytes];
        file.Seek(0, SeekOrigin.Begin);
        if (file.Read(header) != HeaderBytes || !header.AsSpan(0, 4).SequenceEqual(Magic))
        {
            throw new InvalidDataException($"{path} is not a Watcher embedding store (bad header).");
        }

        int version = BinaryPrimitives.ReadInt32LittleEndian(header.AsSpan(4));
        if (version != 1)
        {
            throw new InvalidDataException($"{path} has format version {version}; this Watcher reads version 1.");
        }

        int dimension = BinaryPrimitives.ReadInt32LittleEndian(header.AsSpan(8));
        string id = Encoding.UTF8.GetString(header.AsSpan(16, EncoderIdBytes)).TrimEnd('\0');
        return (id, dimension);
    }

    public void Dispose()
    {
        _file.Dispose();
        _owner.Dispose();
    }
}
