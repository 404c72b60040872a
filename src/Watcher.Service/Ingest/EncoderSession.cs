using Microsoft.Extensions.Logging;
using Watcher.Catalog;
using Watcher.Embedding;
using Watcher.Embedding.Decoding;
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

    // Rows written to the store in one append (one flush): few enough that a large library is
    // never held in memory whole, many enough that a batch of files costs one or two flushes.
    private const int AppendRows = 1024;

    /// <summary>
    /// Embeds the files and appends every success to the store. Returns, per file, its row in the
    /// store (-1 when it failed) and its decode result. Rows are written before the caller records
    /// them, so a crash in between leaves orphan rows, never a record pointing at a missing row.
    /// </summary>
    public async Task<(long[] Rows, DecodeResult[] Results)> EmbedAsync(
        IReadOnlyList<string> paths, IProgress<int>? progress, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(paths);
        var rows = new long[paths.Count];
        Array.Fill(rows, -1);
        var results = new DecodeResult[paths.Count];
        var vectors = new List<float>();
        var pending = new List<int>();
        await foreach (EmbeddedBatch batch in Pipeline.RunAsync(paths, progress, ct).ConfigureAwait(false))
        {
            for (int i = 0; i < batch.Paths.Count; i++)
            {
                results[batch.Start + i] = batch.Results[i];
                if (batch.Results[i].IsSuccess)
                {
                    vectors.AddRange(batch.Row(i));
                    pending.Add(batch.Start + i);
                }
            }

            if (pending.Count >= AppendRows)
            {
                Append(vectors, pending, rows);
            }
        }

        Append(vectors, pending, rows);
        return (rows, results);
    }

    // Files embedded per chunk by EmbedInChunksAsync: a large library is never held in memory whole,
    // and work already recorded survives a stop.
    private const int ChunkFiles = 2048;

    /// <summary>
    /// Embeds a long list a chunk at a time (`init`, `doctor --rebuild`), handing each chunk's rows
    /// and decode results to <paramref name="record"/> as soon as they are in the store, with one
    /// progress count over the whole list.
    /// </summary>
    public async Task EmbedInChunksAsync(
        IReadOnlyList<string> paths, IProgress<int>? progress, Action<int, long[], DecodeResult[]> record, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(paths);
        ArgumentNullException.ThrowIfNull(record);
        for (int start = 0; start < paths.Count; start += ChunkFiles)
        {
            string[] chunk = paths.Skip(start).Take(ChunkFiles).ToArray();
            IProgress<int>? overall = progress is null ? null : new Offset(progress, start);
            (long[] rows, DecodeResult[] results) = await EmbedAsync(chunk, overall, ct).ConfigureAwait(false);
            record(start, rows, results);
        }
    }

    // The pipeline counts from zero for each chunk; the caller's progress counts the whole list.
    private sealed class Offset(IProgress<int> inner, int start) : IProgress<int>
    {
        public void Report(int value) => inner.Report(start + value);
    }

    private void Append(List<float> vectors, List<int> pending, long[] rows)
    {
        if (pending.Count == 0)
        {
            return;
        }

        long first = Store.Append(vectors.ToArray());
        for (int g = 0; g < pending.Count; g++)
        {
            rows[pending[g]] = first + g;
        }

        vectors.Clear();
        pending.Clear();
    }

    /// <summary>
    /// Runs the pipeline once on a made-up photo, so the first real batch does not pay for ONNX
    /// Runtime's first-run set-up, the JIT and the batch buffers (measured: the daemon's first
    /// batch of 256 took 0.9 s against 0.55 s for the ones after it). The photo is written to the
    /// data folder and removed again.
    /// </summary>
    public async Task WarmUpAsync(string dataDir, CancellationToken ct)
    {
        string path = Path.Combine(dataDir, $"warm-up-{Environment.ProcessId}.jpg");
        try
        {
            using (var bitmap = new SkiaSharp.SKBitmap(320, 240))
            {
                bitmap.Erase(new SkiaSharp.SKColor(0x80, 0x90, 0xa0));
                using SkiaSharp.SKData jpeg = bitmap.Encode(SkiaSharp.SKEncodedImageFormat.Jpeg, 85);
                await File.WriteAllBytesAsync(path, jpeg.ToArray(), ct).ConfigureAwait(false);
            }

            string[] paths = Enumerable.Repeat(path, 64).ToArray();
            await foreach (EmbeddedBatch _ in Pipeline.RunAsync(paths, null, ct).ConfigureAwait(false))
            {
            }
        }
        finally
        {
            File.Delete(path);
        }
    }

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
        // The pipeline's workers call the encoder: stop them first.
        Pipeline.Dispose();
        Store.Dispose();
        Encoder.Dispose();
    }
}
