using System.Diagnostics;
using System.Text.Json;
using Watcher.Core.Engine;
using Watcher.Core.Maths;
using Watcher.Embedding.Storage;

namespace Watcher.Benchmarks;

// Times the whole clustering engine (projection, neighbour graph, the stability-based choice of
// resolution, Louvain, review samples, novelty calibration) on data already in memory, with the
// default options, and prints one JSON line: the "25,000 x 576 in at most 30 s" check.
internal static class EngineTiming
{
    public static int Run(BenchArguments args)
    {
        string path = args.Text("data");
        int repeat = args.Int("repeat", 3);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(repeat);
        (float[] values, int rows, int cols) = NpyReader.Read(path);
        var data = new VectorSet(values, rows, cols);
        string[] keys = Enumerable.Range(0, rows).Select(i => i.ToString(System.Globalization.CultureInfo.InvariantCulture)).ToArray();

        // One small run first so JIT compilation is not timed.
        int warm = Math.Min(rows, 2_000);
        _ = new ClusterEngine(new EngineOptions()).Fit(data.Select(Enumerable.Range(0, warm).ToArray()), keys[..warm], "bench");

        var seconds = new double[repeat];
        EngineResult? result = null;
        for (int i = 0; i < repeat; i++)
        {
            var clock = Stopwatch.StartNew();
            result = new ClusterEngine(new EngineOptions()).Fit(data, keys, "bench");
            seconds[i] = clock.Elapsed.TotalSeconds;
            Console.Error.WriteLine($"engine: run {i + 1}/{repeat} took {seconds[i]:F2} s, {result.ClusterCount} clusters");
        }

        double[] sorted = seconds.Order().ToArray();
        using Stream stdout = Console.OpenStandardOutput();
        using (var json = new Utf8JsonWriter(stdout))
        {
            json.WriteStartObject();
            json.WriteString("impl", "engine");
            json.WriteNumber("rows", rows);
            json.WriteNumber("cols", cols);
            json.WriteNumber("clusters", result!.ClusterCount);
            json.WriteNumber("projection", result.ProjectionDimension);
            json.WriteNumber("seconds_median", Math.Round(sorted[sorted.Length / 2], 3));
            json.WriteStartArray("seconds_all");
            foreach (double s in seconds)
            {
                json.WriteNumberValue(Math.Round(s, 3));
            }

            json.WriteEndArray();
            json.WriteStartObject("stages");
            foreach ((string stage, double s) in result.StageSeconds)
            {
                json.WriteNumber(stage, Math.Round(s, 3));
            }

            json.WriteEndObject();
            json.WriteNumber("threads", Environment.ProcessorCount);
            json.WriteEndObject();
        }

        stdout.Write("\n"u8);
        return 0;
    }
}
