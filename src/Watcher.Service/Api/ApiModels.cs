namespace Watcher.Service.Api;

// The loopback API's JSON (snake_case on the wire). The CLI prints these as they come.

public sealed record StatusJson(
    string State, int ModelVersion, IReadOnlyDictionary<string, int> Images, int Clusters, int Proposed, int UnfinishedMoves,
    int BootstrapMinImages, long ImagesSinceClustering, bool Clustering, IReadOnlyList<string> Inboxes, string Output, string Data);

public sealed record ClusterJson(int Id, string? Name, string Folder, int Size, int Filed, bool Proposed, IReadOnlyList<string> ReviewImages);

public sealed record ImageJson(long Id, string Path, string OriginalPath, string Status, string? Folder, int? Cluster, double? Score, bool Pinned, string? Error);

public sealed record LabelRequest(string Name);

public sealed record AssignRequest(string Image, string Name);

public sealed record ErrorJson(string Error);
