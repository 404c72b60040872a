using Watcher.Core.Engine;
using Watcher.Embedding;
using Watcher.Service.Inbox;
using Watcher.Service.Options;

namespace Watcher.Hosting;

/// <summary>The "Watcher" section of config/appsettings.json.</summary>
public sealed class WatcherSettings
{
    /// <summary>Catalog, models and logs live here; relative paths are taken from the working directory.</summary>
    public string DataDir { get; set; } = "data";
    public EmbeddingSettings Embedding { get; set; } = new();
    public EngineOptions Clustering { get; set; } = new();
    public InboxOptions Inbox { get; set; } = new();
    public OutputOptions Output { get; set; } = new();
    public BootstrapOptions Bootstrap { get; set; } = new();
    public DuplicateOptions Duplicates { get; set; } = new();
    public ReclusterOptions Recluster { get; set; } = new();
    public IngestOptions Ingest { get; set; } = new();
    public ApiOptions Api { get; set; } = new();
    public LogFileSettings LogFiles { get; set; } = new();
}

public sealed class LogFileSettings
{
    public bool Enabled { get; set; } = true;
    public int RetainedFileCountLimit { get; set; } = 14;
    public long FileSizeLimitBytes { get; set; } = 50L * 1024 * 1024;
}
