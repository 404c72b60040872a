using System.Buffers;
using System.Globalization;

namespace Watcher.Service.Sorting;

/// <summary>
/// Turns a name a person typed into a folder under output/. A name becomes a folder on Linux and
/// on Windows, so anything either would refuse or misread (separators, "..", device names,
/// trailing dots) is an error that says why, rather than a silently different folder.
/// </summary>
public static class FolderNames
{
    public const string Unknown = "_unknown";
    public const string Rejected = "_rejected";
    public const string Ignored = "_ignored";
    private const int MaxLength = 100;
    private const string ForbiddenChars = "/\\:*?\"<>|";
    private static readonly SearchValues<char> Forbidden = SearchValues.Create(ForbiddenChars);
    private static readonly HashSet<string> DeviceNames = new(StringComparer.OrdinalIgnoreCase)
    {
        "CON", "PRN", "AUX", "NUL", "COM1", "COM2", "COM3", "COM4", "COM5", "COM6", "COM7", "COM8", "COM9",
        "LPT1", "LPT2", "LPT3", "LPT4", "LPT5", "LPT6", "LPT7", "LPT8", "LPT9",
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

    /// <summary>The trimmed name, or an ArgumentException saying what is wrong with it.</summary>
    public static string Validate(string? name)
    {
        string trimmed = (name ?? "").Trim();
        string? problem = trimmed switch
        {
            "" => "a name cannot be empty",
            "." or ".." => "'.' and '..' are not folder names",
            _ when trimmed.Length > MaxLength => $"a name can be at most {MaxLength} characters",
            _ when trimmed.AsSpan().IndexOfAny(Forbidden) >= 0 => $"a name cannot contain any of {string.Join(' ', ForbiddenChars.ToCharArray())}",
            _ when trimmed.Any(char.IsControl) => "a name cannot contain control characters",
            _ when trimmed.EndsWith('.') => "a name cannot end with '.' (Windows drops it)",
            _ when trimmed.StartsWith('_') => "names starting with '_' are kept for Watcher's own folders (_unknown, _rejected, _ignored)",
            _ when IsPlaceholder(trimmed) => "names like cluster-NN are kept for clusters nobody has named yet",
            _ when DeviceNames.Contains(Path.GetFileNameWithoutExtension(trimmed)) => $"'{trimmed}' is a reserved device name on Windows",
            _ => null,
        };
        return problem is null ? trimmed : throw new ArgumentException($"'{name}' cannot be used as a name: {problem}.");
    }

    public static bool IsPlaceholder(string folder) =>
        folder.StartsWith("cluster-", StringComparison.OrdinalIgnoreCase) && folder.Length > 8 && folder[8..].All(char.IsAsciiDigit);
}
