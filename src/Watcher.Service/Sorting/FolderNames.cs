using System.Buffers;
using System.Globalization;
using System.Text;

namespace Watcher.Service.Sorting;

/// <summary>
/// Turns a name a person typed into a folder under output/. A name becomes a folder on Linux and
/// on Windows, so anything either would refuse or misread (separators, "..", device names,
/// trailing dots, names too long in bytes, invisible characters) is an error that says why, rather
/// than a silently different folder. Only rewrites a person cannot see are made: the Unicode
/// composed form (NFC), every kind of space as ' ', and trimming.
/// </summary>
public static class FolderNames
{
    public const string Unknown = "_unknown";
    public const string Rejected = "_rejected";
    public const string Ignored = "_ignored";
    private const int MaxLength = 100;

    // Linux and macOS refuse a file name over 255 bytes of UTF-8: 100 Chinese characters are 300.
    private const int MaxUtf8Bytes = 255;
    private const int MaxShown = 60;
    private const string ForbiddenChars = "/\\:*?\"<>|";
    private static readonly SearchValues<char> Forbidden = SearchValues.Create(ForbiddenChars);

    // Windows opens a device for these with any extension ("NUL.tar.gz" too), superscript digits included.
    private static readonly HashSet<string> DeviceNames = new(StringComparer.OrdinalIgnoreCase)
    {
        "CON", "PRN", "AUX", "NUL", "CONIN$", "CONOUT$",
        "COM0", "COM1", "COM2", "COM3", "COM4", "COM5", "COM6", "COM7", "COM8", "COM9", "COM\u00B9", "COM\u00B2", "COM\u00B3",
        "LPT0", "LPT1", "LPT2", "LPT3", "LPT4", "LPT5", "LPT6", "LPT7", "LPT8", "LPT9", "LPT\u00B9", "LPT\u00B2", "LPT\u00B3",
    };

    private const string NextPlaceholderKey = "next_cluster_number";

    /// <summary>The next free placeholder folder; numbers are never reused, so a folder name always means one cluster.</summary>
    public static string NextUnnamed(Watcher.Catalog.CatalogDb catalog)
    {
        ArgumentNullException.ThrowIfNull(catalog);
        long next = catalog.GetMeta(NextPlaceholderKey, 1);
        catalog.SetMeta(NextPlaceholderKey, next + 1);
        return Unnamed((int)next);
    }

    /// <summary>
    /// Makes later placeholders start after every cluster-NN among <paramref name="folders"/>
    /// (a rebuilt catalog must not hand out a number a folder on disk already has).
    /// </summary>
    public static void NumberAfter(Watcher.Catalog.CatalogDb catalog, IEnumerable<string> folders)
    {
        ArgumentNullException.ThrowIfNull(catalog);
        ArgumentNullException.ThrowIfNull(folders);
        long highest = folders.Where(IsPlaceholder)
            .Select(f => long.TryParse(f[8..], NumberStyles.None, CultureInfo.InvariantCulture, out long n) ? n : 0).DefaultIfEmpty(0).Max();
        catalog.SetMeta(NextPlaceholderKey, Math.Max(catalog.GetMeta(NextPlaceholderKey, 1), highest + 1));
    }

    /// <summary>The placeholder folder of a cluster nobody has named yet.</summary>
    public static string Unnamed(int number) => string.Create(CultureInfo.InvariantCulture, $"cluster-{number:00}");

    /// <summary>The folder for a name (see <see cref="Normalise"/>), or an ArgumentException saying what is wrong with it.</summary>
    public static string Validate(string? name)
    {
        string folder = Normalise(name);
        string? problem = IsWellFormed(name ?? "") ? Problem(folder) : "it holds a broken character (half of a UTF-16 surrogate pair)";
        return problem is null ? folder : throw new ArgumentException($"{Shown(name)} cannot be used as a name: {problem}.");
    }

    /// <summary>
    /// The rewrites a person cannot see: NFC (e + U+0301 is é), any space (no-break, ideographic)
    /// as ' ', trimmed. Two names that look the same become one folder.
    /// </summary>
    public static string Normalise(string? name)
    {
        string text = Nfc.Normalize(name ?? "");
        return new string(text.Select(c => char.GetUnicodeCategory(c) == UnicodeCategory.SpaceSeparator ? ' ' : c).ToArray()).Trim();
    }

    /// <summary>Whether a folder's name is exactly what <see cref="Validate"/> makes of it.</summary>
    public static bool IsCleanName(string folder) =>
        IsWellFormed(folder) && Normalise(folder) == folder && Problem(folder) is null;

    private static string? Problem(string folder) => folder switch
    {
        "" => "a name cannot be empty",
        _ when folder.All(c => c == '.') => "a name cannot be only dots ('.' and '..' mean this folder and the one above it)",
        _ when folder.Length > MaxLength => $"a name can be at most {MaxLength} characters",
        _ when Encoding.UTF8.GetByteCount(folder) > MaxUtf8Bytes =>
            $"a name can be at most {MaxUtf8Bytes} bytes in UTF-8 (85 Chinese or Japanese characters): Linux refuses longer folder names",
        _ when folder.AsSpan().IndexOfAny(Forbidden) >= 0 => $"a name cannot contain any of {string.Join(' ', ForbiddenChars.ToCharArray())}",
        _ when Invisible(folder) is { } rune =>
            $"a name cannot contain control characters, line breaks or invisible formatting characters (it has {CodePoint(rune)})",
        _ when folder.EndsWith('.') => "a name cannot end with '.' (Windows drops it)",
        _ when folder.StartsWith('.') => "names starting with '.' are hidden on Linux and macOS",
        _ when folder.StartsWith('_') => "names starting with '_' are kept for Watcher's own folders (_unknown, _rejected, _ignored)",
        _ when IsPlaceholder(folder) => "names like cluster-NN are kept for clusters nobody has named yet",
        _ when DeviceName(folder) is { } device => $"'{device}' is a reserved device name on Windows, with or without an extension",
        _ => null,
    };

    // Text that shows nothing, or something else than it holds: controls (an escape sequence),
    // line breaks, and format characters such as U+202E (shows the rest backwards) or U+200B.
    // Zero-width joiners stay allowed inside a name: Persian words and emoji sequences need them.
    private static Rune? Invisible(string folder)
    {
        int index = 0;
        foreach (Rune rune in folder.EnumerateRunes())
        {
            bool joiner = rune.Value is 0x200C or 0x200D && index > 0 && index + 1 < folder.Length;
            UnicodeCategory category = Rune.GetUnicodeCategory(rune);
            if (category is UnicodeCategory.Control or UnicodeCategory.LineSeparator or UnicodeCategory.ParagraphSeparator
                || (category == UnicodeCategory.Format && !joiner))
            {
                return rune;
            }

            index += rune.Utf16SequenceLength;
        }

        return null;
    }

    // Windows reads "NUL.tar.gz" and "nul .txt" as the device NUL: the part before the first dot counts.
    private static string? DeviceName(string folder)
    {
        int dot = folder.IndexOf('.', StringComparison.Ordinal);
        string stem = (dot < 0 ? folder : folder[..dot]).TrimEnd(' ');
        return DeviceNames.Contains(stem) ? stem : null;
    }

    private static bool IsWellFormed(string text)
    {
        for (int i = 0; i < text.Length; i++)
        {
            if (char.IsHighSurrogate(text[i]) && i + 1 < text.Length && char.IsLowSurrogate(text[i + 1]))
            {
                i++;
            }
            else if (char.IsSurrogate(text[i]))
            {
                return false;
            }
        }

        return true;
    }

    // The refusal goes back to a terminal and a page as it is: what cannot be shown safely (an
    // escape sequence, U+202E turning the sentence round) is written as U+XXXX, and a long name is cut.
    private static string Shown(string? name)
    {
        var shown = new StringBuilder("'");
        foreach (Rune rune in (name ?? "").EnumerateRunes())
        {
            if (shown.Length > MaxShown)
            {
                shown.Append('\u2026');
                break;
            }

            UnicodeCategory category = Rune.GetUnicodeCategory(rune);
            bool hidden = category is UnicodeCategory.Control or UnicodeCategory.Format or UnicodeCategory.LineSeparator
                or UnicodeCategory.ParagraphSeparator || rune == Rune.ReplacementChar;
            shown.Append(hidden ? $"<{CodePoint(rune)}>" : rune.ToString());
        }

        return shown.Append('\'').ToString();
    }

    private static string CodePoint(Rune rune) => "U+" + rune.Value.ToString("X4", CultureInfo.InvariantCulture);

    public static bool IsPlaceholder(string folder) =>
        folder.StartsWith("cluster-", StringComparison.OrdinalIgnoreCase) && folder.Length > 8 && folder[8..].All(char.IsAsciiDigit);
}
