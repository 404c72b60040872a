using SkiaSharp;

namespace Watcher.Tests.Reporting;

/// <summary>Decodes a written PNG and says whether it holds a picture rather than a blank canvas.</summary>
internal static class PngCheck
{
    public static SKBitmap Decode(string path)
    {
        var bitmap = SKBitmap.Decode(path);
        bitmap.Should().NotBeNull($"{path} should decode as an image");
        return bitmap!;
    }

    public static int DistinctColours(SKBitmap bitmap, int step = 3)
    {
        var colours = new HashSet<SKColor>();
        for (var y = 0; y < bitmap.Height; y += step)
        {
            for (var x = 0; x < bitmap.Width; x += step) colours.Add(bitmap.GetPixel(x, y));
        }
        return colours.Count;
    }

    /// <summary>Share of sampled pixels in the area that are not plain white: a chart is mostly, but not all, white.</summary>
    public static double Inked(SKBitmap bitmap, SKRectI area, int step = 3)
    {
        int inked = 0, total = 0;
        for (var y = area.Top; y < area.Bottom; y += step)
        {
            for (var x = area.Left; x < area.Right; x += step)
            {
                total++;
                if (bitmap.GetPixel(x, y) != SKColors.White) inked++;
            }
        }
        return inked / (double)total;
    }

    /// <summary>Distinct colours inside a rectangle: about 1 for a flat placeholder, hundreds for a photo.</summary>
    public static int DistinctColours(SKBitmap bitmap, SKRectI area)
    {
        var colours = new HashSet<SKColor>();
        for (var y = area.Top; y < area.Bottom; y += 2)
        {
            for (var x = area.Left; x < area.Right; x += 2) colours.Add(bitmap.GetPixel(x, y));
        }
        return colours.Count;
    }
}
