using System.Globalization;
using SkiaSharp;
using Watcher.Embedding.Decoding;

namespace Watcher.Reporting;

/// <summary>
/// clusters/cluster-NN.png: a cluster's review samples as ~200 px thumbnails in a row under a caption bar
/// ("cluster NN · name" / "size N · majority truth · purity"), so a person can judge a cluster at a glance.
/// </summary>
internal static class ContactSheet
{
    public const int Cell = 200;
    public const int Gap = 8;
    public const int CaptionHeight = 56;

    private static readonly SKColor CaptionBackground = new(0x26, 0x32, 0x38);
    private static readonly SKColor CellBackground = new(0xee, 0xee, 0xee);
    private static readonly SKColor PlaceholderBackground = new(0xbd, 0xbd, 0xbd);

    /// <summary>Two digits at least, so sheets sort by id in a file listing; noise-like negative ids read "n01".</summary>
    public static string IdText(int id) =>
        id >= 0 ? id.ToString("00", CultureInfo.InvariantCulture) : "n" + (-(long)id).ToString("00", CultureInfo.InvariantCulture);

    public static string FileName(int id) => $"cluster-{IdText(id)}.png";

    public static (int Width, int Height) SizeFor(int samples)
    {
        var cells = Math.Max(1, samples);
        return (Gap + cells * (Cell + Gap), CaptionHeight + Gap + Cell + Gap);
    }

    public static void Save(ClusterCard card, string path)
    {
        var (width, height) = SizeFor(card.SamplePaths.Count);
        using var surface = ChartImage.NewSurface(width, height);
        var canvas = surface.Canvas;
        canvas.Clear(SKColors.White);
        DrawCaption(canvas, card, width);
        if (card.SamplePaths.Count == 0)
        {
            DrawPlaceholder(canvas, CellRect(0), "no samples");
        }
        for (var i = 0; i < card.SamplePaths.Count; i++)
        {
            DrawThumbnail(canvas, CellRect(i), card.SamplePaths[i]);
        }
        using var image = surface.Snapshot();
        using var png = image.Encode(SKEncodedImageFormat.Png, 100);
        ChartImage.WritePng(path, png);
    }

    public static string Caption(ClusterCard card) =>
        $"size {card.Size.ToString(CultureInfo.InvariantCulture)} · majority {(card.MajorityTruth.Length > 0 ? card.MajorityTruth : "unlabelled")} · purity {Percent(card.Purity)}";

    public static string Percent(double share) =>
        double.IsFinite(share) ? share.ToString("0.0%", CultureInfo.InvariantCulture) : "n/a";

    private static SKRect CellRect(int index)
    {
        var left = Gap + index * (Cell + Gap);
        var top = CaptionHeight + Gap;
        return new SKRect(left, top, left + Cell, top + Cell);
    }

    private static void DrawCaption(SKCanvas canvas, ClusterCard card, int width)
    {
        using var background = new SKPaint { Color = CaptionBackground };
        canvas.DrawRect(0, 0, width, CaptionHeight, background);
        using var text = new SKPaint { Color = SKColors.White, IsAntialias = true };
        using var title = new SKFont(ReportFonts.Bold, 17);
        using var detail = new SKFont(ReportFonts.Regular, 14);
        var maxWidth = width - 2 * Gap;
        var name = card.Name.Length > 0 ? card.Name : "unnamed";
        canvas.DrawText(Fit($"cluster {IdText(card.Id)} · {name}", title, maxWidth), Gap, 23, SKTextAlign.Left, title, text);
        text.Color = new SKColor(0xcf, 0xd8, 0xdc);
        canvas.DrawText(Fit(Caption(card), detail, maxWidth), Gap, 46, SKTextAlign.Left, detail, text);
    }

    private static void DrawThumbnail(SKCanvas canvas, SKRect cell, string path)
    {
        using var bitmap = Thumbnails.Load(path, Cell);
        if (bitmap is null)
        {
            DrawPlaceholder(canvas, cell, "unreadable");
            return;
        }
        using var background = new SKPaint { Color = CellBackground };
        canvas.DrawRect(cell, background);
        // Fit inside the square cell, keeping the aspect ratio, centred.
        var scale = Math.Min(cell.Width / bitmap.Width, cell.Height / bitmap.Height);
        var w = bitmap.Width * scale;
        var h = bitmap.Height * scale;
        var target = SKRect.Create(cell.MidX - w / 2, cell.MidY - h / 2, w, h);
        using var image = SKImage.FromBitmap(bitmap);
        canvas.DrawImage(image, target, new SKSamplingOptions(SKFilterMode.Linear, SKMipmapMode.Linear));
    }

    private static void DrawPlaceholder(SKCanvas canvas, SKRect cell, string label)
    {
        using var background = new SKPaint { Color = PlaceholderBackground };
        canvas.DrawRect(cell, background);
        using var text = new SKPaint { Color = new SKColor(0x42, 0x42, 0x42), IsAntialias = true };
        using var font = new SKFont(ReportFonts.Regular, 18);
        canvas.DrawText(label, cell.MidX, cell.MidY + 6, SKTextAlign.Center, font, text);
    }

    /// <summary>Cuts text with an ellipsis until it fits <paramref name="maxWidth"/> pixels.</summary>
    internal static string Fit(string text, SKFont font, float maxWidth)
    {
        if (font.MeasureText(text) <= maxWidth) return text;
        int low = 0, high = text.Length;
        while (low < high)
        {
            var mid = (low + high + 1) / 2;
            if (font.MeasureText(string.Concat(text.AsSpan(0, mid), "…")) <= maxWidth) low = mid;
            else high = mid - 1;
        }
        return string.Concat(text.AsSpan(0, low), "…");
    }
}
