using System.Globalization;
using SkiaSharp;
using Watcher.Embedding.Decoding;

namespace Watcher.Reporting;

/// <summary>
/// clusters/cluster-NN.png: a cluster's review samples as ~200 px thumbnails in a row under a caption bar
/// ("cluster NN · name" / "size N · majority truth · purity"), so a person can judge a cluster at a glance.
/// `watcher review` draws its sheets with the same look through <see cref="SheetContent"/>: a grid, and numbered
/// cells where a person picks images by number.
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

    public static (int Width, int Height) SizeFor(int samples) => SizeFor(samples, samples);

    /// <summary>The sheet's size for this many cells laid out in rows of <paramref name="columns"/>.</summary>
    public static (int Width, int Height) SizeFor(int cells, int columns)
    {
        var count = Math.Max(1, cells);
        var perRow = Math.Clamp(columns, 1, count);
        var rows = (count + perRow - 1) / perRow;
        return (Gap + perRow * (Cell + Gap), CaptionHeight + Gap + rows * (Cell + Gap));
    }

    public static void Save(ClusterCard card, string path)
    {
        var name = card.Name.Length > 0 ? card.Name : "unnamed";
        Save(new SheetContent($"cluster {IdText(card.Id)} · {name}", Caption(card), card.SamplePaths), path);
    }

    public static void Save(SheetContent content, string path)
    {
        var paths = content.Paths;
        var columns = content.Columns > 0 ? content.Columns : Math.Max(1, paths.Count);
        var (width, height) = SizeFor(paths.Count, columns);
        using var surface = ChartImage.NewSurface(width, height);
        var canvas = surface.Canvas;
        canvas.Clear(SKColors.White);
        DrawCaption(canvas, content.Title, content.Detail, width);
        if (paths.Count == 0)
        {
            DrawPlaceholder(canvas, CellRect(0, columns), "no samples");
        }
        for (var i = 0; i < paths.Count; i++)
        {
            var cell = CellRect(i, columns);
            DrawThumbnail(canvas, cell, paths[i]);
            if (content.Numbered) DrawNumber(canvas, cell, i + 1);
        }
        using var image = surface.Snapshot();
        using var png = image.Encode(SKEncodedImageFormat.Png, 100);
        ChartImage.WritePng(path, png);
    }

    public static string Caption(ClusterCard card) =>
        $"size {card.Size.ToString(CultureInfo.InvariantCulture)} · majority {(card.MajorityTruth.Length > 0 ? card.MajorityTruth : "unlabelled")} · purity {Percent(card.Purity)}";

    public static string Percent(double share) =>
        double.IsFinite(share) ? share.ToString("0.0%", CultureInfo.InvariantCulture) : "n/a";

    private static SKRect CellRect(int index, int columns)
    {
        var left = Gap + index % columns * (Cell + Gap);
        var top = CaptionHeight + Gap + index / columns * (Cell + Gap);
        return new SKRect(left, top, left + Cell, top + Cell);
    }

    private static void DrawCaption(SKCanvas canvas, string title, string detail, int width)
    {
        using var background = new SKPaint { Color = CaptionBackground };
        canvas.DrawRect(0, 0, width, CaptionHeight, background);
        using var text = new SKPaint { Color = SKColors.White, IsAntialias = true };
        using var titleFont = new SKFont(ReportFonts.Bold, 17);
        using var detailFont = new SKFont(ReportFonts.Regular, 14);
        var maxWidth = width - 2 * Gap;
        canvas.DrawText(Fit(title, titleFont, maxWidth), Gap, 23, SKTextAlign.Left, titleFont, text);
        text.Color = new SKColor(0xcf, 0xd8, 0xdc);
        canvas.DrawText(Fit(detail, detailFont, maxWidth), Gap, 46, SKTextAlign.Left, detailFont, text);
    }

    // A dark badge in the cell's corner: the number a person types to pick the image, readable on any photo.
    private static void DrawNumber(SKCanvas canvas, SKRect cell, int number)
    {
        using var font = new SKFont(ReportFonts.Bold, 20);
        var label = number.ToString(CultureInfo.InvariantCulture);
        var badge = SKRect.Create(cell.Left, cell.Top, Math.Max(30, font.MeasureText(label) + 14), 30);
        using var background = new SKPaint { Color = CaptionBackground.WithAlpha(0xe0), IsAntialias = true };
        canvas.DrawRoundRect(badge, 4, 4, background);
        using var text = new SKPaint { Color = SKColors.White, IsAntialias = true };
        canvas.DrawText(label, badge.MidX, badge.Top + 22, SKTextAlign.Center, font, text);
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

/// <summary>
/// A contact sheet of any images: caption lines, the image paths in cell order, cells per row (0: all in one
/// row) and whether each cell carries its 1-based number.
/// </summary>
internal sealed record SheetContent(string Title, string Detail, IReadOnlyList<string> Paths, int Columns = 0, bool Numbered = false);
