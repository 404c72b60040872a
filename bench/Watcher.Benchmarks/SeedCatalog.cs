using System.Diagnostics;
using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Watcher.Catalog;
using Watcher.Core.Engine;
using Watcher.Core.Maths;
using Watcher.Embedding.Storage;
using Watcher.Service.Sorting;

namespace Watcher.Benchmarks;

// Fills a fresh data folder with a large, already-clustered library, so the daemon can be
// measured with 10^5 images in its catalog without embedding 10^5 photos first:
//
//   seed-catalog --data <data dir> --embeddings <rows.npy> --encoder mobilenetv3-small
//                --library <fake library dir> [--chunk 5000]
//
// <rows.npy> holds the N embeddings, one per image (bench/daemon-speed.sh makes it with
// kmeans-data: real mobilenetv3-small embeddings of the shared photos topped up to N with
// jittered copies). Every row becomes one ImageRecord with status Library (clustered, never moved,
// so its path may be a fake one under --library), then the engine is fitted on all N with the
// default options and the model, its clusters and model_version are written the way Reclusterer
// does the first clustering (no previous model: every cluster is new, proposed, in cluster-NN).
// The encoder id must be the one the daemon runs with: the daemon refuses a store or model made
// by another encoder. Prints one JSON line with the timings.
internal static class SeedCatalog
{
    private const string NextPlaceholderKey = "next_cluster_number";

    public static int Run(BenchArguments args)
    {
        string dataDir = Path.GetFullPath(args.Text("data"));
        string embeddings = args.Text("embeddings");
        string encoderId = args.Text("encoder");
        string library = Path.GetFullPath(args.Text("library"));
        int chunk = args.Int("chunk", 5_000);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(chunk);
        if (File.Exists(Path.Combine(dataDir, "catalog.db")) || File.Exists(Path.Combine(dataDir, "embeddings.f32")))
        {
            throw new IOException($"{dataDir} already holds a catalog; seed-catalog fills a fresh data folder only.");
        }

        var total = Stopwatch.StartNew();
        (float[] values, int rows, int cols) = NpyReader.Read(embeddings);
        Console.Error.WriteLine($"seed-catalog: {rows} x {cols} embeddings from {embeddings}; fitting the engine");

        // The fit Reclusterer runs, keyed by image id. A fresh LiteDB collection numbers its
        // documents 1, 2, 3...: fitting first lets every record be written once with its cluster
        // (100,000 single updates afterwards would take minutes); the ids are checked on insert.
        var clock = Stopwatch.StartNew();
        var data = new VectorSet(values, rows, cols);
        string[] keys = Enumerable.Range(1, rows).Select(id => id.ToString(CultureInfo.InvariantCulture)).ToArray();
        EngineResult fit = new ClusterEngine(new EngineOptions()).Fit(data, keys, encoderId);
        double fitSeconds = clock.Elapsed.TotalSeconds;
        Console.Error.WriteLine($"seed-catalog: {fit.ClusterCount} clusters in {fitSeconds:F1} s; writing the catalog");

        clock.Restart();
        using (CatalogDb catalog = CatalogDb.Open(dataDir))
        using (EmbeddingStore store = EmbeddingStore.Open(dataDir, encoderId, cols))
        {
            for (int start = 0; start < rows; start += chunk)
            {
                int count = Math.Min(chunk, rows - start);
                long first = store.Append(values.AsSpan(start * cols, count * cols));
                var records = new List<ImageRecord>(count);
                for (int i = 0; i < count; i++)
                {
                    int n = start + i;
                    string path = Path.Combine(library, string.Create(CultureInfo.InvariantCulture, $"{n / 1000:000}/img-{n:000000}.jpg"));
                    records.Add(new ImageRecord
                    {
                        Sha256 = FakeSha(n),
                        Length = 100_000 + n,
                        OriginalPath = path,
                        CurrentPath = path,
                        Status = ImageStatus.Library,
                        Cluster = fit.Labels[n],
                        EmbeddingRow = first + i,
                    });
                }

                catalog.AddImages(records);
                for (int i = 0; i < count; i++)
                {
                    if (records[i].Id != start + i + 1)
                    {
                        throw new InvalidDataException($"Image {start + i} got id {records[i].Id}, expected {start + i + 1}.");
                    }
                }
            }

            double insertSeconds = clock.Elapsed.TotalSeconds;

            // No previous model: NameCarryOver gives every cluster the next placeholder folder and
            // proposes it for naming; placeholders count from 1, so cluster i gets cluster-(i+1).
            int[] sizes = new int[fit.ClusterCount];
            foreach (int label in fit.Labels)
            {
                sizes[label]++;
            }

            var models = new ModelStore(dataDir);
            int version = models.LatestVersion() + 1;
            var clusters = Enumerable.Range(0, fit.ClusterCount).Select(c => new ClusterRecord
            {
                Id = c,
                Name = null,
                Folder = FolderNames.Unnamed(c + 1),
                Proposed = true,
                Size = sizes[c],
                ModelVersion = version,
                ReviewImages = fit.ReviewSamples[c].Select(i => (long)i + 1).ToList(),
            }).ToList();
            foreach (ModelCluster cluster in fit.Model.Clusters)
            {
                cluster.Name = clusters[cluster.Id].Name;
            }

            int saved = models.Save(fit.Model);
            catalog.ReplaceClusters(clusters, saved);
            catalog.SetMeta(NextPlaceholderKey, fit.ClusterCount + 1);
            catalog.SetMeta("images_since_clustering", 0);
            catalog.SetMeta("last_clustering_unix", DateTimeOffset.UtcNow.ToUnixTimeSeconds());

            using Stream stdout = Console.OpenStandardOutput();
            using (var json = new Utf8JsonWriter(stdout))
            {
                json.WriteStartObject();
                json.WriteString("impl", "seed-catalog");
                json.WriteString("data", dataDir);
                json.WriteString("encoder", encoderId);
                json.WriteNumber("images", rows);
                json.WriteNumber("cols", cols);
                json.WriteNumber("clusters", fit.ClusterCount);
                json.WriteNumber("model_version", saved);
                json.WriteNumber("fit_seconds", Math.Round(fitSeconds, 2));
                json.WriteNumber("insert_seconds", Math.Round(insertSeconds, 2));
                json.WriteNumber("seconds", Math.Round(total.Elapsed.TotalSeconds, 2));
                json.WriteEndObject();
            }

            stdout.Write("\n"u8);
            Console.Error.WriteLine(
                $"seed-catalog: {rows} images, {fit.ClusterCount} clusters, model version {saved}; fit {fitSeconds:F1} s, catalog {insertSeconds:F1} s, total {total.Elapsed.TotalSeconds:F1} s");
        }

        return 0;
    }

    // Distinct, deterministic, and never the hash of a real file: the burst dropped later must not
    // be mistaken for copies of seeded images.
    private static string FakeSha(int n) =>
        Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(string.Create(CultureInfo.InvariantCulture, $"watcher-seed-catalog/{n}"))));
}
