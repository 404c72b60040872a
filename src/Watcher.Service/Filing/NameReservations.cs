namespace Watcher.Service.Filing;

/// <summary>
/// Destination names chosen by moves still in flight. A name free on disk is not free enough:
/// two moves running at once could both pick it, and link would then let only one of them win
/// after both had journaled it, which recovery could not tell apart.
/// </summary>
internal sealed class NameReservations
{
    // Only a few clashes per file are plausible; more means a runaway loop, not a busy folder.
    private const int MaxCandidates = 100_000;

    private readonly Lock _gate = new();
    private readonly HashSet<string> _taken = new(PathComparer);

    /// <summary>Case-insensitive where the usual file systems are (Windows, macOS).</summary>
    public static StringComparer PathComparer { get; } =
        OperatingSystem.IsWindows() || OperatingSystem.IsMacOS() ? StringComparer.OrdinalIgnoreCase : StringComparer.Ordinal;

    /// <summary>The first free name for <paramref name="fileName"/> in <paramref name="folder"/>, held until released.</summary>
    public string Reserve(string folder, string fileName)
    {
        lock (_gate)
        {
            for (int n = 1; n <= MaxCandidates; n++)
            {
                string candidate = Path.Combine(folder, DestinationNames.Candidate(fileName, n));
                if (!_taken.Contains(candidate) && !Path.Exists(candidate))
                {
                    _taken.Add(candidate);
                    return candidate;
                }
            }
        }

        throw new IOException($"No free name for '{fileName}' in '{folder}' after {MaxCandidates} tries.");
    }

    public void Release(string path)
    {
        lock (_gate)
        {
            _taken.Remove(path);
        }
    }
}
