using SkiaSharp;
using Watcher.Reporting;

namespace Watcher.Tests.Reporting;

public sealed class ReportFontsTests
{
    // Our Linux Skia build has no fontconfig: without a font file found, every chart label silently disappears.
    [Fact]
    public void Report_text_uses_a_typeface_with_glyphs()
    {
        ReportFonts.Regular.GlyphCount.Should().BeGreaterThan(100);
        ReportFonts.Bold.GlyphCount.Should().BeGreaterThan(100);
        using var font = new SKFont(ReportFonts.Regular, 16);
        font.GetGlyphs("cluster · purity").Should().NotContain((ushort)0, "every caption character should have a glyph");
    }

    [Fact]
    public void A_font_file_is_found_on_linux()
    {
        if (!OperatingSystem.IsLinux()) return;

        ReportFonts.HasFontFile.Should().BeTrue("install fonts-dejavu-core (or Liberation/Noto Sans) so charts carry their labels");
    }
}
