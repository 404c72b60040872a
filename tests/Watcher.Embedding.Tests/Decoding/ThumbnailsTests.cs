using SkiaSharp;
using Watcher.Embedding.Decoding;

namespace Watcher.Embedding.Tests.Decoding;

public sealed class ThumbnailsTests : IDisposable
{
    private readonly TempFolder _temp = new();

    public void Dispose() => _temp.Dispose();

    [Fact]
    public void Exif_rotation_is_applied_so_the_thumbnail_stands_upright()
    {
        // Stored landscape, left half red and right half blue, tagged "rotate 90° clockwise to view" (orientation 6):
        // upright it is portrait, red on top.
        var path = _temp.Write("rotated.jpg", WithExifOrientation(TwoColourJpeg(200, 100), 6));

        using var thumb = Thumbnails.Load(path, 200);

        thumb.Should().NotBeNull();
        (thumb!.Width, thumb.Height).Should().Be((100, 200));
        IsRed(thumb.GetPixel(50, 20)).Should().BeTrue();
        IsBlue(thumb.GetPixel(50, 180)).Should().BeTrue();
    }

    [Theory]
    [InlineData(1, 200, 100, true)]   // as stored: red left
    [InlineData(3, 200, 100, false)]  // rotated 180°: red right
    [InlineData(8, 100, 200, false)]  // rotated 90° anticlockwise: red at the bottom
    public void Each_orientation_puts_the_red_half_where_it_belongs(int orientation, int width, int height, bool redFirst)
    {
        var path = _temp.Write($"o{orientation}.jpg", WithExifOrientation(TwoColourJpeg(200, 100), (byte)orientation));

        using var thumb = Thumbnails.Load(path, 200)!;

        (thumb.Width, thumb.Height).Should().Be((width, height));
        var first = width > height ? thumb.GetPixel(20, height / 2) : thumb.GetPixel(width / 2, 20);
        IsRed(first).Should().Be(redFirst);
    }

    [Fact]
    public void Missing_garbage_and_folder_paths_give_null_instead_of_throwing()
    {
        var garbage = _temp.Write("notes.jpg", "not a photo at all"u8.ToArray());

        Thumbnails.Load(Path.Combine(_temp.Path, "nope.jpg"), 200).Should().BeNull();
        Thumbnails.Load(garbage, 200).Should().BeNull();
        Thumbnails.Load(_temp.Path, 200).Should().BeNull();
        Thumbnails.Load("", 200).Should().BeNull();
    }

    [Fact]
    public void Large_photos_are_decoded_scaled_down()
    {
        var photo = SharedData.Sample(SharedData.Imagenette, 1)[0].Path;
        using var full = SKBitmap.Decode(photo);

        using var thumb = Thumbnails.Load(photo, 100)!;

        Math.Max(thumb.Width, thumb.Height).Should().BeLessThan(Math.Max(full.Width, full.Height)).And.BeGreaterThanOrEqualTo(100);
    }

    private static bool IsRed(SKColor c) => c.Red > 200 && c.Blue < 60;

    private static bool IsBlue(SKColor c) => c.Blue > 200 && c.Red < 60;

    private static byte[] TwoColourJpeg(int width, int height)
    {
        using var surface = SKSurface.Create(new SKImageInfo(width, height))!;
        using var red = new SKPaint { Color = SKColors.Red };
        using var blue = new SKPaint { Color = SKColors.Blue };
        surface.Canvas.DrawRect(0, 0, width / 2f, height, red);
        surface.Canvas.DrawRect(width / 2f, 0, width / 2f, height, blue);
        using var image = surface.Snapshot();
        using var data = image.Encode(SKEncodedImageFormat.Jpeg, 95);
        return data.ToArray();
    }

    /// <summary>Inserts a minimal EXIF APP1 segment (one IFD entry: Orientation) right after the JPEG's SOI marker.</summary>
    private static byte[] WithExifOrientation(byte[] jpeg, byte orientation)
    {
        byte[] app1 =
        [
            0xFF, 0xE1, 0x00, 0x22,                         // APP1, length 34
            (byte)'E', (byte)'x', (byte)'i', (byte)'f', 0, 0,
            (byte)'M', (byte)'M', 0x00, 0x2A, 0, 0, 0, 8,   // big-endian TIFF header, IFD at offset 8
            0x00, 0x01,                                     // one entry
            0x01, 0x12, 0x00, 0x03, 0, 0, 0, 1, 0x00, orientation, 0, 0, // Orientation, SHORT, count 1
            0, 0, 0, 0,                                     // no next IFD
        ];
        return [.. jpeg.AsSpan(0, 2), .. app1, .. jpeg.AsSpan(2)];
    }
}
