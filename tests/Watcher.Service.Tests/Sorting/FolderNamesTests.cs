using System.Globalization;
using System.Text;
using Watcher.Service.Sorting;

namespace Watcher.Service.Tests.Sorting;

// Names a person may type, hostile or just unlucky: each is either refused with a sentence that
// says why, or becomes a folder that really exists under that name on this machine's disk.
public sealed class FolderNamesTests
{
    public static TheoryData<string, string> Accepted => new()
    {
        { "  cats ", "cats" },
        { "golf balls", "golf balls" },
        { "\u00DCn\u00EFc\u00F6d\u00E9 \u732B", "\u00DCn\u00EFc\u00F6d\u00E9 \u732B" },
        { "receipts-2026", "receipts-2026" },
        { "v1.0 final", "v1.0 final" },
        { "a..b", "a..b" },
        { "\u00A0dogs\u00A0", "dogs" },                                 // no-break spaces around: trimmed
        { "golf\u00A0balls", "golf balls" },                            // one inside: a plain space (looks the same)
        { "\u3000\u732B\u3000", "\u732B" },                             // ideographic spaces
        { "cafe\u0301", "caf\u00E9" },                                  // typed decomposed (NFD): one folder with NFC
        { "\u212B", "\u00C5" },                                         // ANGSTROM SIGN is Å
        { "\u1100\u1161\u11A8", "\uAC01" },                             // Korean as decomposed jamo
        { "\u0928\u093F\u0936\u093E", "\u0928\u093F\u0936\u093E" },     // Hindi with vowel signs
        { "\u0645\u06CC\u200C\u062E\u0648\u0627\u0647\u0645", "\u0645\u06CC\u200C\u062E\u0648\u0627\u0647\u0645" }, // Persian needs ZWNJ
        { "\U0001F468\u200D\U0001F469\u200D\U0001F467", "\U0001F468\u200D\U0001F469\u200D\U0001F467" },        // an emoji family (ZWJ)
        { "\U0001F436 dogs", "\U0001F436 dogs" },
        { "a\uFF0Fb", "a\uFF0Fb" },                                     // fullwidth solidus: a letter on disk, common in Japanese
        { "\uFF23\uFF2F\uFF2E", "\uFF23\uFF2F\uFF2E" },                 // fullwidth CON is no device
        { "CONSOLE", "CONSOLE" },
        { "COM10", "COM10" },
        { "nul-items", "nul-items" },
        { "%2e%2e%2f", "%2e%2e%2f" },                                   // never URL-decoded: just characters
        { "~", "~" },
        { "-rf", "-rf" },
        { "Cluster-7b", "Cluster-7b" },
        { new string('x', 100), new string('x', 100) },
        { new string('\u732B', 85), new string('\u732B', 85) },         // 255 bytes of UTF-8
        { string.Concat(Enumerable.Repeat("\U0001F436", 50)), string.Concat(Enumerable.Repeat("\U0001F436", 50)) },
    };

    public static TheoryData<string?, string> Refused => new()
    {
        { null, "empty" },
        { "", "empty" },
        { "   ", "empty" },
        { "\u00A0\u3000\t", "empty" },
        { ".", "only dots" },
        { "..", "'..'" },
        { " ... ", "only dots" },
        { ". .", "end with '.'" },
        { "a/b", "cannot contain" },
        { "../../etc", "cannot contain" },
        { "/etc/passwd", "cannot contain" },
        { "a\\b", "cannot contain" },
        { "..\\..\\Windows", "cannot contain" },
        { "C:\\Windows", "cannot contain" },
        { "C:", "cannot contain" },
        { "file:stream", "cannot contain" },
        { "what?", "cannot contain" },
        { "a*b", "cannot contain" },
        { "a|b", "cannot contain" },
        { "<b>", "cannot contain" },
        { "\"quoted\"", "cannot contain" },
        { "tab\there", "control characters" },
        { "a\0b", "U+0000" },
        { "red\u001B[31m", "U+001B" },
        { "a\u0085b", "U+0085" },
        { "line\u2028break", "U+2028" },
        { "\u202Egpj.exe", "U+202E" },                                  // right-to-left override
        { "dogs\u200B", "U+200B" },                                     // zero-width space
        { "\uFEFFdogs", "U+FEFF" },                                     // byte order mark
        { "soft\u00ADhyphen", "U+00AD" },
        { "do\u200Egs", "U+200E" },
        { "\u200Ddogs", "U+200D" },                                     // a joiner with nothing to join
        { "dogs\u200C", "U+200C" },
        { "tag\U000E0041", "U+E0041" },                                 // tag characters hide text
        { "trailing.", "end with '.'" },
        { "dogs. ", "end with '.'" },
        { ".hidden", "hidden" },
        { ".git", "hidden" },
        { "_unknown", "Watcher's own folders" },
        { "_Rejected", "Watcher's own folders" },
        { "cluster-07", "nobody has named" },
        { "CLUSTER-123", "nobody has named" },
        { "CON", "'CON' is a reserved device name" },
        { "con ", "'con' is a reserved device name" },
        { "nul.txt", "'nul' is a reserved device name" },
        { "NUL.tar.gz", "'NUL' is a reserved device name" },
        { "con .txt", "'con' is a reserved device name" },
        { "Com1", "reserved device name" },
        { "COM0", "reserved device name" },
        { "LPT9.log", "reserved device name" },
        { "COM\u00B9", "reserved device name" },
        { "LPT\u00B3", "reserved device name" },
        { "CONIN$", "reserved device name" },
        { "prn.md", "reserved device name" },
        { new string('x', 101), "at most 100 characters" },
        { new string('a', 10_000), "at most 100 characters" },
        { new string('\u732B', 86), "at most 255 bytes" },             // 258 bytes: mkdir fails on Linux
        { string.Concat(Enumerable.Repeat("\U0001F436", 51)), "at most 100 characters" },
    };

    [Theory]
    [MemberData(nameof(Accepted))]
    public void A_good_name_becomes_its_folder(string name, string folder) =>
        FolderNames.Validate(name).Should().Be(folder);

    [Theory]
    [MemberData(nameof(Refused))]
    public void A_name_that_cannot_be_a_folder_everywhere_is_refused_with_the_reason(string? name, string reason) =>
        FluentActions.Invoking(() => FolderNames.Validate(name)).Should().Throw<ArgumentException>().WithMessage($"*{reason}*");

    [Theory]
    [MemberData(nameof(Accepted))]
    public void An_accepted_name_is_created_on_disk_and_listed_back_as_it_is(string name, string folder)
    {
        using var temp = new TempFolder();
        Directory.CreateDirectory(Path.Combine(temp.Path, FolderNames.Validate(name)));
        Directory.EnumerateDirectories(temp.Path).Select(Path.GetFileName).Should().Equal(folder);
        FolderNames.Validate(folder).Should().Be(folder, "a folder's own name is accepted unchanged");
        FolderNames.IsCleanName(folder).Should().BeTrue();
    }

    [Theory]
    [MemberData(nameof(Refused))]
    public void A_refusal_shows_the_name_safely_in_a_terminal(string? name, string reason)
    {
        string message = Record.Exception(() => FolderNames.Validate(name))!.Message;
        message.Should().Contain(reason);
        message.Length.Should().BeLessThan(300, "a huge name is cut");
        message.EnumerateRunes().Should().NotContain(
            r => Rune.GetUnicodeCategory(r) == UnicodeCategory.Control || Rune.GetUnicodeCategory(r) == UnicodeCategory.Format,
            "an escape sequence or U+202E would reach the terminal as it is");
    }

    // Not theory rows: the test runner would pass half a surrogate pair on as U+FFFD.
    [Fact]
    public void A_name_with_half_a_surrogate_pair_is_refused()
    {
        foreach (string name in new[] { "x\uD800y", "x\uDC00", "\uDBFF" })
        {
            string message = Record.Exception(() => FolderNames.Validate(name))!.Message;
            message.Should().Contain("broken character").And.Contain("<U+FFFD>").And.NotContain("\uFFFD");
        }
    }

    [Fact]
    public void Placeholders_are_numbered_with_two_digits_and_recognised() =>
        (FolderNames.Unnamed(3), FolderNames.IsPlaceholder("cluster-03"), FolderNames.IsPlaceholder("cluster-x"))
            .Should().Be(("cluster-03", true, false));
}
