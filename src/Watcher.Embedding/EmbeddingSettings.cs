using Watcher.Embedding.Decoding;
using Watcher.Embedding.Inference;
using Watcher.Embedding.Pipeline;

namespace Watcher.Embedding;

/// <summary>The "Watcher:Embedding" section of config/appsettings.json (documented in the README).</summary>
public sealed class EmbeddingSettings
{
    /// <summary>A manifest id, or "auto" for the first present model by priority.</summary>
    public string Model { get; set; } = "auto";
    /// <summary>Searched first for weights and extra manifests; WATCHER_MODELS_DIR comes next.</summary>
    public string? ModelsDir { get; set; }
    public ProviderPreference Provider { get; set; } = ProviderPreference.Auto;
    public int DeviceId { get; set; }
    public int BatchSize { get; set; } = 32;
    public int DecodeWorkers { get; set; }
    public int IntraOpThreads { get; set; }
    public int QueuedBatches { get; set; } = 2;
    public long MaxPixels { get; set; } = 100_000_000;
    public long MaxFileBytes { get; set; } = 256L * 1024 * 1024;
    public bool VerifyChecksum { get; set; } = true;

    public DecodeLimits Limits => new() { MaxPixels = MaxPixels, MaxFileBytes = MaxFileBytes };

    public PipelineOptions PipelineOptions => new()
    {
        BatchSize = BatchSize,
        DecodeWorkers = DecodeWorkers,
        QueuedBatches = QueuedBatches,
        Limits = Limits,
    };

    public EncoderOptions EncoderOptions => new()
    {
        Provider = Provider,
        DeviceId = DeviceId,
        IntraOpThreads = IntraOpThreads,
        VerifyChecksum = VerifyChecksum,
    };
}
