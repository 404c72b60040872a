using Watcher.Embedding.Models;

namespace Watcher.Embedding.Decoding;

/// <summary>
/// Filter taps for one axis of a resize-then-crop, computed the way PIL (and so torchvision's
/// default preprocessing) does: the filter is stretched by the scale when shrinking, which is what
/// makes a downscale antialiased. Only the cropped output positions are produced.
/// </summary>
internal sealed class AxisTaps
{
    public int[] Start { get; }
    public int[] Count { get; }
    /// <summary>Row-major [output, MaxTaps] weights, each row summing to 1.</summary>
    public float[] Weights { get; }
    public int MaxTaps { get; }
    /// <summary>Smallest and one past the largest source index any output reads.</summary>
    public int SourceLow { get; }
    public int SourceHigh { get; }

    public AxisTaps(int inSize, int resizedSize, int cropOffset, int cropSize, Interpolation interpolation)
    {
        var scale = (double)inSize / resizedSize;
        var filterScale = Math.Max(scale, 1.0);
        var support = Support(interpolation) * filterScale;
        MaxTaps = (int)Math.Ceiling(support) * 2 + 1;
        Start = new int[cropSize];
        Count = new int[cropSize];
        Weights = new float[cropSize * MaxTaps];
        SourceLow = int.MaxValue;
        var tmp = new double[MaxTaps];
        for (var o = 0; o < cropSize; o++)
        {
            var center = (cropOffset + o + 0.5) * scale;
            var min = Math.Max((int)(center - support + 0.5), 0);
            var max = Math.Min((int)(center + support + 0.5), inSize);
            var n = Math.Min(max - min, MaxTaps);
            var sum = 0.0;
            for (var k = 0; k < n; k++)
            {
                tmp[k] = Filter(interpolation, (k + min - center + 0.5) / filterScale);
                sum += tmp[k];
            }
            for (var k = 0; k < n; k++) Weights[o * MaxTaps + k] = (float)(sum != 0 ? tmp[k] / sum : 0);
            Start[o] = min;
            Count[o] = n;
            SourceLow = Math.Min(SourceLow, min);
            SourceHigh = Math.Max(SourceHigh, min + n);
        }
    }

    private static double Support(Interpolation i) => i == Interpolation.Bicubic ? 2.0 : 1.0;

    private static double Filter(Interpolation i, double x)
    {
        x = Math.Abs(x);
        if (i == Interpolation.Bilinear) return x < 1 ? 1 - x : 0;
        const double a = -0.5; // PIL's bicubic
        if (x < 1) return ((a + 2) * x - (a + 3)) * x * x + 1;
        if (x < 2) return (((x - 5) * x + 8) * x - 4) * a;
        return 0;
    }
}
