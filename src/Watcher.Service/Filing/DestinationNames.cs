using System.Globalization;
using System.Security.Cryptography;
using System.Text;

namespace Watcher.Service.Filing;

/// <summary>
/// The names a move may give a file: "name.jpg", then "name (2).jpg", "name (3).jpg", ... and
/// the hidden temporary name a cross-volume copy is written under. Every name fits the 255-byte
/// limit that ext4, XFS, APFS and NTFS all share, shortening the stem (never the counter or the
/// extension) by whole characters.
/// </summary>
internal static class DestinationNames
{
    public const int MaxNameBytes = 255;
    private const string TempSuffix = ".watcher-tmp";

    // An "extension" longer than this is really part of a long name with a dot in it; keeping it
    // whole could leave no room for the stem.
    private const int MaxExtensionBytes = 16;

    /// <summary>Throws ArgumentException unless <paramref name="fileName"/> is a plain file name.</summary>
    public static void Validate(string fileName)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(fileName);
        if (fileName is "." or ".." || fileName.IndexOfAny(['/', '\\', '\0']) >= 0)
        {
            throw new ArgumentException($"'{fileName}' is not a file name (it names a folder or contains a separator).", nameof(fileName));
        }
    }

    /// <summary>The <paramref name="n"/>-th choice: 1 is the name itself (shortened if too long).</summary>
    public static string Candidate(string fileName, int n)
    {
        string extension = Path.GetExtension(fileName);
        if (extension.Length == fileName.Length || Utf8(extension) > MaxExtensionBytes)
        {
            extension = "";
        }

        string stem = fileName[..^extension.Length];
        string counter = n == 1 ? "" : string.Create(CultureInfo.InvariantCulture, $" ({n})");
        return Fit(stem, counter + extension);
    }

    /// <summary>
    /// The temporary name a copy to <paramref name="destination"/> is written under. It follows
    /// from the destination alone, so recovery can find and delete it from the journal entry.
    /// </summary>
    public static string TempFor(string destination)
    {
        string folder = Path.GetDirectoryName(destination) ?? "";
        string name = Path.GetFileName(destination);
        string temp = "." + name + TempSuffix;
        if (Utf8(temp) > MaxNameBytes)
        {
            // The hash keeps shortened temp names of different long destinations apart.
            string tag = Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(name)))[..8];
            temp = Fit("." + name, "~" + tag + TempSuffix);
        }

        return Path.Combine(folder, temp);
    }

    /// <summary>Whether a file is a copy a move was still writing (left behind by a crash).</summary>
    public static bool IsTemporary(string fileName) => fileName.EndsWith(TempSuffix, StringComparison.Ordinal);

    public static int Utf8(string text) => Encoding.UTF8.GetByteCount(text);

    private static string Fit(string stem, string tail)
    {
        int budget = MaxNameBytes - Utf8(tail);
        if (Utf8(stem) <= budget)
        {
            return stem + tail;
        }

        // Cut between text elements so an accent or emoji is never split into invalid UTF-8.
        int length = 0;
        int bytes = 0;
        TextElementEnumerator elements = StringInfo.GetTextElementEnumerator(stem);
        while (elements.MoveNext())
        {
            int size = Utf8(elements.GetTextElement());
            if (bytes + size > budget)
            {
                break;
            }

            bytes += size;
            length += elements.GetTextElement().Length;
        }

        return stem[..length].TrimEnd() + tail;
    }
}
