using SkiaSharp;
using Watcher.Embedding.Decoding;
using Watcher.Embedding.Tests.Support;

namespace Watcher.Embedding.Tests.Decoding;

public sealed class ImageDecoderFormatTests : IDisposable
{
    private readonly ImageDecoder _decoder = new(TensorPixels.ImageNet);
    private readonly float[] _tensor = new float[3 * 224 * 224];
    private readonly TempFolder _temp = new();

    public void Dispose()
    {
        _decoder.Dispose();
        _temp.Dispose();
    }

    [Theory]
    [InlineData("cmyk.jpg")]
    [InlineData("rgb16.png")]
    [InlineData("upright.bmp")]
    [InlineData("upright.webp")]
    public void Fixture_decodes_with_red_left_and_blue_right(string name)
    {
        var result = _decoder.DecodeFile(TestImages.Fixture(name), _tensor);

        result.IsSuccess.Should().BeTrue(result.ToString());
        (result.Width, result.Height).Should().Be((96, 64));
        AssertRedLeftBlueRight();
    }

    [Theory]
    [InlineData(SKEncodedImageFormat.Png)]
    [InlineData(SKEncodedImageFormat.Jpeg)]
    [InlineData(SKEncodedImageFormat.Webp)]
    public void Encoded_in_code_decodes_with_red_left_and_blue_right(SKEncodedImageFormat format)
    {
        using var bitmap = TestImages.RedBlue();
        var result = _decoder.Decode(TestImages.Encode(bitmap, format, 100), _tensor);

        result.IsSuccess.Should().BeTrue(result.ToString());
        AssertRedLeftBlueRight();
    }

    [Fact]
    public void Grayscale_jpeg_fills_all_three_channels_alike()
    {
        _decoder.DecodeFile(TestImages.Fixture("gray.jpg"), _tensor).IsSuccess.Should().BeTrue();

        var (r, g, b) = TensorPixels.At(_tensor, 30, 112);
        r.Should().BeApproximately(g, 0.01f);
        g.Should().BeApproximately(b, 0.01f);
        var (r2, _, _) = TensorPixels.At(_tensor, 194, 112);
        Math.Abs(r - r2).Should().BeGreaterThan(0.05f, "red and blue have different grey levels");
    }

    [Fact]
    public void Animated_gif_uses_the_first_frame()
    {
        _decoder.DecodeFile(TestImages.Fixture("animated.gif"), _tensor).IsSuccess.Should().BeTrue();

        var (r, _, b) = TensorPixels.At(_tensor, 112, 112);
        r.Should().BeGreaterThan(0.9f);
        b.Should().BeLessThan(0.1f);
    }

    [Fact]
    public void Transparent_pixels_become_white()
    {
        using var bitmap = new SKBitmap(new SKImageInfo(64, 64, SKColorType.Rgba8888, SKAlphaType.Unpremul));
        bitmap.Erase(new SKColor(0, 0, 0, 0));
        _decoder.Decode(TestImages.Encode(bitmap, SKEncodedImageFormat.Png), _tensor).IsSuccess.Should().BeTrue();

        var (r, g, b) = TensorPixels.At(_tensor, 100, 100);
        (r, g, b).Should().Be((1f, 1f, 1f), "a transparent image should read as white paper, not black");
    }

    [Fact]
    public void One_pixel_image_decodes()
    {
        using var bitmap = new SKBitmap(1, 1);
        bitmap.SetPixel(0, 0, SKColors.Lime);
        var result = _decoder.Decode(TestImages.Encode(bitmap, SKEncodedImageFormat.Png), _tensor);

        result.IsSuccess.Should().BeTrue();
        TensorPixels.At(_tensor, 0, 0).G.Should().BeApproximately(1f, 0.01f);
    }

    private void AssertRedLeftBlueRight()
    {
        var left = TensorPixels.At(_tensor, 30, 112);
        var right = TensorPixels.At(_tensor, 194, 112);
        left.R.Should().BeGreaterThan(0.8f);
        left.B.Should().BeLessThan(0.25f);
        right.B.Should().BeGreaterThan(0.8f);
        right.R.Should().BeLessThan(0.25f);
    }
}
