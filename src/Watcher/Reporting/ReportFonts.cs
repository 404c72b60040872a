using SkiaSharp;

namespace Watcher.Reporting;

/// <summary>
/// The typefaces charts and contact sheets draw text with. The Linux SkiaSharp native build we ship has no
/// fontconfig, so its default typeface has no glyphs and every label would silently vanish: we load a font
/// file ourselves, and fall back to the platform default (which works on Windows and macOS).
/// </summary>
internal static class ReportFonts
{
    /// <summary>The family name the font files are registered under in ScottPlot.</summary>
    public const string Family = "Watcher Report Sans";

    private static readonly (string Regular, string Bold)[] Candidates =
    [
        ("/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf", "/usr/share/fonts/truetype/dejavu/DejaVuSans-Bold.ttf"),
        ("/usr/share/fonts/TTF/DejaVuSans.ttf", "/usr/share/fonts/TTF/DejaVuSans-Bold.ttf"),
        ("/usr/share/fonts/dejavu-sans-fonts/DejaVuSans.ttf", "/usr/share/fonts/dejavu-sans-fonts/DejaVuSans-Bold.ttf"),
        ("/usr/share/fonts/truetype/liberation2/LiberationSans-Regular.ttf", "/usr/share/fonts/truetype/liberation2/LiberationSans-Bold.ttf"),
        ("/usr/share/fonts/truetype/liberation/LiberationSans-Regular.ttf", "/usr/share/fonts/truetype/liberation/LiberationSans-Bold.ttf"),
        ("/usr/share/fonts/truetype/noto/NotoSans-Regular.ttf", "/usr/share/fonts/truetype/noto/NotoSans-Bold.ttf"),
        (WindowsFont("segoeui.ttf"), WindowsFont("segoeuib.ttf")),
        (WindowsFont("arial.ttf"), WindowsFont("arialbd.ttf")),
        ("/System/Library/Fonts/Supplemental/Arial.ttf", "/System/Library/Fonts/Supplemental/Arial Bold.ttf"),
        ("/Library/Fonts/Arial.ttf", "/Library/Fonts/Arial Bold.ttf"),
    ];

    private static readonly Lazy<Loaded> Fonts = new(Load, LazyThreadSafetyMode.ExecutionAndPublication);

    public static SKTypeface Regular => Fonts.Value.Regular;

    public static SKTypeface Bold => Fonts.Value.Bold;

    /// <summary>True when a font file was found and registered with ScottPlot under <see cref="Family"/>.</summary>
    public static bool HasFontFile => Fonts.Value.FromFile;

    /// <summary>Points every text element of a plot at the loaded font (a no-op when none was found).</summary>
    public static void Apply(ScottPlot.Plot plot)
    {
        if (!HasFontFile) return;
        plot.Font.Set(Family);
        plot.Legend.FontName = Family;
        // Per-render font detection asks the system font manager, which knows no fonts here.
        plot.Legend.SetBestFontOnEachRender = false;
    }

    // Empty off Windows: a bare file name would otherwise be looked up in the working directory.
    private static string WindowsFont(string file) =>
        Environment.GetFolderPath(Environment.SpecialFolder.Fonts) is { Length: > 0 } folder ? Path.Combine(folder, file) : "";

    private static Loaded Load()
    {
        foreach (var (regularPath, boldPath) in Candidates)
        {
            if (!File.Exists(regularPath)) continue;
            var regular = SKTypeface.FromFile(regularPath);
            if (regular is null || regular.GlyphCount == 0) continue;
            var hasBold = File.Exists(boldPath);
            var bold = (hasBold ? SKTypeface.FromFile(boldPath) : null) ?? regular;
            ScottPlot.Fonts.AddFontFile(Family, regularPath, bold: false, italic: false);
            ScottPlot.Fonts.AddFontFile(Family, hasBold && bold != regular ? boldPath : regularPath, bold: true, italic: false);
            return new Loaded(regular, bold, FromFile: true);
        }
        var fallback = SKTypeface.Default;
        return new Loaded(fallback, SKTypeface.FromFamilyName(null, SKFontStyle.Bold) ?? fallback, FromFile: false);
    }

    private sealed record Loaded(SKTypeface Regular, SKTypeface Bold, bool FromFile);
}
