using System.Globalization;
using System.Text;

namespace Watcher.Reporting;

/// <summary>
/// index.html: one self-contained static page (inline style, no scripts, no external fonts) that opens from a
/// folder on any machine. Every string that came from the report is HTML-encoded: cluster names and image
/// paths come from folder names, which can hold &lt;, &amp; and quotes.
/// </summary>
internal static class ReportPage
{
    private const string Style = """
        :root { color-scheme: light; }
        body { font: 15px/1.45 system-ui, -apple-system, "Segoe UI", Roboto, sans-serif; margin: 0; background: #f5f6f7; color: #1d2327; }
        header { background: #263238; color: #fff; padding: 18px 28px; }
        header h1 { margin: 0; font-size: 22px; font-weight: 600; word-break: break-word; }
        header p { margin: 4px 0 0; color: #b0bec5; }
        main { padding: 8px 28px 40px; max-width: 1500px; }
        h2 { font-size: 18px; margin: 28px 0 10px; }
        figure.chart { margin: 0 0 12px; background: #fff; border: 1px solid #dde1e4; border-radius: 6px; padding: 8px; display: inline-block; max-width: 100%; box-sizing: border-box; }
        figure.chart img { max-width: 100%; height: auto; display: block; }
        figure.chart figcaption { color: #546e7a; font-size: 13px; padding: 6px 4px 0; }
        pre { background: #fff; border: 1px solid #dde1e4; border-radius: 6px; padding: 12px; overflow: auto; max-height: 480px; font: 13px/1.4 ui-monospace, "DejaVu Sans Mono", Consolas, monospace; }
        .grid { display: grid; grid-template-columns: repeat(auto-fill, minmax(420px, 1fr)); gap: 14px; }
        .card { background: #fff; border: 1px solid #dde1e4; border-radius: 6px; padding: 10px; min-width: 0; }
        .card img { width: 100%; height: auto; display: block; border-radius: 3px; }
        .card h3 { margin: 8px 0 2px; font-size: 16px; word-break: break-word; }
        .card p { margin: 0; color: #455a64; }
        .purity { font-weight: 600; }
        .purity.low { color: #c62828; }
        details { margin-top: 6px; }
        details li { word-break: break-all; font-size: 12px; color: #546e7a; }
        summary { cursor: pointer; color: #37474f; }
        """;

    public static string Render(EvalReport report, IReadOnlyList<(ClusterCard Card, string Sheet)> sheets, IReadOnlyList<string> charts)
    {
        var html = new StringBuilder(16 * 1024);
        html.Append("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n")
            .Append("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n")
            .Append("<title>").Append(Text(report.Title)).Append("</title>\n")
            .Append("<style>\n").Append(Style).Append("</style>\n</head>\n<body>\n");

        html.Append("<header>\n<h1>").Append(Text(report.Title)).Append("</h1>\n<p>")
            .Append(Text(string.Create(CultureInfo.InvariantCulture, $"{report.MapX.Count} images in the pool · {report.Clusters.Count} clusters · watcher eval report")))
            .Append("</p>\n</header>\n<main>\n");

        html.Append("<h2>Metrics</h2>\n<details open>\n<summary>evaluation result (JSON)</summary>\n<pre id=\"metrics\">")
            .Append(Text(report.MetricsJson)).Append("</pre>\n</details>\n");

        foreach (var chart in charts)
        {
            var (heading, caption) = Describe(chart);
            html.Append("<h2>").Append(Text(heading)).Append("</h2>\n<figure class=\"chart\"><a href=\"").Append(Attribute(chart)).Append("\"><img src=\"")
                .Append(Attribute(chart)).Append("\" alt=\"").Append(Attribute(heading)).Append("\"></a><figcaption>")
                .Append(Text(caption)).Append("</figcaption></figure>\n");
        }

        html.Append("<h2>Clusters</h2>\n<div class=\"grid\">\n");
        foreach (var (card, sheet) in sheets)
        {
            AppendCard(html, card, sheet);
        }
        html.Append("</div>\n</main>\n</body>\n</html>\n");
        return html.ToString();
    }

    private static void AppendCard(StringBuilder html, ClusterCard card, string sheet)
    {
        var id = ContactSheet.IdText(card.Id);
        var name = card.Name.Length > 0 ? card.Name : "unnamed";
        // Below half purity the cluster mixes truths more than it agrees on one: worth a reviewer's eye.
        var purityClass = double.IsFinite(card.Purity) && card.Purity < 0.5 ? "purity low" : "purity";
        html.Append("<article class=\"card\" id=\"cluster-").Append(Attribute(id)).Append("\">\n")
            .Append("<a href=\"").Append(Attribute(sheet)).Append("\"><img src=\"").Append(Attribute(sheet))
            .Append("\" alt=\"").Append(Attribute($"cluster {id} · {name}")).Append("\" loading=\"lazy\"></a>\n")
            .Append("<h3>").Append(Text($"cluster {id} · {name}")).Append("</h3>\n")
            .Append("<p>size ").Append(card.Size.ToString(CultureInfo.InvariantCulture))
            .Append(" · majority ").Append(Text(card.MajorityTruth.Length > 0 ? card.MajorityTruth : "unlabelled"))
            .Append(" · <span class=\"").Append(purityClass).Append("\">purity ").Append(Text(ContactSheet.Percent(card.Purity))).Append("</span></p>\n");
        if (card.SamplePaths.Count > 0)
        {
            html.Append("<details><summary>review samples</summary><ol>\n");
            foreach (var path in card.SamplePaths)
            {
                html.Append("<li>").Append(Text(path)).Append("</li>\n");
            }
            html.Append("</ol></details>\n");
        }
        html.Append("</article>\n");
    }

    private static (string Heading, string Caption) Describe(string chart) => chart switch
    {
        "selection.png" => ("Automatic choice", "Clusters found and subsample stability across the resolution grid; the ring marks the chosen setting."),
        "map.png" => ("Map of the pool", "One point per image, coloured and shaped by cluster; the boxed numbers are cluster ids at each cluster's centre."),
        "novelty.png" => ("Novelty scores", "Held-out known vs unknown images, each as a share of its own group; the dashed line is the calibrated threshold."),
        EffortChart.FileName => ("Effort curve", "Share of all images filed under their true name as a simulated person reviews images: " +
            "cluster samples (largest cluster first) up to the dotted line, then the unknown queue one image at a time."),
        _ => (chart, ""),
    };

    /// <summary>Element text: &amp;, &lt; and &gt; are enough there, and leaving quotes alone keeps the JSON readable in the source.</summary>
    internal static string Text(string value) =>
        value.Replace("&", "&amp;", StringComparison.Ordinal).Replace("<", "&lt;", StringComparison.Ordinal).Replace(">", "&gt;", StringComparison.Ordinal);

    /// <summary>Attribute values: quotes too. (WebUtility.HtmlEncode would also turn "·" and "é" into numeric entities.)</summary>
    internal static string Attribute(string value) =>
        Text(value).Replace("\"", "&quot;", StringComparison.Ordinal).Replace("'", "&#39;", StringComparison.Ordinal);
}
