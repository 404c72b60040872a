namespace Watcher.Service.Api;

// The API's JSON (snake_case on the wire; docs/api.md). The CLI prints these as they come.

public sealed record StatusJson(
    string State, int ModelVersion, IReadOnlyDictionary<string, int> Images, int Clusters, int Proposed, int UnfinishedMoves,
    int BootstrapMinImages, long ImagesSinceClustering, bool Clustering, IReadOnlyList<string> Inboxes, string Output, string Data,
    string? Paused);

public sealed record ClusterJson(
    int Id, string? Name, string Folder, int Size, int Filed, bool Proposed, IReadOnlyList<string> ReviewImages,
    IReadOnlyList<ImageJson> Samples, IReadOnlyList<int> Merged);

public sealed record ImageJson(long Id, string Path, string OriginalPath, string Status, string? Folder, int? Cluster, double? Score, bool Pinned, string? Error);

public sealed record PageJson(int Total, int Offset, IReadOnlyList<ImageJson> Images);

public sealed record AssignJson(string Name, int? Cluster, bool Created, IReadOnlyList<ImageJson> Images);

public sealed record LabelRequest(string Name);

public sealed record MergeRequest(int Into);

/// <summary>Images by catalog id (a number or a string) or by path.</summary>
public sealed record AssignRequest(System.Text.Json.JsonElement? Image, IReadOnlyList<System.Text.Json.JsonElement>? Images, string Name)
{
    public IReadOnlyList<string> ImageKeys => ImagesRequest.Keys(Images is { Count: > 0 } ? Images : Image is { } one ? [one] : []);
}

public sealed record ImagesRequest(IReadOnlyList<System.Text.Json.JsonElement>? Images)
{
    public IReadOnlyList<string> ImageKeys => Keys(Images);

    internal static IReadOnlyList<string> Keys(IReadOnlyList<System.Text.Json.JsonElement>? images) =>
        (images ?? []).Select(e => e.ValueKind == System.Text.Json.JsonValueKind.String ? e.GetString()! : e.GetRawText()).ToList();
}

public sealed record ErrorJson(string Error);

public sealed record MapPointJson(long Id, float X, float Y, int? Cluster);

public sealed record MapClusterJson(int Id, string? Name, string Folder);

public sealed record MapJson(int ModelVersion, IReadOnlyList<MapPointJson> Points, IReadOnlyList<MapClusterJson> Clusters);

public sealed record SelectionPointJson(double Resolution, double Clusters, double Stability);

public sealed record SelectionJson(int ModelVersion, int Chosen, IReadOnlyList<SelectionPointJson> Points);

public sealed record ActivityPointJson(DateTime Start, int Added, int Filed, int Unknown, int Rejected);

public sealed record ActivityJson(string Bucket, IReadOnlyList<ActivityPointJson> Points);
