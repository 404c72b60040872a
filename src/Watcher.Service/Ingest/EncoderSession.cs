using Microsoft.Extensions.Logging;
using Watcher.Catalog;
using Watcher.Embedding;
using Watcher.Embedding.Inference;
using Watcher.Embedding.Pipeline;

namespace Watcher.Service.Ingest;

/// <summary>
/// The encoder, its pipeline and the embedding store, opened once for the life of the daemon:
/// loading the ONNX session costs about a second, and the store must be opened with the encoder
/// that fills it (a store from another encoder is refused).
/// </summary>
public sealed class EncoderSession : IDisposable
{
    private EncoderSession(OnnxImageEncoder encoder, EmbeddingPipeline pipeline, EmbeddingStore store)
    {
        Encoder = encoder;
        Pipeline = pipeline;
        Store = store;
    }

    public OnnxImageEncoder Encoder { get; }

    public EmbeddingPipeline Pipeline { get; }

    public EmbeddingStore Store { get; }

    public string EncoderId => Encoder.Manifest.Id;

    public static EncoderSession Open(EncoderFactory factory, string dataDir, ILogger logger)
    {
        ArgumentNullException.ThrowIfNull(factory);
        OnnxImageEncoder encoder = factory.Open();
        try
        {
            EmbeddingStore store = EmbeddingStore.Open(dataDir, encoder.Manifest.Id, encoder.Dimension);
            logger.LogInformation("Embedding store {Path} holds {Rows} vectors ({Dimension}-d, {Model})",
                Path.Combine(dataDir, "embeddings.f32"), store.Rows, store.Dimension, store.EncoderId);
            return new EncoderSession(encoder, factory.CreatePipeline(encoder, encoder.Manifest), store);
        }
        catch
        {
            encoder.Dispose();
            throw;
        }
    }

    public void Dispose()
    {
        Store.Dispose();
        Encoder.Dispose();
    }
}
