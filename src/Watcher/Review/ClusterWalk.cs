using System.Globalization;
using Watcher.Commands;

namespace Watcher.Review;

/// <summary>
/// Step 1 of the review: each cluster nobody has named, with its size, review samples and sheet,
/// and the question what it shows. A name the daemon refuses is explained and the question asked again.
/// </summary>
internal sealed class ClusterWalk(ReviewApi api, IReviewConsole console, ReviewSheets sheets, string outputDir, ReviewTally tally)
{
    /// <summary>False when the person quit (q, or the end of piped input).</summary>
    public async Task<bool> RunAsync(CancellationToken ct)
    {
        var clusters = await api.UnnamedClustersAsync(ct).ConfigureAwait(false);
        if (clusters.Count == 0)
        {
            console.Line("Every cluster has a name.", Tone.Hint);
            return true;
        }

        console.Line(string.Create(CultureInfo.InvariantCulture, $"{clusters.Count} clusters wait for a name. {ReviewHelp.ClusterShort}"), Tone.Hint);
        for (var i = 0; i < clusters.Count; i++)
        {
            ct.ThrowIfCancellationRequested();
            Show(clusters[i], i + 1, clusters.Count);
            if (!await AskAsync(clusters[i], ct).ConfigureAwait(false)) return false;
        }
        return true;
    }

    private void Show(ReviewCluster cluster, int position, int count)
    {
        console.Line("");
        console.Line(string.Create(CultureInfo.InvariantCulture,
            $"Cluster {cluster.Id} ({position} of {count}): {cluster.Folder}{(cluster.Proposed ? ", new" : "")}, {cluster.Size} images"), Tone.Heading);
        foreach (var sample in cluster.Samples) console.Line("  " + sample);
        var sheet = sheets.WriteCluster(cluster);
        if (sheet.Path is not null) console.Line("  sheet: " + sheet.Path);
        else console.Line("  " + sheet.Error, Tone.Problem);
    }

    private async Task<bool> AskAsync(ReviewCluster cluster, CancellationToken ct)
    {
        var prompt = string.Create(CultureInfo.InvariantCulture, $"Name for cluster {cluster.Id}:");
        while (true)
        {
            var answer = ReviewInputParser.ParseClusterAnswer(await console.AskAsync(prompt, ct).ConfigureAwait(false));
            switch (answer)
            {
                case ClusterAnswer.Quit:
                    return false;
                case ClusterAnswer.Skip:
                    console.Line($"Skipped; it stays in {cluster.Folder}/.", Tone.Hint);
                    return true;
                case ClusterAnswer.Help:
                    foreach (var line in ReviewHelp.ClusterFull) console.Line(line, Tone.Hint);
                    continue;
                case ClusterAnswer.Name name:
                    try
                    {
                        var done = await api.LabelAsync(cluster.Id, name.Value, ct).ConfigureAwait(false);
                        tally.ClustersNamed++;
                        tally.MovedByNaming += done.Moved;
                        console.Line(string.Create(CultureInfo.InvariantCulture,
                            $"Cluster {cluster.Id} is now '{done.Name}': {done.Moved} images moved from {done.OldFolder}/ to {Path.Combine(outputDir, done.Name)}{Path.DirectorySeparatorChar}"),
                            Tone.Done);
                        return true;
                    }
                    catch (DaemonRequestException ex)
                    {
                        // The daemon's sentence says what is wrong with the name; the person tries another.
                        console.Line(ex.Message, Tone.Problem);
                        continue;
                    }
            }
        }
    }
}
