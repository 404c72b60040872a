using System.Globalization;
using System.Text.RegularExpressions;

namespace Watcher.Tests.Reliability;

/// <summary>
/// Where a kill actually landed, from evidence rather than from the aim: the killed daemon's log
/// (a clustering begun and not finished), the model files it left in data/models, and the model
/// version the restarted daemon found in the catalog. The aim is only a wish; on a busy machine a
/// kill meant for the model's save may land in the re-filing after it.
/// </summary>
internal static partial class KillLanding
{
    public static (KillPhase Phase, string Evidence) Classify(
        string killedLog, int inboxFilesAtKill, IReadOnlySet<string> modelFilesBefore, IReadOnlySet<string> modelFilesAfter, int restartVersion)
    {
        string[] lines = killedLog.Split('\n');
        string? begun = lines.LastOrDefault(l => ClusteringBegun().IsMatch(l));
        int begunCount = lines.Count(l => ClusteringBegun().IsMatch(l));
        int finished = lines.Count(l => l.Contains("] Clustered ", StringComparison.Ordinal));
        if (begunCount > finished)
        {
            string what = ClusteringBegun().Match(begun!).Groups["reason"].Value;
            var finishedVersions = lines.Select(l => ClusteredVersion().Match(l)).Where(m => m.Success)
                .Select(m => int.Parse(m.Groups["v"].Value, CultureInfo.InvariantCulture)).ToHashSet();
            var written = modelFilesAfter.Except(modelFilesBefore).Where(f => !finishedVersions.Contains(Version(f))).ToList();
            if (written.Count == 0)
            {
                return (KillPhase.Reclustering, $"clustering ({what}) begun, no model file written yet");
            }

            string file = written.MaxBy(Version)!;
            if (file.EndsWith(".tmp", StringComparison.Ordinal))
            {
                return (KillPhase.SavingModel, $"clustering ({what}): {file} half written");
            }

            return Version(file) > restartVersion
                ? (KillPhase.SavingModel, $"clustering ({what}): {file} saved, the catalog still at version {restartVersion}")
                : (KillPhase.Refiling, $"clustering ({what}): catalog at version {restartVersion}, re-filing not finished");
        }

        return inboxFilesAtKill > 0
            ? (KillPhase.Filing, $"{inboxFilesAtKill} files still in the inbox, no clustering under way")
            : (KillPhase.Idle, "inbox empty, no clustering under way");
    }

    /// <summary>The version the restarted daemon loaded from the catalog (0: none yet).</summary>
    public static int LoadedVersion(string restartLog) =>
        LoadedModel().Match(restartLog) is { Success: true } m ? int.Parse(m.Groups["v"].Value, CultureInfo.InvariantCulture) : 0;

    /// <summary>What the restart's journal recovery did: "3 completed, 1 rolled back, 0 missing", or "nothing to recover".</summary>
    public static string Recovery(string restartLog) =>
        RecoveredMoves().Match(restartLog) is { Success: true } m ? m.Groups["what"].Value : "nothing to recover";

    /// <summary>How many clusterings a daemon finished, by its log.</summary>
    public static int Clusterings(string log) => ClusteredVersion().Count(log);

    /// <summary>Model files (final and temporary) in data/models.</summary>
    public static HashSet<string> ModelFiles(string modelsDir) =>
        Directory.Exists(modelsDir) ? Directory.GetFiles(modelsDir, "model-*").Select(Path.GetFileName).OfType<string>().ToHashSet() : [];

    private static int Version(string file) =>
        int.Parse(file["model-".Length..file.IndexOf('.', StringComparison.Ordinal)], CultureInfo.InvariantCulture);

    [GeneratedRegex(@"\] Clustering \d+ images \((?<reason>[^)]*)\)")]
    private static partial Regex ClusteringBegun();

    [GeneratedRegex(@"\] Clustered .*model version (?<v>\d+)")]
    private static partial Regex ClusteredVersion();

    [GeneratedRegex(@"Model version (?<v>\d+) loaded")]
    private static partial Regex LoadedModel();

    [GeneratedRegex(@"Recovered unfinished moves from the last run: (?<what>[^\r\n]*)")]
    private static partial Regex RecoveredMoves();
}
