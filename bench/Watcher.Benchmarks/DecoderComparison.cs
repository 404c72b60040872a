using BenchmarkDotNet.Attributes;
using NetVips;
using Watcher.Embedding.Decoding;
using Watcher.Embedding.Models;

namespace Watcher.Benchmarks;

/// <summary>
/// SkiaSharp (Watcher's decoder) against NetVips doing the same job: file bytes to a normalised
/// 224x224 tensor with resize-shorter-to-256 + centre crop, both using shrink-on-load / DCT scaling.
/// One operation = decoding the whole 200-image set on one thread.
/// </summary>
[MemoryDiagnoser]
public class DecoderComparison
{
    private static readonly Preprocess Spec = new()
    {
        ResizeShorterTo = 256,
        CropSize = 224,
        Mean = [0.485f, 0.456f, 0.406f],
        Std = [0.229f, 0.224f, 0.225f],
    };

    private byte[][] _files = [];
    private readonly float[] _tensor = new float[3 * 224 * 224];
    private ImageDecoder _skia = null!;
    private readonly float[] _lut = Enumerable.Range(0, 256).Select(v => v / 255f).ToArray();

    [Params("imagenette-val", "imagenet-sample")]
    public string Folder { get; set; } = "";

    [GlobalSetup]
    public void Setup()
    {
        var root = Path.Combine(SharedPaths.Data, Folder);
        _files = Directory.EnumerateFiles(root, "*", SearchOption.AllDirectories).Order(StringComparer.Ordinal)
            .Where((_, i) => i % 7 == 0).Take(200).Select(File.ReadAllBytes).ToArray();
        _skia = new ImageDecoder(Spec);
        NetVips.NetVips.Concurrency = 1; // one image per thread, as Watcher's workers use it
        Cache.Max = 0;
    }

    [GlobalCleanup]
    public void Cleanup() => _skia.Dispose();

    [Benchmark(Baseline = true)]
    public int SkiaSharp()
    {
        var ok = 0;
        foreach (var bytes in _files)
            if (_skia.Decode(bytes, _tensor).IsSuccess) ok++;
        return ok;
    }

    [Benchmark]
    public int NetVipsThumbnail()
    {
        var ok = 0;
        foreach (var bytes in _files)
        {
            // thumbnail: shrink-on-load, shorter side to 256, centre crop to 256x256; then the 224 crop.
            using var thumb = Image.ThumbnailBuffer(bytes, 256, height: 256, crop: Enums.Interesting.Centre);
            using var rgb = thumb.Bands >= 3 ? thumb.ExtractBand(0, 3) : thumb.Bandjoin(thumb, thumb);
            using var crop = rgb.ExtractArea((rgb.Width - 224) / 2, (rgb.Height - 224) / 2, 224, 224);
            var pixels = crop.WriteToMemory<byte>();
            const int plane = 224 * 224;
            for (var i = 0; i < plane; i++)
            {
                _tensor[i] = (_lut[pixels[3 * i]] - Spec.Mean[0]) / Spec.Std[0];
                _tensor[plane + i] = (_lut[pixels[3 * i + 1]] - Spec.Mean[1]) / Spec.Std[1];
                _tensor[2 * plane + i] = (_lut[pixels[3 * i + 2]] - Spec.Mean[2]) / Spec.Std[2];
            }
            ok++;
        }
        return ok;
    }
}
