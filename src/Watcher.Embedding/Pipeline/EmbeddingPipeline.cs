using System.Runtime.CompilerServices;
using System.Threading.Channels;
using Watcher.Embedding.Decoding;
using Watcher.Embedding.Inference;
using Watcher.Embedding.Models;

namespace Watcher.Embedding.Pipeline;

public sealed record PipelineOptions
{
    public int BatchSize { get; init; } = 32;
    /// <summary>0 means one decoder per core.</summary>
    public int DecodeWorkers { get; init; }
    /// <summary>Decoded batches that may wait for the model; bounds memory, keeps the model fed.</summary>
    public int QueuedBatches { get; init; } = 2;
    public DecodeLimits Limits { get; init; } = new();

    public int ResolvedWorkers => DecodeWorkers > 0 ? DecodeWorkers : Environment.ProcessorCount;
}

/// <summary>One batch of results, in input order: Embeddings has a row per item; rows of failed items are zero.</summary>
public sealed record EmbeddedBatch(int Start, IReadOnlyList<string> Paths, DecodeResult[] Results, float[] Embeddings, int Dimension)
{
    public ReadOnlySpan<float> Row(int i) => Embeddings.AsSpan(i * Dimension, Dimension);
}

/// <summary>
/// Decodes on several workers while the model runs: each worker claims a whole batch, decodes it
/// into a pooled buffer (successes packed first so the model never sees a failed slot) and hands
/// it over a bounded channel; the consumer runs the model and yields batches in input order.
/// </summary>
public sealed class EmbeddingPipeline(IBatchEncoder encoder, Preprocess preprocess, PipelineOptions options)
{
    private sealed record DecodedBatch(int Index, float[] Buffer, DecodeResult[] Results, int[] SlotToItem, int Filled);

    public async IAsyncEnumerable<EmbeddedBatch> RunAsync(IReadOnlyList<string> paths, IProgress<int>? progress = null,
        [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        var batchSize = Math.Max(1, options.BatchSize);
        var batchCount = (paths.Count + batchSize - 1) / batchSize;
        if (batchCount == 0) yield break;
        var workers = Math.Min(options.ResolvedWorkers, batchCount);

        // Buffers in flight: one per worker, the queue, and the one under inference.
        var pool = Channel.CreateBounded<float[]>(workers + options.QueuedBatches + 1);
        for (var i = 0; i < workers + options.QueuedBatches + 1; i++)
            pool.Writer.TryWrite(GC.AllocateUninitializedArray<float>(batchSize * encoder.InputLength));
        var decoded = Channel.CreateBounded<DecodedBatch>(new BoundedChannelOptions(options.QueuedBatches) { SingleReader = true });

        using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var nextBatch = -1;
        var decoders = Enumerable.Range(0, workers).Select(_ => Task.Run(async () =>
        {
            using var decoder = new ImageDecoder(preprocess, options.Limits);
            int index;
            while ((index = Interlocked.Increment(ref nextBatch)) < batchCount)
            {
                var buffer = await pool.Reader.ReadAsync(linked.Token).ConfigureAwait(false);
                var batch = DecodeBatch(decoder, paths, index, batchSize, buffer, linked.Token);
                await decoded.Writer.WriteAsync(batch, linked.Token).ConfigureAwait(false);
            }
        }, linked.Token)).ToArray();
        var allDecoded = Task.WhenAll(decoders).ContinueWith(t => decoded.Writer.TryComplete(t.Exception), TaskScheduler.Default);

        var pending = new Dictionary<int, EmbeddedBatch>();
        var nextToYield = 0;
        var done = 0;
        try
        {
            await foreach (var batch in decoded.Reader.ReadAllAsync(linked.Token).ConfigureAwait(false))
            {
                var result = Infer(batch, paths, batchSize);
                await pool.Writer.WriteAsync(batch.Buffer, linked.Token).ConfigureAwait(false);
                pending[batch.Index] = result;
                while (pending.Remove(nextToYield, out var ready))
                {
                    nextToYield++;
                    done += ready.Paths.Count;
                    progress?.Report(done);
                    yield return ready;
                }
            }
        }
        finally
        {
            await linked.CancelAsync().ConfigureAwait(false);
            try { await allDecoded.ConfigureAwait(false); } catch (OperationCanceledException) { }
        }
        foreach (var t in decoders)
        {
            if (t.IsFaulted) throw t.Exception!.GetBaseException();
        }
    }

    private static DecodedBatch DecodeBatch(ImageDecoder decoder, IReadOnlyList<string> paths, int index, int batchSize, float[] buffer, CancellationToken ct)
    {
        var start = index * batchSize;
        var count = Math.Min(batchSize, paths.Count - start);
        var results = new DecodeResult[count];
        var slotToItem = new int[count];
        var filled = 0;
        var slot = decoder.TensorLength;
        for (var i = 0; i < count; i++)
        {
            ct.ThrowIfCancellationRequested();
            results[i] = decoder.DecodeFile(paths[start + i], buffer.AsSpan(filled * slot, slot));
            if (results[i].IsSuccess) slotToItem[filled++] = i;
        }
        return new DecodedBatch(index, buffer, results, slotToItem, filled);
    }

    private EmbeddedBatch Infer(DecodedBatch batch, IReadOnlyList<string> paths, int batchSize)
    {
        var d = encoder.Dimension;
        var count = batch.Results.Length;
        var embeddings = new float[count * d];
        if (batch.Filled > 0)
        {
            var packed = new float[batch.Filled * d];
            encoder.Encode(batch.Buffer, batch.Filled, packed);
            for (var s = 0; s < batch.Filled; s++)
                packed.AsSpan(s * d, d).CopyTo(embeddings.AsSpan(batch.SlotToItem[s] * d, d));
        }
        var start = batch.Index * batchSize;
        var batchPaths = new string[count];
        for (var i = 0; i < count; i++) batchPaths[i] = paths[start + i];
        return new EmbeddedBatch(start, batchPaths, batch.Results, embeddings, d);
    }
}
