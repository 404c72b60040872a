using System.Diagnostics;
using System.Text.Json;
using Watcher.Core.Clustering;
using Watcher.Core.Maths;
using Watcher.Embedding.Storage;

namespace Watcher.Benchmarks;

// Times KMeans.Fit alone (data already in memory) with the settings bench/sklearn_kmeans.py gives
// scikit-learn, and prints one JSON line in the same shape so bench/cluster-speed.sh can put the
// two side by side.
internal static class KMeansTiming
{
    private const int WarmUpRows = 2_000;

    public static int Run(BenchArguments args)
    {
        string path = args.Text("data");
        int k = args.Int("k", 20);
        int restarts = args.Int("restarts", 4);
        int repeat = args.Int("repeat", 3);
        int seed = args.Int("seed", 0);
        int threads = args.Int("threads", 0);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(repeat);

        (float[] values, int rows, int cols) = NpyReader.Read(path);
        var data = new VectorSet(values, rows, cols);
        KMeansOptions Options(int clusters, int runs) => new()
        {
            Clusters = clusters,
            Restarts = runs,
            MaxIterations = 300,
            Tolerance = 1e-4,
            Seed = seed,
            MaxDegreeOfParallelism = threads,
        };

        WarmUp(data, Options(Math.Min(k, WarmUpRows), 2));

        var seconds = new double[repeat];
        KMeansResult? result = null;
        for (int i = 0; i < repeat; i++)
        {
            var clock = Stopwatch.StartNew();
            result = new KMeans(Options(k, restarts)).Fit(data);
            seconds[i] = clock.Elapsed.TotalSeconds;
            Console.Error.WriteLine($"watcher k={k} restarts={restarts}: fit {i + 1}/{repeat} took {seconds[i]:F3} s");
        }

        Write(k, restarts, rows, cols, threads, seconds, result!);
        return 0;
    }

    // The hot methods are AggressiveOptimization, but the code around them (lambdas, setup) starts
    // at tier 0; a few small fits, then a pause for the background tier-1 compiler, keep JIT time
    // out of the measured fits, as scikit-learn's compiled code has none.
    private static void WarmUp(VectorSet data, KMeansOptions options)
    {
        int rows = Math.Min(data.Rows, WarmUpRows);
        var sample = new VectorSet(data.Data.AsSpan(0, rows * data.Cols).ToArray(), rows, data.Cols);
        for (int i = 0; i < 3; i++)
        {
            _ = new KMeans(options).Fit(sample);
        }

        Thread.Sleep(500);
    }

    private static void Write(int k, int restarts, int rows, int cols, int threads, double[] seconds, KMeansResult result)
    {
        double[] sorted = seconds.Order().ToArray();
        double median = sorted.Length % 2 == 1
            ? sorted[sorted.Length / 2]
            : (sorted[(sorted.Length / 2) - 1] + sorted[sorted.Length / 2]) / 2;

        using Stream stdout = Console.OpenStandardOutput();
        using (var json = new Utf8JsonWriter(stdout))
        {
            json.WriteStartObject();
            json.WriteString("impl", "watcher");
            json.WriteNumber("k", k);
            json.WriteNumber("restarts", restarts);
            json.WriteNumber("rows", rows);
            json.WriteNumber("cols", cols);
            json.WriteNumber("seconds_median", Math.Round(median, 4));
            json.WriteStartArray("seconds_all");
            foreach (double s in seconds)
            {
                json.WriteNumberValue(Math.Round(s, 4));
            }

            json.WriteEndArray();
            json.WriteNumber("iterations", result.Iterations);
            json.WriteNumber("inertia", Math.Round(result.Inertia, 4));
            json.WriteNumber("threads", threads > 0 ? threads : Environment.ProcessorCount);
            json.WriteString("runtime", System.Runtime.InteropServices.RuntimeInformation.FrameworkDescription);
            json.WriteEndObject();
        }

        stdout.Write("\n"u8);
    }
}
