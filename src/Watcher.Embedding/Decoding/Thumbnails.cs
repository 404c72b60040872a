using SkiaSharp;

namespace Watcher.Embedding.Decoding;

/// <summary>
/// Decodes a review sample small enough for a contact sheet, upright per its EXIF orientation. A file that is
/// missing, unreadable or not an image gives null: one bad sample must never cost the whole report.
/// </summary>
public static class Thumbnails
{
    public static SKBitmap? Load(string path, int box)
    {
        try
        {
            using var stream = File.OpenRead(path);
            using var codec = SKCodec.Create(stream);
            if (codec is null) return null;
            var decoded = Decode(codec, box);
            return decoded is null ? null : Orient(decoded, codec.EncodedOrigin);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or ArgumentException or NotSupportedException)
        {
            return null;
        }
    }

    // JPEG decodes at 1/2, 1/4 or 1/8 scale almost for free, so a 12-megapixel photo never decodes in full.
    private static SKBitmap? Decode(SKCodec codec, int box)
    {
        var full = codec.Info;
        var scale = Math.Min(1f, box / (float)Math.Max(1, Math.Max(full.Width, full.Height)));
        var size = codec.GetScaledDimensions(scale);
        var info = new SKImageInfo(size.Width, size.Height, SKColorType.Rgba8888, SKAlphaType.Premul);
        var bitmap = new SKBitmap(info);
        var result = codec.GetPixels(info, bitmap.GetPixels());
        if (result is SKCodecResult.Success or SKCodecResult.IncompleteInput) return bitmap;
        bitmap.Dispose();
        if (size == full.Size) return null;
        // Some formats refuse a scaled decode: fall back to full size.
        var fullInfo = new SKImageInfo(full.Width, full.Height, SKColorType.Rgba8888, SKAlphaType.Premul);
        bitmap = new SKBitmap(fullInfo);
        result = codec.GetPixels(fullInfo, bitmap.GetPixels());
        if (result is SKCodecResult.Success or SKCodecResult.IncompleteInput) return bitmap;
        bitmap.Dispose();
        return null;
    }

    /// <summary>Redraws the stored pixels the way the camera meant them to be seen.</summary>
    public static SKBitmap Orient(SKBitmap source, SKEncodedOrigin origin)
    {
        if (origin == SKEncodedOrigin.TopLeft) return source;
        var matrix = Orientation.ToMatrix(origin, source.Width, source.Height);
        if (matrix == SKMatrix.Identity) return source;
        var swap = Orientation.IsSwapped(origin);
        var upright = new SKBitmap(new SKImageInfo(swap ? source.Height : source.Width, swap ? source.Width : source.Height, source.ColorType, source.AlphaType));
        using (var canvas = new SKCanvas(upright))
        {
            canvas.Clear(SKColors.Transparent);
            canvas.SetMatrix(matrix);
            using var image = SKImage.FromBitmap(source);
            // Nearest: these transforms land every pixel exactly on another, so no filtering is wanted.
            canvas.DrawImage(image, 0, 0, new SKSamplingOptions(SKFilterMode.Nearest), null);
        }
        source.Dispose();
        return upright;
    }
}
