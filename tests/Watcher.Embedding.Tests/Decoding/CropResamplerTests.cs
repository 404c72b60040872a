using Watcher.Embedding.Decoding;
using Watcher.Embedding.Models;
using Watcher.Embedding.Tests.Support;

namespace Watcher.Embedding.Tests.Decoding;

public sealed class CropResamplerTests
{
    private static readonly Preprocess Identity = new()
    {
        ResizeShorterTo = 4,
        CropSize = 4,
        Mean = [0f, 0f, 0f],
        Std = [1f, 1f, 1f],
    };

    private static byte[] Opaque(int w, int h, Func<int, int, (byte R, byte G, byte B)> pixel)
    {
        var rgba = new byte[w * h * 4];
        for (var y = 0; y < h; y++)
            for (var x = 0; x < w; x++)
            {
                var (r, g, b) = pixel(x, y);
                var o = (y * w + x) * 4;
                (rgba[o], rgba[o + 1], rgba[o + 2], rgba[o + 3]) = (r, g, b, 255);
            }
        return rgba;
    }

    [Fact]
    public void Same_size_copies_pixels_exactly()
    {
        var rgba = Opaque(4, 4, (x, y) => ((byte)(x * 60), (byte)(y * 60), 7));
        var tensor = new float[3 * 16];

        new CropResampler(Identity).Resample(rgba, 4, 4, 4, 4, tensor);

        for (var y = 0; y < 4; y++)
            for (var x = 0; x < 4; x++)
            {
                tensor[y * 4 + x].Should().BeApproximately(x * 60 / 255f, 1e-6f);
                tensor[16 + y * 4 + x].Should().BeApproximately(y * 60 / 255f, 1e-6f);
                tensor[32 + y * 4 + x].Should().BeApproximately(7 / 255f, 1e-6f);
            }
    }

    [Theory]
    [InlineData(Interpolation.Bilinear, 640, 480)]
    [InlineData(Interpolation.Bicubic, 640, 480)]
    [InlineData(Interpolation.Bilinear, 100, 3000)]
    [InlineData(Interpolation.Bicubic, 57, 57)]
    public void Flat_colour_stays_flat_at_any_scale(Interpolation interpolation, int w, int h)
    {
        var spec = TensorPixels.ImageNet with { Interpolation = interpolation };
        var tensor = new float[3 * 224 * 224];

        new CropResampler(spec).Resample(Opaque(w, h, (_, _) => (200, 100, 50)), w, h, w, h, tensor);

        TensorPixels.At(tensor, 0, 0, spec).R.Should().BeApproximately(200 / 255f, 1e-4f);
        TensorPixels.At(tensor, 223, 223, spec).G.Should().BeApproximately(100 / 255f, 1e-4f);
        TensorPixels.At(tensor, 111, 57, spec).B.Should().BeApproximately(50 / 255f, 1e-4f);
    }

    [Fact]
    public void Bgr_models_get_blue_in_the_first_plane()
    {
        var spec = Identity with { ChannelOrder = ChannelOrder.Bgr };
        var tensor = new float[3 * 16];

        new CropResampler(spec).Resample(Opaque(4, 4, (_, _) => (255, 0, 0)), 4, 4, 4, 4, tensor);

        tensor[0].Should().Be(0f);
        tensor[32].Should().Be(1f);
    }

    [Fact]
    public void Downscale_is_antialiased_like_torchvision()
    {
        // One-pixel stripes average to grey when shrunk 8x; plain bilinear sampling would alias to black or white.
        var tensor = new float[3 * 224 * 224];
        const int side = 2048;
        new CropResampler(TensorPixels.ImageNet).Resample(Opaque(side, side, (x, _) => x % 2 == 0 ? ((byte)0, (byte)0, (byte)0) : ((byte)255, (byte)255, (byte)255)),
            side, side, side, side, tensor);

        TensorPixels.At(tensor, 100, 100).R.Should().BeApproximately(0.5f, 0.02f);
    }

    [Fact]
    public void Reduced_decode_maps_the_crop_by_the_full_size()
    {
        // A 1000x500 photo decoded at 1/2 (500x250): left third red. The crop must be located on the full size.
        var tensor = new float[3 * 224 * 224];
        var reduced = Opaque(500, 250, (x, _) => x < 250 ? ((byte)255, (byte)0, (byte)0) : ((byte)0, (byte)0, (byte)255));

        new CropResampler(TensorPixels.ImageNet).Resample(reduced, 500, 250, 1000, 500, tensor);

        // Resized to 512x256, crop x 144..368: the red/blue edge (x = 256) falls at crop column 112.
        TensorPixels.At(tensor, 105, 100).R.Should().BeGreaterThan(0.95f);
        TensorPixels.At(tensor, 119, 100).B.Should().BeGreaterThan(0.95f);
    }
}
