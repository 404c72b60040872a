using Watcher.Service.Sorting;

namespace Watcher.Service.Tests.Sorting;

// Expected forms are Python's unicodedata.normalize("NFC", ...) of each input.
public sealed class NfcTests
{
    [Theory]
    [InlineData("cafe\u0301", "caf\u00E9")]                  // macOS file names: decomposed
    [InlineData("A\u030A", "\u00C5")]
    [InlineData("\u212B", "\u00C5")]                         // ANGSTROM SIGN is a singleton: always Å
    [InlineData("\u2126", "\u03A9")]                         // OHM SIGN
    [InlineData("e\u0302\u0323", "\u1EC7")]                  // marks in either order...
    [InlineData("e\u0323\u0302", "\u1EC7")]
    [InlineData("\u00EA\u0323", "\u1EC7")]                   // ...or half composed already
    [InlineData("\u1E0B\u0323", "\u1E0D\u0307")]
    [InlineData("A\u0328\u0301", "\u0104\u0301")]            // no Ą-acute exists: one mark stays
    [InlineData("a\u0301\u0301", "\u00E1\u0301")]            // the second acute is blocked by the first
    [InlineData("q\u0303", "q\u0303")]                       // nothing to compose
    [InlineData("\u0301a", "\u0301a")]                       // a mark before any letter stays
    [InlineData("\u0344", "\u0308\u0301")]                   // decomposes, never recomposes
    [InlineData("\u0958", "\u0915\u093C")]                   // composition exclusion (Devanagari)
    [InlineData("\u0B47\u0B3E", "\u0B4B")]                   // two starters compose (Oriya)
    [InlineData("\u0928\u093F", "\u0928\u093F")]             // Hindi vowel sign: already NFC
    [InlineData("\u05D0\u05B8\u05B7", "\u05D0\u05B7\u05B8")] // Hebrew points sorted by class
    [InlineData("\u1100\u1161\u11A8", "\uAC01")]             // Hangul jamo, as macOS stores Korean
    [InlineData("\uAC00\u11A8", "\uAC01")]
    [InlineData("\U0001D15E", "\U0001D157\U0001D165")]       // outside the BMP, excluded
    [InlineData("plain ascii", "plain ascii")]
    [InlineData("", "")]
    public void Text_becomes_its_composed_form(string text, string nfc) =>
        Nfc.Normalize(text).Should().Be(nfc);
}
