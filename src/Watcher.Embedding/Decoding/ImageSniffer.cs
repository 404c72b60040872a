namespace Watcher.Embedding.Decoding;

/// <summary>
/// Reads magic numbers so that a file the codec rejects can be told apart: a damaged photo
/// ("corrupt") from a text file named .jpg ("not an image") or a format we do not decode.
/// </summary>
internal static class ImageSniffer
{
    public enum Kind
    {
        Unknown,
        Jpeg,
        Png,
        Gif,
        Bmp,
        WebP,
        Unsupported,
    }

    public static Kind Detect(ReadOnlySpan<byte> head)
    {
        if (head.Length >= 3 && head[0] == 0xFF && head[1] == 0xD8 && head[2] == 0xFF) return Kind.Jpeg;
        if (head.StartsWith((ReadOnlySpan<byte>)[0x89, (byte)'P', (byte)'N', (byte)'G'])) return Kind.Png;
        if (head.StartsWith("GIF8"u8)) return Kind.Gif;
        if (head.StartsWith("BM"u8) && head.Length >= 14) return Kind.Bmp;
        if (head.Length >= 12 && head.StartsWith("RIFF"u8) && head.Slice(8, 4).SequenceEqual("WEBP"u8)) return Kind.WebP;
        // HEIF/AVIF ("ftyp" box) and TIFF are images, but not ones this build decodes.
        if (head.Length >= 12 && head.Slice(4, 4).SequenceEqual("ftyp"u8)) return Kind.Unsupported;
        if (head.StartsWith("II*\0"u8) || head.StartsWith("MM\0*"u8)) return Kind.Unsupported;
        return Kind.Unknown;
    }
}
