namespace Watcher.Catalog;

/// <summary>Where an image stands. Every image the service has seen has exactly one record.</summary>
public enum ImageStatus
{
    /// <summary>Known and still in the inbox: waiting for bootstrap, or for its move to finish.</summary>
    Waiting,

    /// <summary>Filed under output/&lt;name&gt;/ (a named or a not-yet-named cluster).</summary>
    Filed,

    /// <summary>Unlike every known cluster: in output/_unknown/ for a person to look at.</summary>
    Unknown,

    /// <summary>Not an image the encoder could read (corrupt, empty, too big): in output/_rejected/.</summary>
    Rejected,

    /// <summary>The file disappeared from where the catalog last saw it (removed by someone else).</summary>
    Missing,

    /// <summary>Part of an existing library given to `watcher init --from`: clustered, never moved.</summary>
    Library,

    /// <summary>Set aside by a person from the review queue: in output/_ignored/, never asked about or clustered again.</summary>
    Ignored,
}

/// <summary>One image: its identity (SHA-256 of the bytes), where it came from and where it is now.</summary>
public sealed class ImageRecord
{
    public long Id { get; set; }

    /// <summary>Lower-case hex SHA-256 of the file's bytes.</summary>
    public string Sha256 { get; set; } = "";

    public long Length { get; set; }

    public string OriginalPath { get; set; } = "";

    public string CurrentPath { get; set; } = "";

    public ImageStatus Status { get; set; }

    /// <summary>Cluster id in the current model, when filed by the model.</summary>
    public int? Cluster { get; set; }

    /// <summary>The folder under output/ it is filed in (a cluster name, cluster-NN, _unknown or _rejected).</summary>
    public string? Folder { get; set; }

    public double? Score { get; set; }

    /// <summary>A person put it where it is: re-clustering never moves it.</summary>
    public bool Pinned { get; set; }

    /// <summary>Row in the embedding store, or -1 for images without an embedding (rejected).</summary>
    public long EmbeddingRow { get; set; } = -1;

    /// <summary>Another image with the same bytes, when this one is a copy of it.</summary>
    public long? DuplicateOf { get; set; }

    /// <summary>Why a rejected image was rejected.</summary>
    public string? Error { get; set; }

    public DateTime AddedUtc { get; set; }

    public DateTime UpdatedUtc { get; set; }
}

/// <summary>A cluster of the current model, as a person sees it.</summary>
public sealed class ClusterRecord
{
    public int Id { get; set; }

    public string? Name { get; set; }

    public int Size { get; set; }

    /// <summary>New in the latest re-clustering and not named yet: waiting for a person.</summary>
    public bool Proposed { get; set; }

    public int ModelVersion { get; set; }

    /// <summary>Image ids a person should look at to name it.</summary>
    public IList<long> ReviewImages { get; set; } = [];

    /// <summary>The folder under output/ its images are filed in.</summary>
    public string Folder { get; set; } = "";
}

/// <summary>The stage a journaled move reached; what recovery does depends on it.</summary>
public enum MoveStage
{
    /// <summary>Intent written, nothing on disk known to have happened yet.</summary>
    Intended,

    /// <summary>Across volumes: the copy is complete and verified; the source may still exist.</summary>
    Copied,
}

/// <summary>A move in progress. An entry exists only while a move is unfinished.</summary>
public sealed class JournalEntry
{
    public long Id { get; set; }

    public long ImageId { get; set; }

    public string From { get; set; } = "";

    public string To { get; set; } = "";

    public string Sha256 { get; set; } = "";

    public long Length { get; set; }

    public MoveStage Stage { get; set; }

    /// <summary>What the image record becomes when the move completes.</summary>
    public ImageStatus TargetStatus { get; set; }

    public string? TargetFolder { get; set; }

    public int? TargetCluster { get; set; }

    public double? TargetScore { get; set; }

    /// <summary>
    /// The image's row in the embedding store. A new image's record is written when its move
    /// completes (one catalog write instead of two), so recovery rebuilds it from the entry.
    /// </summary>
    public long EmbeddingRow { get; set; } = -1;

    public DateTime StartedUtc { get; set; }
}

/// <summary>Something a person decided: a cluster named, an image assigned. Kept as history.</summary>
public sealed class DecisionRecord
{
    public long Id { get; set; }

    public string Kind { get; set; } = "";

    public int? Cluster { get; set; }

    public long? ImageId { get; set; }

    public string Name { get; set; } = "";

    public DateTime AtUtc { get; set; }
}
