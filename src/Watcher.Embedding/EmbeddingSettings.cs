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
    /// <summary>
    /// Model calls side by side. 0 (auto): on a CPU one single-threaded call per core (unless
    /// IntraOpThreads is set), on a GPU one. Measured on 2 cores: model-only +8%, end-to-end +5%,
    /// and the daemon's other work no longer stalls ONNX Runtime's parallel loops.
    /// </summary>
    public int InferenceStreams { get; set; }
    public long MaxPixels { get; set; } = 100_000_000;
    public long MaxFileBytes { get; set; } = 256L * 1024 * 1024;
    public bool VerifyChecksum { get; set; } = true;

    public DecodeLimits Limits => new() { MaxPixels = MaxPixels, MaxFileBytes = MaxFileBytes };

    /// <summary>The pipeline for an opened encoder: the number of model streams depends on where it runs.</summary>
    public PipelineOptions PipelineOptionsFor(IBatchEncoder encoder)
    {
        ArgumentNullException.ThrowIfNull(encoder);
        return new()
        {
            BatchSize = BatchSize,
            DecodeWorkers = DecodeWorkers,
            QueuedBatches = QueuedBatches,
            InferenceStreams = InferenceStreams > 0 ? InferenceStreams
                : encoder.RunsOnCpu && IntraOpThreads == 0 ? Environment.ProcessorCount : 1,
            Limits = Limits,
        };
    }

    public EncoderOptions EncoderOptions => new()
    {
        Provider = Provider,
        DeviceId = DeviceId,
        IntraOpThreads = IntraOpThreads,
        SingleThreadOnCpu = InferenceStreams != 1 && IntraOpThreads == 0,
        VerifyChecksum = VerifyChecksum,
    };
}
