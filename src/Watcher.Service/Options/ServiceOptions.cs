namespace Watcher.Service.Options;

/// <summary>Where sorted images go: output/&lt;name&gt;/, output/_unknown/, output/_rejected/.</summary>
public sealed class OutputOptions
{
    public string Dir { get; set; } = "output";
}

/// <summary>How many images must be known before the first clustering.</summary>
public sealed class BootstrapOptions
{
    public int MinImages { get; set; } = 200;
}

/// <summary>What happens to a file whose bytes the catalog already knows.</summary>
public enum DuplicatePolicy
{
    /// <summary>File the copy next to the first one, under the same name (with a suffix if taken).</summary>
    FileBeside,

    /// <summary>Leave the copy in the inbox and record it; nothing is moved.</summary>
    LeaveInInbox,
}

public sealed class DuplicateOptions
{
    public DuplicatePolicy Policy { get; set; } = DuplicatePolicy.FileBeside;
}

/// <summary>When the whole catalog is clustered again.</summary>
public sealed class ReclusterOptions
{
    /// <summary>Re-cluster after this many new images since the last clustering; 0 turns it off.</summary>
    public int AfterNewImages { get; set; } = 1000;

    /// <summary>Re-cluster on this period (hours) when anything new arrived; 0 turns it off.</summary>
    public double IntervalHours { get; set; } = 24;

    /// <summary>
    /// At most this many images (a uniform sample) are clustered; the rest are placed by the new
    /// model like new images. Bounds time and memory at 10^5-10^6 images, where more images no
    /// longer change the clusters.
    /// </summary>
    public int MaxFitImages { get; set; } = 20_000;
}

/// <summary>The loopback HTTP API the CLI commands (and the review page) talk to.</summary>
public sealed class ApiOptions
{
    /// <summary>Port of the API and the review page.</summary>
    public int Port { get; set; } = 5480;

    /// <summary>
    /// Address to listen on: 127.0.0.1 by default, so only this machine can connect. Another
    /// address (0.0.0.0 for every interface) opens the page to the network; every request still
    /// needs the access token, but it travels unencrypted over plain HTTP.
    /// </summary>
    public string Address { get; set; } = "127.0.0.1";
}

/// <summary>How settled files are gathered into batches for the encoder.</summary>
public sealed class IngestOptions
{
    /// <summary>Most files handled in one batch: bounds the work a shutdown has to finish.</summary>
    public int MaxBatch { get; set; } = 256;

    /// <summary>How long to wait for more files before a partial batch goes (ms): latency vs throughput.</summary>
    public int GatherMilliseconds { get; set; } = 50;

    /// <summary>
    /// A file that fails to decode within this many seconds of its last write is given another
    /// chance instead of being rejected: a writer that paused longer than the settle period
    /// (a slow network copy) leaves a truncated file that will be complete soon.
    /// </summary>
    public double YoungFileSeconds { get; set; } = 30;

    /// <summary>
    /// Intake pauses while the output or the data folder's volume has less free space than this
    /// (MB): images wait in the inbox rather than meet a full disk halfway through a move or a
    /// catalog write.
    /// </summary>
    public double MinFreeMegabytes { get; set; } = 64;

    /// <summary>How often a paused intake checks whether it may go on (seconds).</summary>
    public double PausedProbeSeconds { get; set; } = 5;
}
