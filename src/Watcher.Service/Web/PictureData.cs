using System.Text.Json;
using Watcher.Catalog;
using Watcher.Core.Engine;
using Watcher.Core.Maths;
using Watcher.Service.Api;
using Watcher.Service.Ingest;
using Watcher.Service.Sorting;

namespace Watcher.Service.Web;

/// <summary>
/// The numbers behind the review page's pictures: a 2-D map of the images, the curve the number
/// of clusters was chosen from, and counts over time. The map is kept until the model or the
/// number of images changes, since a person flips between tabs far more often than that.
/// </summary>
public sealed class PictureData(CatalogDb catalog, ClusterState state, EncoderSession session, TimeProvider time)
{
    public const string SelectionKey = "selection_curve";
    public const int MaxMapPoints = 5000;
    private readonly Lock _gate = new();
    private (int Version, int Images, MapJson Map)? _map;

    public MapJson Map()
    {
        ClusterState.Snapshot? snapshot = state.Current;
        if (snapshot is null)
        {
            return new MapJson(0, [], []);
        }

        List<ImageRecord> images = catalog.AllImages()
            .Where(i => i.EmbeddingRow >= 0 && i.DuplicateOf is null && i.Status is ImageStatus.Filed or ImageStatus.Unknown or ImageStatus.Library)
            .ToList();
        int total = images.Count;
        lock (_gate)
        {
            if (_map is { } cached && cached.Version == snapshot.Version && cached.Images == total)
            {
                return cached.Map;
            }
        }

        // An even, seeded sample: the same catalog always gives the same picture.
        if (images.Count > MaxMapPoints)
        {
            var random = new Random(7);
            images = images.OrderBy(_ => random.Next()).Take(MaxMapPoints).OrderBy(i => i.Id).ToList();
        }

        var points = new List<MapPointJson>();
        if (images.Count > 0)
        {
            VectorSet vectors = session.Store.Read(images.Select(i => i.EmbeddingRow).ToArray());
            Placement[] placed = snapshot.Model.Classify(vectors);
            VectorSet projected = snapshot.Model.Projection.Transform(vectors);
            // The layout separates the model's clusters; unknowns are laid out by their nearest
            // cluster but shown as unknown.
            (float[] x, float[] y) = MapLayout.Discriminant(projected, placed.Select(p => p.Cluster).ToArray());
            points = images.Select((image, i) => new MapPointJson(
                image.Id, x[i], y[i], image.Status == ImageStatus.Unknown ? null : image.Cluster ?? placed[i].Cluster)).ToList();
        }

        var clusters = snapshot.Clusters.Values.OrderBy(c => c.Id).Select(c => new MapClusterJson(c.Id, c.Name, c.Folder)).ToList();
        var map = new MapJson(snapshot.Version, points, clusters);
        lock (_gate)
        {
            _map = (snapshot.Version, total, map);
        }

        return map;
    }

    /// <summary>Saves the curve of the clustering that made the current model (called by the re-clustering).</summary>
    public static void SaveSelection(CatalogDb catalog, int version, EngineResult fit)
    {
        ArgumentNullException.ThrowIfNull(catalog);
        ArgumentNullException.ThrowIfNull(fit);
        var json = new SelectionJson(version, fit.ChosenPoint,
            fit.Curve.Select(p => new SelectionPointJson(p.Resolution, p.MeanClusters, p.Stability)).ToList());
        catalog.SetMetaText(SelectionKey, JsonSerializer.Serialize(json));
    }

    public SelectionJson Selection() =>
        catalog.GetMetaText(SelectionKey) is { } text
            ? JsonSerializer.Deserialize<SelectionJson>(text) ?? new SelectionJson(0, -1, [])
            : new SelectionJson(0, -1, []);

    /// <summary>Images by the hour (the first two days) or by the day they arrived, with where they are now.</summary>
    public ActivityJson Activity()
    {
        var buckets = new SortedDictionary<DateTime, int[]>();
        DateTime first = DateTime.MaxValue;
        List<ImageRecord> images = catalog.AllImages().Where(i => i.AddedUtc != default).ToList();
        foreach (ImageRecord image in images)
        {
            first = image.AddedUtc < first ? image.AddedUtc : first;
        }

        bool hourly = images.Count == 0 || (time.GetUtcNow().UtcDateTime - first).TotalDays <= 2;
        foreach (ImageRecord image in images)
        {
            DateTime t = image.AddedUtc;
            DateTime start = hourly ? new DateTime(t.Year, t.Month, t.Day, t.Hour, 0, 0, DateTimeKind.Utc) : new DateTime(t.Year, t.Month, t.Day, 0, 0, 0, DateTimeKind.Utc);
            if (!buckets.TryGetValue(start, out int[]? counts))
            {
                buckets[start] = counts = new int[4];
            }

            counts[0]++;
            counts[1] += image.Status is ImageStatus.Filed or ImageStatus.Library ? 1 : 0;
            counts[2] += image.Status == ImageStatus.Unknown ? 1 : 0;
            counts[3] += image.Status == ImageStatus.Rejected ? 1 : 0;
        }

        return new ActivityJson(hourly ? "hour" : "day",
            buckets.Select(b => new ActivityPointJson(b.Key, b.Value[0], b.Value[1], b.Value[2], b.Value[3])).ToList());
    }
}
