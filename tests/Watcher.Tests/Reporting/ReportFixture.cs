using System.Globalization;
using Watcher.Reporting;

namespace Watcher.Tests.Reporting;

/// <summary>A small but real eval report: three clusters of real photos, one missing sample, one hostile name.</summary>
internal static class ReportFixture
{
    public const string HostileName = "<script>alert(1)</script> & \"x\"";

    public const string MetricsJson = """
        {
          "folder": "imagenette-val",
          "model": "mobilenetv3-small",
          "clusters": 3,
          "ari": 0.7125,
          "unknown": [ "n01440764" ]
        }
        """;

    /// <summary>Cluster 0 and 1 hold 4 real photos each, but cluster 1's third is missing; cluster 2 has the hostile name.</summary>
    public static EvalReport Build(string scratch, bool withBaseline = true, int clusters = 3)
    {
        var classes = Directory.GetDirectories(SharedData.Imagenette).Order(StringComparer.Ordinal).Take(clusters).ToArray();
        var cards = new List<ClusterCard>();
        for (var c = 0; c < classes.Length; c++)
        {
            var samples = Directory.GetFiles(classes[c]).Order(StringComparer.Ordinal).Take(4).ToList();
            if (c == 1) samples[2] = Path.Combine(scratch, "gone", "missing.jpg");
            var name = c == 2 ? HostileName : "class " + Path.GetFileName(classes[c]);
            cards.Add(new ClusterCard(c, name, 40 + c, Path.GetFileName(classes[c]), 0.9 - 0.3 * c, samples));
        }

        var random = new Random(7);
        var xs = new List<float>();
        var ys = new List<float>();
        var ids = new List<int>();
        for (var i = 0; i < 120; i++)
        {
            var c = i % clusters;
            xs.Add((float)(3 * Math.Cos(c * 2.1) + Gaussian(random) * 0.5));
            ys.Add((float)(3 * Math.Sin(c * 2.1) + Gaussian(random) * 0.5));
            ids.Add(c);
        }

        var resolutions = Enumerable.Range(0, 9).Select(i => 0.1 * Math.Pow(1.6, i)).ToArray();
        var selection = resolutions.Select((r, i) => new SelectionPoint(r, 1 + i * 1.5, 0.95 - Math.Abs(i - 4) * 0.08, i == 4)).ToArray();
        var baseline = Enumerable.Range(2, 7).Select(k => new SelectionPoint(k, k, 0.2 + 0.05 * (k == 3 ? 3 : 1) - 0.01 * k, k == 3)).ToArray();
        var known = Enumerable.Range(0, 200).Select(_ => 0.30 + 0.05 * Gaussian(random)).ToArray();
        var unknown = Enumerable.Range(0, 60).Select(_ => 0.60 + 0.10 * Gaussian(random)).ToArray();

        return new EvalReport(
            "imagenette-val · mobilenetv3-small · unknown: n01440764",
            selection, xs, ys, ids, cards,
            new ScoreHistogram(known, unknown, 0.45),
            withBaseline ? baseline : null,
            MetricsJson);
    }

    public static string Id(int id) => id.ToString("00", CultureInfo.InvariantCulture);

    private static double Gaussian(Random random) =>
        Math.Sqrt(-2 * Math.Log(1 - random.NextDouble())) * Math.Cos(2 * Math.PI * random.NextDouble());
}
