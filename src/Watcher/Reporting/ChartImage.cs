using ScottPlot;
using SkiaSharp;

namespace Watcher.Reporting;

/// <summary>Shared chart look, and PNG output of one or more plots stacked in a single image.</summary>
internal static class ChartImage
{
    // Category10, the familiar qualitative palette, with its grey swapped for navy: grey is kept for unclustered
    // points. Past ten clusters the marker shape changes instead of falling back to near-identical hues, so
    // 10 colours x 5 shapes tell 50 clusters apart.
    private static readonly Color[] Palette = Color.FromHex(
        ["#1f77b4", "#ff7f0e", "#2ca02c", "#d62728", "#9467bd", "#8c564b", "#e377c2", "#000075", "#bcbd22", "#17becf"]);

    private static readonly MarkerShape[] Shapes =
        [MarkerShape.FilledCircle, MarkerShape.FilledSquare, MarkerShape.FilledTriangleUp, MarkerShape.FilledDiamond, MarkerShape.FilledTriangleDown];

    public static Color Known { get; } = Color.FromHex("#1f77b4");

    public static Color Unknown { get; } = Color.FromHex("#d62728");

    public static Color Highlight { get; } = Color.FromHex("#d62728");

    public static Color Muted { get; } = Color.FromHex("#a8a8a8");

    public static (Color Color, MarkerShape Shape) Series(int index)
    {
        var i = Math.Abs(index);
        return (Palette[i % Palette.Length], Shapes[i / Palette.Length % Shapes.Length]);
    }

    public static Plot NewPlot(string title)
    {
        var plot = new Plot();
        ReportFonts.Apply(plot);
        plot.Title(title, size: 18);
        plot.Legend.FontSize = 13;
        return plot;
    }

    /// <summary>Writes the plots top to bottom, sharing the width, with the given pixel heights.</summary>
    public static void SavePng(string path, int width, IReadOnlyList<(Plot Plot, int Height)> panels)
    {
        var height = panels.Sum(p => p.Height);
        using var surface = NewSurface(width, height);
        surface.Canvas.Clear(SKColors.White);
        var top = 0;
        foreach (var (plot, panelHeight) in panels)
        {
            // Each plot gets its own surface: rendering straight into a shared canvas clears what the
            // panels above it drew.
            using var panel = NewSurface(width, panelHeight);
            plot.Render(panel);
            using var snapshot = panel.Snapshot();
            surface.Canvas.DrawImage(snapshot, 0, top, new SKSamplingOptions(SKFilterMode.Nearest), null);
            top += panelHeight;
        }
        using var image = surface.Snapshot();
        using var png = image.Encode(SKEncodedImageFormat.Png, 100);
        WritePng(path, png);
    }

    public static SKSurface NewSurface(int width, int height) =>
        SKSurface.Create(new SKImageInfo(width, height, SKColorType.Rgba8888, SKAlphaType.Premul))
            ?? throw new InvalidOperationException($"Cannot allocate a {width}x{height} canvas");

    public static void WritePng(string path, SKData png)
    {
        using var file = File.Create(path);
        png.SaveTo(file);
    }

    /// <summary>A centred note in place of data, so an empty input still gives a readable chart.</summary>
    public static void AddNote(Plot plot, string text)
    {
        var note = plot.Add.Text(text, 0.5, 0.5);
        note.Alignment = Alignment.MiddleCenter;
        note.LabelFontSize = 18;
        note.LabelFontColor = Muted;
        plot.Axes.SetLimits(0, 1, 0, 1);
    }

    /// <summary>Shortens a label to at most <paramref name="max"/> characters for legends.</summary>
    public static string Clip(string text, int max) => text.Length <= max ? text : string.Concat(text.AsSpan(0, max - 1), "…");
}
