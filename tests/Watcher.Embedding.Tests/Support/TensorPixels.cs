using Watcher.Embedding.Models;

namespace Watcher.Embedding.Tests.Support;

/// <summary>Reads an RGB pixel (0..1) back out of a normalised NCHW tensor slot.</summary>
public static class TensorPixels
{
    public static readonly Preprocess ImageNet = new()
    {
        ResizeShorterTo = 256,
        CropSize = 224,
        Mean = [0.485f, 0.456f, 0.406f],
        Std = [0.229f, 0.224f, 0.225f],
    };

    public static (float R, float G, float B) At(float[] tensor, int x, int y, Preprocess? spec = null)
    {
        spec ??= ImageNet;
        var c = spec.CropSize;
        float Channel(int ch) => tensor[ch * c * c + y * c + x] * spec.Std[ch] + spec.Mean[ch];
        return (Channel(0), Channel(1), Channel(2));
    }
}
