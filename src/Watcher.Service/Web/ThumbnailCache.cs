using SkiaSharp;
using Watcher.Catalog;
using Watcher.Embedding.Decoding;

namespace Watcher.Service.Web;

/// <summary>
/// Small JPEGs for the review page, made once per image and kept in data/thumbs/, named by the
/// image's SHA-256: the same bytes filed twice share one thumbnail, and a thumbnail never goes
/// stale when its image moves.
/// </summary>
public sealed class ThumbnailCache(string dataDir)
{
    public const int Size = 256;
    private readonly string _dir = Path.Combine(dataDir, "thumbs");

    /// <summary>The thumbnail's path, made now if needed; null when the image cannot be read.</summary>
    public string? Get(ImageRecord image)
    {
        ArgumentNullException.ThrowIfNull(image);
        if (image.Sha256.Length < 2 || !image.Sha256.All(char.IsAsciiHexDigit))
        {
            return null;
        }

        string path = Path.Combine(_dir, image.Sha256[..2], image.Sha256 + ".jpg");
        if (File.Exists(path))
        {
            return path;
        }

        using SKBitmap? bitmap = Thumbnails.Load(image.CurrentPath, Size);
        if (bitmap is null)
        {
            return null;
        }

        using SKData jpeg = bitmap.Encode(SKEncodedImageFormat.Jpeg, 82);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);

        // Two requests for one new thumbnail may race: each writes its own file and the renames
        // replace one finished file with an identical one.
        string temp = $"{path}.{Guid.NewGuid():N}.tmp";
        using (FileStream stream = File.Create(temp))
        {
            jpeg.SaveTo(stream);
        }

        File.Move(temp, path, overwrite: true);
        return path;
    }
}
