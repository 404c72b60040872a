using SkiaSharp;
using Watcher.Embedding.Decoding;
using Watcher.Embedding.Tests.Support;

namespace Watcher.Embedding.Tests.Decoding;

public sealed class ImageDecoderOrientationTests : IDisposable
{
    private const int W = 96;
    private const int H = 64;
    private readonly ImageDecoder _decoder = new(TensorPixels.ImageNet);

    public void Dispose() => _decoder.Dispose();

    /// <summary>Upright picture: four coloured quadrants, so every flip and turn is visible.</summary>
    private static SKColor Upright(int x, int y) => (x < W / 2, y < H / 2) switch
    {
        (true, true) => SKColors.Red,
        (false, true) => SKColors.Blue,
        (true, false) => SKColors.Lime,
        _ => SKColors.Yellow,
    };

    // Stored pixel (x, y) for each EXIF orientation, written from the EXIF definition of each tag.
    private static (int Width, int Height, Func<int, int, SKColor> Pixel) Stored(ushort tag) => tag switch
    {
        1 => (W, H, (x, y) => Upright(x, y)),
        2 => (W, H, (x, y) => Upright(W - 1 - x, y)),
        3 => (W, H, (x, y) => Upright(W - 1 - x, H - 1 - y)),
        4 => (W, H, (x, y) => Upright(x, H - 1 - y)),
        5 => (H, W, (x, y) => Upright(y, x)),
        6 => (H, W, (x, y) => Upright(W - 1 - y, x)),
        7 => (H, W, (x, y) => Upright(W - 1 - y, H - 1 - x)),
        8 => (H, W, (x, y) => Upright(y, H - 1 - x)),
        _ => throw new ArgumentOutOfRangeException(nameof(tag)),
    };

    [Theory]
    [InlineData((ushort)1)]
    [InlineData((ushort)2)]
    [InlineData((ushort)3)]
    [InlineData((ushort)4)]
    [InlineData((ushort)5)]
    [InlineData((ushort)6)]
    [InlineData((ushort)7)]
    [InlineData((ushort)8)]
    public void Every_exif_orientation_comes_out_upright(ushort tag)
    {
        var (width, height, pixel) = Stored(tag);
        using var stored = new SKBitmap(width, height);
        for (var y = 0; y < height; y++)
            for (var x = 0; x < width; x++)
                stored.SetPixel(x, y, pixel(x, y));
        var jpeg = TestImages.WithExifOrientation(TestImages.Encode(stored, SKEncodedImageFormat.Jpeg, 100), tag);
        var tensor = new float[3 * 224 * 224];

        var result = _decoder.Decode(jpeg, tensor);

        result.IsSuccess.Should().BeTrue(result.ToString());
        (result.Width, result.Height).Should().Be((W, H), "the reported size is the upright size");
        Dominant(TensorPixels.At(tensor, 40, 40)).Should().Be("red");
        Dominant(TensorPixels.At(tensor, 184, 40)).Should().Be("blue");
        Dominant(TensorPixels.At(tensor, 40, 184)).Should().Be("green");
        Dominant(TensorPixels.At(tensor, 184, 184)).Should().Be("yellow");
    }

    [Fact]
    public void Real_photo_turned_sideways_with_a_tag_decodes_like_the_original()
    {
        var photo = Directory.GetFiles(Path.Combine(SharedData.ImagenetSample)).Order(StringComparer.Ordinal).First();
        using var original = TestImages.Load(photo);
        using var sideways = TestImages.RotateCounterClockwise(original);
        var tagged = TestImages.WithExifOrientation(TestImages.Encode(sideways, SKEncodedImageFormat.Jpeg, 98), 6);
        var untagged = TestImages.Encode(sideways, SKEncodedImageFormat.Jpeg, 98);
        var reference = new float[3 * 224 * 224];
        var fromTagged = new float[3 * 224 * 224];
        var fromUntagged = new float[3 * 224 * 224];

        _decoder.Decode(TestImages.Encode(original, SKEncodedImageFormat.Jpeg, 98), reference).IsSuccess.Should().BeTrue();
        _decoder.Decode(tagged, fromTagged).IsSuccess.Should().BeTrue();
        _decoder.Decode(untagged, fromUntagged).IsSuccess.Should().BeTrue();

        MeanAbsDiff(reference, fromTagged).Should().BeLessThan(0.1f);
        MeanAbsDiff(reference, fromUntagged).Should().BeGreaterThan(3 * MeanAbsDiff(reference, fromTagged), "ignoring the tag leaves the photo sideways");
    }

    private static float MeanAbsDiff(float[] a, float[] b) => a.Zip(b, (x, y) => Math.Abs(x - y)).Average();

    private static string Dominant((float R, float G, float B) p) => p switch
    {
        { R: > 0.7f, G: > 0.7f, B: < 0.3f } => "yellow",
        { R: > 0.7f, G: < 0.3f, B: < 0.3f } => "red",
        { R: < 0.3f, G: > 0.7f, B: < 0.3f } => "green",
        { R: < 0.3f, G: < 0.3f, B: > 0.7f } => "blue",
        _ => $"unclear {p}",
    };
}
