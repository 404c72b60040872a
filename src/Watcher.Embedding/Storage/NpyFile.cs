using System.Buffers.Binary;
using System.Globalization;
using System.Runtime.InteropServices;
using System.Text;
using System.Text.RegularExpressions;

namespace Watcher.Embedding.Storage;

/// <summary>
/// Streams a float32 [N, D] array in NumPy's .npy format (version 1.0). N is unknown until the end,
/// so a fixed-size header is written first and rewritten with the real row count on completion.
/// </summary>
public sealed class NpyWriter : IDisposable
{
    private const int HeaderBytes = 128; // magic + version + length + padded dict; a multiple of 64
    private readonly FileStream _stream;
    private readonly int _dimension;
    private bool _completed;

    public long Rows { get; private set; }

    public NpyWriter(string path, int dimension)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(dimension);
        _dimension = dimension;
        _stream = new FileStream(path, FileMode.Create, FileAccess.ReadWrite, FileShare.None, 1 << 16);
        _stream.Write(Header(0, dimension));
    }

    public void WriteRow(ReadOnlySpan<float> row)
    {
        if (row.Length != _dimension) throw new ArgumentException($"row has {row.Length} values, expected {_dimension}", nameof(row));
        if (!BitConverter.IsLittleEndian) throw new PlatformNotSupportedException("big-endian hosts are not supported");
        _stream.Write(MemoryMarshal.AsBytes(row));
        Rows++;
    }

    /// <summary>Rewrites the header with the final row count and flushes to disk.</summary>
    public void Complete()
    {
        _stream.Position = 0;
        _stream.Write(Header(Rows, _dimension));
        _stream.Flush(flushToDisk: true);
        _completed = true;
    }

    public void Dispose()
    {
        if (!_completed) Complete();
        _stream.Dispose();
    }

    internal static byte[] Header(long rows, int dimension)
    {
        var dict = string.Create(CultureInfo.InvariantCulture, $"{{'descr': '<f4', 'fortran_order': False, 'shape': ({rows}, {dimension}), }}");
        var bytes = new byte[HeaderBytes];
        bytes[0] = 0x93;
        "NUMPY"u8.CopyTo(bytes.AsSpan(1));
        bytes[6] = 1;
        bytes[7] = 0;
        BinaryPrimitives.WriteUInt16LittleEndian(bytes.AsSpan(8), HeaderBytes - 10);
        var text = Encoding.ASCII.GetBytes(dict);
        if (text.Length > HeaderBytes - 11) throw new InvalidOperationException("shape too large for the fixed header");
        bytes.AsSpan(10).Fill((byte)' ');
        text.CopyTo(bytes.AsSpan(10));
        bytes[^1] = (byte)'\n';
        return bytes;
    }
}

/// <summary>Reads the float32 2-D .npy files that <see cref="NpyWriter"/> and NumPy write.</summary>
public static partial class NpyReader
{
    public static (float[] Data, int Rows, int Columns) Read(string path)
    {
        var bytes = File.ReadAllBytes(path);
        if (bytes.Length < 10 || bytes[0] != 0x93 || !bytes.AsSpan(1, 5).SequenceEqual("NUMPY"u8))
            throw new InvalidDataException($"{path} is not a .npy file");
        var major = bytes[6];
        var (headerLength, offset) = major == 1
            ? (BinaryPrimitives.ReadUInt16LittleEndian(bytes.AsSpan(8)), 10)
            : ((int)BinaryPrimitives.ReadUInt32LittleEndian(bytes.AsSpan(8)), 12);
        var header = Encoding.ASCII.GetString(bytes, offset, headerLength);
        if (!header.Contains("'<f4'", StringComparison.Ordinal) || header.Contains("True", StringComparison.Ordinal))
            throw new InvalidDataException($"{path}: only little-endian float32 in C order is supported ({header.Trim()})");
        var match = ShapePattern().Match(header);
        if (!match.Success) throw new InvalidDataException($"{path}: expected a 2-D shape ({header.Trim()})");
        var rows = int.Parse(match.Groups[1].Value, CultureInfo.InvariantCulture);
        var cols = int.Parse(match.Groups[2].Value, CultureInfo.InvariantCulture);
        var dataStart = offset + headerLength;
        var data = MemoryMarshal.Cast<byte, float>(bytes.AsSpan(dataStart)).ToArray();
        if (data.Length != (long)rows * cols) throw new InvalidDataException($"{path}: {data.Length} values for shape ({rows}, {cols})");
        return (data, rows, cols);
    }

    [GeneratedRegex(@"'shape':\s*\((\d+),\s*(\d+)\)")]
    private static partial Regex ShapePattern();
}
