using System.Globalization;
using System.Text.Json;
using Watcher.Commands;

namespace Watcher.Review;

internal sealed record DaemonOverview(string State, string Output, string Data, int Total, int Unknown, int BootstrapMinImages);

internal sealed record ReviewCluster(int Id, string Folder, int Size, bool Proposed, IReadOnlyList<string> Samples);

internal sealed record QueueImage(long Id, string Path, double? Score);

internal sealed record QueuePage(int Total, int Offset, IReadOnlyList<QueueImage> Images);

internal sealed record LabelOutcome(string Name, string OldFolder, int Moved);

internal sealed record AssignOutcome(string Name, int? Cluster, bool Created, IReadOnlyList<QueueImage> Images);

/// <summary>
/// The daemon calls the review makes (docs/api.md), read into small records so the dialogue code
/// never digs through JSON. A missing field means a daemon of another version: that is said plainly.
/// </summary>
internal sealed class ReviewApi(DaemonClient client)
{
    public async Task<DaemonOverview> OverviewAsync(CancellationToken ct)
    {
        var s = await client.GetAsync("status", ct).ConfigureAwait(false);
        return Read("status", () =>
        {
            var images = s.GetProperty("images");
            return new DaemonOverview(
                s.GetProperty("state").GetString()!, s.GetProperty("output").GetString()!, s.GetProperty("data").GetString()!,
                images.GetProperty("total").GetInt32(), images.TryGetProperty("unknown", out var u) ? u.GetInt32() : 0,
                s.TryGetProperty("bootstrap_min_images", out var min) ? min.GetInt32() : 0);
        });
    }

    /// <summary>Clusters nobody has named, those the last clustering proposed first, then by id.</summary>
    public async Task<IReadOnlyList<ReviewCluster>> UnnamedClustersAsync(CancellationToken ct)
    {
        var clusters = await client.GetAsync("clusters", ct).ConfigureAwait(false);
        return Read("clusters", () => clusters.EnumerateArray()
            .Where(c => !c.TryGetProperty("name", out var name) || name.ValueKind == JsonValueKind.Null)
            .Select(c => new ReviewCluster(
                c.GetProperty("id").GetInt32(), c.GetProperty("folder").GetString()!, c.GetProperty("size").GetInt32(),
                c.GetProperty("proposed").GetBoolean(),
                c.GetProperty("review_images").EnumerateArray().Select(p => p.GetString()!).ToList()))
            .OrderByDescending(c => c.Proposed).ThenBy(c => c.Id)
            .ToList());
    }

    public async Task<LabelOutcome> LabelAsync(int cluster, string name, CancellationToken ct)
    {
        var r = await client.PostAsync($"clusters/{cluster}/label", new { name }, ct).ConfigureAwait(false);
        return Read("label", () => new LabelOutcome(r.GetProperty("name").GetString()!, r.GetProperty("old_folder").GetString()!, r.GetProperty("moved").GetInt32()));
    }

    public async Task<QueuePage> UnknownsAsync(int offset, int limit, CancellationToken ct)
    {
        var page = await client.GetAsync($"unknowns?offset={offset}&limit={limit}", ct).ConfigureAwait(false);
        return Read("unknowns", () => new QueuePage(
            page.GetProperty("total").GetInt32(), page.GetProperty("offset").GetInt32(),
            page.GetProperty("images").EnumerateArray().Select(ReadImage).ToList()));
    }

    public async Task<AssignOutcome> AssignAsync(IReadOnlyList<long> images, string name, CancellationToken ct)
    {
        var r = await client.PostAsync("assign", new { images = AsText(images), name }, ct).ConfigureAwait(false);
        return Read("assign", () => new AssignOutcome(
            r.GetProperty("name").GetString()!,
            r.TryGetProperty("cluster", out var c) && c.ValueKind == JsonValueKind.Number ? c.GetInt32() : null,
            r.TryGetProperty("created", out var created) && created.ValueKind == JsonValueKind.True,
            r.GetProperty("images").EnumerateArray().Select(ReadImage).ToList()));
    }

    public async Task<int> IgnoreAsync(IReadOnlyList<long> images, CancellationToken ct)
    {
        var r = await client.PostAsync("unknowns/ignore", new { images = AsText(images) }, ct).ConfigureAwait(false);
        return Read("unknowns/ignore", () => r.GetProperty("ignored").GetInt32());
    }

    // The daemon reads "images" as strings (an id or a path, the same list for both), so ids go as text.
    private static List<string> AsText(IReadOnlyList<long> ids) => ids.Select(id => id.ToString(CultureInfo.InvariantCulture)).ToList();

    private static QueueImage ReadImage(JsonElement i) =>
        new(i.GetProperty("id").GetInt64(), i.GetProperty("path").GetString()!,
            i.TryGetProperty("score", out var s) && s.ValueKind == JsonValueKind.Number ? s.GetDouble() : null);

    // GetProperty throws KeyNotFoundException, and an array read as an object InvalidOperationException:
    // both mean the daemon answers another version of the API than this command speaks.
    private static T Read<T>(string endpoint, Func<T> read)
    {
        try
        {
            return read();
        }
        catch (Exception ex) when (ex is KeyNotFoundException or InvalidOperationException or FormatException)
        {
            throw new DaemonRequestException(
                $"The daemon's answer to /api/{endpoint} is not what this version of watcher expects ({ex.Message}). " +
                "Run the daemon and the command from the same version.");
        }
    }
}
