using System.Globalization;
using Watcher.Service.Recovery;

namespace Watcher.Commands;

/// <summary>What `watcher doctor` prints for a person: a summary first, then each finding on its own line.</summary>
internal static class DoctorOutput
{
    // Beyond this many findings of one kind the rest are counted, not listed (--json lists all).
    private const int ListAtMost = 20;

    public static void PrintCheck(CheckReport r, string recovery)
    {
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"Catalog {r.Catalog}: {r.Records} records ({r.KnownMissing} already marked missing); checked {(r.Quick ? "sizes" : "sizes and SHA-256")}."));
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"Unfinished moves: {r.UnfinishedMoves.Count}; missing files: {r.MissingFiles.Count}; changed files: {r.ChangedFiles.Count}; files no record knows: {r.Strays.Count}; other problems: {r.Problems.Count}."));
        List("unfinished move", r.UnfinishedMoves.Select(m => $"image {m.ImageId}: {m.From} -> {m.To} ({m.Stage}); the daemon finishes or rolls it back when it starts"));
        List("missing", r.MissingFiles);
        List("changed", r.ChangedFiles.Select(c => $"{c.Path} (image {c.ImageId}): {c.Reason}"));
        List("no record", r.Strays);
        List("problem", r.Problems);
        Console.WriteLine(r.Healthy
            ? "Healthy: every record matches its file and every file under the output folder has a record."
            : $"Problems found. With the daemon stopped, `{recovery}` makes the catalog match the folders again (docs/decisions.md, \"Catalog recovery\").");
    }

    public static void PrintRebuild(RebuildReport r, string output)
    {
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"Catalog rebuilt from {r.Files} files under {output} in {r.Seconds:F1} s: {r.Filed} filed, {r.Unknown} unknown, {r.Rejected} rejected, {r.Ignored} ignored, {r.Copies} copies, {r.Unreadable} unreadable."));
        Console.WriteLine(r.ModelVersion > 0
            ? string.Create(CultureInfo.InvariantCulture, $"Clusters: {r.Clusters} of model version {r.ModelVersion}, {r.NamedClusters} named after their folders; {r.Pinned} images pinned (ignored, or in a folder no cluster files into).")
            : $"No model could be used ({r.ModelProblem}): no clusters; the {r.Pinned} images in named or ignored folders are pinned, so the first clustering keeps those names.");
        List("set aside, not deleted", r.SetAside);
        List("left alone", r.Skipped.Select(s => $"{s.Path}: {s.Reason}"));
        if (r.InboxFiles > 0)
        {
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{r.InboxFiles} files in the inbox are left for the daemon, which takes them as new images."));
        }

        Console.WriteLine("Start the daemon with `watcher run`.");
    }

    private static void List(string label, IEnumerable<string> lines)
    {
        int n = 0;
        foreach (string line in lines)
        {
            if (++n <= ListAtMost)
            {
                Console.WriteLine($"  {label}: {line}");
            }
        }

        if (n > ListAtMost)
        {
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"  ... and {n - ListAtMost} more ({label}); --json lists them all."));
        }
    }
}
