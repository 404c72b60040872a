namespace Watcher.Reporting;

/// <summary>
/// Writes the <c>watcher eval --report</c> folder: selection.png, map.png, novelty.png, effort-curve.png (when the
/// report has an effort curve), clusters/cluster-NN.png and index.html tying them together. Returns the full paths of the files written.
/// </summary>
public static class ReportWriter
{
    public const string IndexFile = "index.html";
    public const string ClustersFolder = "clusters";

    public static IReadOnlyList<string> Write(EvalReport report, string directory)
    {
        ArgumentNullException.ThrowIfNull(report);
        ArgumentException.ThrowIfNullOrWhiteSpace(directory);
        Validate(report);

        var root = Path.GetFullPath(directory);
        var clusters = Path.Combine(root, ClustersFolder);
        Directory.CreateDirectory(clusters);
        RemoveStale(root, clusters);

        var written = new List<string>();
        var charts = new List<string>();
        void Chart(string name, Action<string> save)
        {
            var path = Path.Combine(root, name);
            save(path);
            written.Add(path);
            charts.Add(name);
        }
        Chart("selection.png", path => SelectionChart.Save(report.Selection, report.BaselineSelection, path));
        Chart("map.png", path => MapChart.Save(report, path));
        Chart("novelty.png", path => NoveltyChart.Save(report.Novelty, path));
        if (report.Effort is { } effort) Chart(EffortChart.FileName, path => EffortChart.Save(effort, path));

        // Decoding samples is the slow part (hundreds of photos for 40 clusters); each sheet is independent.
        var sheets = report.Clusters.Select(c => (Card: c, Sheet: $"{ClustersFolder}/{ContactSheet.FileName(c.Id)}")).ToArray();
        var sheetPaths = sheets.Select(s => Path.Combine(clusters, ContactSheet.FileName(s.Card.Id))).ToArray();
        Parallel.For(0, sheets.Length, i => ContactSheet.Save(sheets[i].Card, sheetPaths[i]));
        written.AddRange(sheetPaths);

        var index = Path.Combine(root, IndexFile);
        File.WriteAllText(index, ReportPage.Render(report, sheets, charts), new System.Text.UTF8Encoding(false));
        written.Add(index);
        return written;
    }

    // Mismatched map columns or two cards with one id are a caller bug: fail before anything is written.
    private static void Validate(EvalReport report)
    {
        ArgumentNullException.ThrowIfNull(report.Title, nameof(report));
        ArgumentNullException.ThrowIfNull(report.Selection, nameof(report));
        ArgumentNullException.ThrowIfNull(report.Clusters, nameof(report));
        ArgumentNullException.ThrowIfNull(report.Novelty, nameof(report));
        ArgumentNullException.ThrowIfNull(report.MetricsJson, nameof(report));
        if (report.MapX.Count != report.MapY.Count || report.MapX.Count != report.MapCluster.Count)
        {
            throw new ArgumentException(
                $"Map columns differ in length: {report.MapX.Count} x, {report.MapY.Count} y, {report.MapCluster.Count} cluster ids", nameof(report));
        }
        var duplicate = report.Clusters.GroupBy(c => c.Id).FirstOrDefault(g => g.Count() > 1);
        if (duplicate is not null) throw new ArgumentException($"Cluster id {duplicate.Key} appears on {duplicate.Count()} cards", nameof(report));
    }

    // A rerun into the same folder with fewer clusters (or without an effort curve) would otherwise leave pictures
    // the page no longer shows.
    private static void RemoveStale(string root, string clusters)
    {
        File.Delete(Path.Combine(root, EffortChart.FileName));
        foreach (var stale in Directory.EnumerateFiles(clusters, "cluster-*.png"))
        {
            File.Delete(stale);
        }
    }
}
