using System.Buffers.Binary;
using System.IO.Compression;
using System.Text;
using SkiaSharp;

namespace Watcher.Tests.Reliability;

/// <summary>
/// The odd files of the bad input matrix, made in memory: PNGs written chunk by chunk (SkiaSharp
/// cannot write a 30,000 x 30,000 or a 16-bit one), a hand-assembled animated GIF, and EXIF put
/// into a real photo.
/// </summary>
internal static class BadInputFiles
{
    // A 32x32 CMYK JPEG with its Adobe marker, made once with ImageMagick
    // (`convert -size 32x32 gradient:red-blue -colorspace CMYK -quality 70`): SkiaSharp cannot encode CMYK.
    private const string CmykJpegBase64 =
        "/9j/7gAOQWRvYmUAZAAAAAAC/9sAQwAKBwcIBwYKCAgICwoKCw4YEA4NDQ4dFRYRGCMfJSQiHyIhJis3LyYpNCkhIjBBMTQ5Oz4+" +
        "PiUuRElDPEg3PT47/9sAQwEKCwsODQ4cEBAcOygiKDs7Ozs7Ozs7Ozs7Ozs7Ozs7Ozs7Ozs7Ozs7Ozs7Ozs7Ozs7Ozs7Ozs7Ozs7" +
        "Ozs7Ozs7/8AAFAgAIAAgBAEiAAIRAQMRAQQiAP/EABgAAQEBAQEAAAAAAAAAAAAAAAAGBAUH/8QAHBAAAgEFAQAAAAAAAAAAAAAA" +
        "ABViAhITFGFS/8QAFgEBAQEAAAAAAAAAAAAAAAAAAAcD/8QAGhEAAQUBAAAAAAAAAAAAAAAAAAECExVRFP/aAA4EAQACEQMRBAAA" +
        "PwCmvF5kzdGbpncs0j8anp7WQayIprINZGu8XmTN0Zui5ZojUtWsg1kRTWQayNy6nyF1Pk7uvwa/CVdKlLpmYFUQqiWqqIVROEup" +
        "8hdT5O7r8GvwdKimZhFKohVEtVUQqif/2Q==";

    public static byte[] CmykJpeg() => Convert.FromBase64String(CmykJpegBase64);

    public static byte[] FirstHalf(byte[] bytes) => bytes[..(bytes.Length / 2)];

    /// <summary>A real photo re-encoded as PNG (an 8-bit RGBA one, the ordinary kind).</summary>
    public static byte[] PhotoAsPng(string jpegPath)
    {
        using var bitmap = SKBitmap.Decode(jpegPath);
        using var data = bitmap.Encode(SKEncodedImageFormat.Png, 100);
        return data.ToArray();
    }

    public static byte[] OnePixelPng() => Png(1, 1, bitDepth: 8, colourType: 2, rows: (_, row) => { row[0] = 200; row[1] = 40; row[2] = 40; });

    /// <summary>
    /// 30,000 x 30,000 8-bit grey, all one value: 900 MB once decoded, under a megabyte on disk.
    /// The rows are streamed into the compressor so the test never holds them either.
    /// </summary>
    public static byte[] DecompressionBombPng() => Png(30_000, 30_000, bitDepth: 8, colourType: 0, rows: (_, row) => row.Fill(0x80));

    /// <summary>64 x 48 RGB with 16 bits per channel: a smooth gradient.</summary>
    public static byte[] SixteenBitPng() => Png(64, 48, bitDepth: 16, colourType: 2, rows: (y, row) =>
    {
        for (int x = 0; x < 64; x++)
        {
            BinaryPrimitives.WriteUInt16BigEndian(row.Slice(x * 6, 2), (ushort)(x * 1000));
            BinaryPrimitives.WriteUInt16BigEndian(row.Slice(x * 6 + 2, 2), (ushort)(y * 1300));
            BinaryPrimitives.WriteUInt16BigEndian(row.Slice(x * 6 + 4, 2), 30_000);
        }
    });

    /// <summary>
    /// Two 2x2 frames that loop (NETSCAPE2.0 extension), 50 ms apart. Each frame's LZW data is
    /// clear, four pixels of colour 0 or 1, end: with a 2-bit minimum code size every code is 3 bits.
    /// </summary>
    public static byte[] AnimatedGif()
    {
        var gif = new List<byte>();
        gif.AddRange("GIF89a"u8.ToArray());
        gif.AddRange([2, 0, 2, 0, 0x80, 0, 0]); // 2x2 screen, a global table of 2 colours
        gif.AddRange([0, 0, 0, 255, 255, 255]);
        gif.AddRange([0x21, 0xFF, 11, .. "NETSCAPE2.0"u8.ToArray(), 3, 1, 0, 0, 0]);
        foreach (int colour in new[] { 0, 1 })
        {
            gif.AddRange([0x21, 0xF9, 4, 0, 5, 0, 0, 0]); // graphic control: 50 ms
            gif.AddRange([0x2C, 0, 0, 0, 0, 2, 0, 2, 0, 0]);
            gif.Add(2);
            byte[] data = PackCodes([4, colour, colour, colour, colour, 5]);
            gif.Add((byte)data.Length);
            gif.AddRange(data);
            gif.Add(0);
        }

        gif.Add(0x3B);
        return [.. gif];
    }

    /// <summary>The photo with an EXIF block saying "rotate 90° clockwise to show" (orientation 6) put first.</summary>
    public static byte[] WithExifOrientation(byte[] jpeg, ushort orientation)
    {
        var tiff = new byte[] { (byte)'M', (byte)'M', 0, 42, 0, 0, 0, 8, 0, 1, 0x01, 0x12, 0, 3, 0, 0, 0, 1, 0, 0, 0, 0, 0, 0, 0, 0 };
        BinaryPrimitives.WriteUInt16BigEndian(tiff.AsSpan(18, 2), orientation);
        byte[] payload = [.. "Exif\0\0"u8.ToArray(), .. tiff];
        var segment = new byte[4 + payload.Length];
        segment[0] = 0xFF;
        segment[1] = 0xE1;
        BinaryPrimitives.WriteUInt16BigEndian(segment.AsSpan(2, 2), (ushort)(payload.Length + 2));
        payload.CopyTo(segment, 4);
        return [.. jpeg[..2], .. segment, .. jpeg[2..]];
    }

    private static byte[] PackCodes(int[] codes)
    {
        var bytes = new List<byte>();
        int buffer = 0, bits = 0;
        foreach (int code in codes)
        {
            buffer |= code << bits;
            bits += 3;
            while (bits >= 8)
            {
                bytes.Add((byte)buffer);
                buffer >>= 8;
                bits -= 8;
            }
        }

        if (bits > 0) bytes.Add((byte)buffer);
        return [.. bytes];
    }

    private delegate void RowWriter(int y, Span<byte> row);

    private static byte[] Png(int width, int height, byte bitDepth, byte colourType, RowWriter rows)
    {
        int channels = colourType == 2 ? 3 : 1;
        int rowBytes = width * channels * bitDepth / 8;
        using var idat = new MemoryStream();
        using (var zlib = new ZLibStream(idat, CompressionLevel.SmallestSize, leaveOpen: true))
        {
            var row = new byte[rowBytes + 1]; // filter byte 0 (none), then the samples
            for (int y = 0; y < height; y++)
            {
                rows(y, row.AsSpan(1));
                zlib.Write(row);
            }
        }

        var ihdr = new byte[13];
        BinaryPrimitives.WriteInt32BigEndian(ihdr.AsSpan(0, 4), width);
        BinaryPrimitives.WriteInt32BigEndian(ihdr.AsSpan(4, 4), height);
        ihdr[8] = bitDepth;
        ihdr[9] = colourType;
        using var png = new MemoryStream();
        png.Write([0x89, (byte)'P', (byte)'N', (byte)'G', 0x0D, 0x0A, 0x1A, 0x0A]);
        Chunk(png, "IHDR", ihdr);
        Chunk(png, "IDAT", idat.ToArray());
        Chunk(png, "IEND", []);
        return png.ToArray();
    }

    private static void Chunk(Stream png, string type, byte[] data)
    {
        Span<byte> word = stackalloc byte[4];
        BinaryPrimitives.WriteInt32BigEndian(word, data.Length);
        png.Write(word);
        byte[] typed = [.. Encoding.ASCII.GetBytes(type), .. data];
        png.Write(typed);
        BinaryPrimitives.WriteUInt32BigEndian(word, Crc32(typed));
        png.Write(word);
    }

    private static uint Crc32(byte[] bytes)
    {
        uint crc = 0xFFFFFFFF;
        foreach (byte b in bytes)
        {
            crc ^= b;
            for (int k = 0; k < 8; k++) crc = (crc & 1) != 0 ? 0xEDB88320 ^ (crc >> 1) : crc >> 1;
        }

        return ~crc;
    }
}
