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
    /// <summary>
    /// Model calls running at once. 1: one call at a time using ONNX Runtime's own threads (and on a
    /// CPU the decoders pause meanwhile). More: that many single-threaded calls side by side with
    /// the decoders, for a session made with one intra-op thread; nothing then waits for a
    /// straggler, so other work on the machine costs only its own CPU time.
    /// </summary>
    public int InferenceStreams { get; init; } = 1;

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
/// it over a bounded channel; the model side yields batches in input order.
/// Two ways to run the model (PipelineOptions.InferenceStreams): one call at a time on ONNX
/// Runtime's own threads, or several single-threaded calls side by side. With one call on a CPU,
/// decoders pause while it runs: ONNX Runtime's parallel loops wait for their slowest thread, and a
/// decoder holding a core stalls all of them (measured: end-to-end fell to 0.6 of the bound with
/// free overlap on 2 cores). Single-threaded calls wait for nobody, so decoders and calls simply
/// share the cores (the default on a CPU: docs/decisions.md). With a GPU, one call, no pausing.
/// </summary>
public sealed class EmbeddingPipeline(IBatchEncoder encoder, Preprocess preprocess, PipelineOptions options)
{
    private sealed record DecodedBatch(int Index, float[] Buffer, DecodeResult[] Results, int[] SlotToItem, int Filled);

    // Batch buffers (tens of MB each) kept between runs: the daemon runs the pipeline once per
    // batch of files, and fresh buffers each time piled up as large-object garbage (the daemon's
    // peak memory was 2-3x its live data).
    private readonly System.Collections.Concurrent.ConcurrentBag<float[]> _spares = [];

    public async IAsyncEnumerable<EmbeddedBatch> RunAsync(IReadOnlyList<string> paths, IProgress<int>? progress = null,
        [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        var batchSize = Math.Max(1, options.BatchSize);
        var batchCount = (paths.Count + batchSize - 1) / batchSize;
        if (batchCount == 0) yield break;
        var workers = Math.Min(options.ResolvedWorkers, batchCount);

        // Buffers in flight: one per worker, the queue, and those under inference. The pool is
        // what bounds memory, so the hand-over channel itself can be unbounded.
        var poolSize = workers + options.QueuedBatches + Math.Max(1, options.InferenceStreams);
        using var pool = new BufferPool(poolSize, batchSize * encoder.InputLength, _spares);
        // Several model streams read it at once: a single-reader channel cancels a reader's pending wait
        // when another one starts waiting.
        var decoded = Channel.CreateUnbounded<DecodedBatch>(new UnboundedChannelOptions { SingleReader = options.InferenceStreams <= 1 });

        using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        using var gate = new ManualResetEventSlim(initialState: true);
        var nextBatch = -1;
        var running = workers;
        // Dedicated threads, not the thread pool: on a 2-core machine the pool has 2 threads, and two
        // CPU-bound decoders holding them starved the consumer (decode-only ran at 0.6 of raw speed).
        var threads = Enumerable.Range(0, workers).Select(n => new Thread(() =>
        {
            Exception? failure = null;
            try
            {
                using var decoder = new ImageDecoder(preprocess, options.Limits);
                int index;
                while ((index = Interlocked.Increment(ref nextBatch)) < batchCount)
                {
                    var buffer = pool.Take(linked.Token);
                    decoded.Writer.TryWrite(DecodeBatch(decoder, paths, index, batchSize, buffer, gate, linked.Token));
                }
            }
            catch (OperationCanceledException) when (linked.IsCancellationRequested) { }
            catch (Exception ex) { failure = ex; }
            if (failure is not null) decoded.Writer.TryComplete(failure);
            else if (Interlocked.Decrement(ref running) == 0) decoded.Writer.TryComplete();
        })
        { IsBackground = true, Name = $"watcher-decode-{n}" }).ToList();
        threads.ForEach(t => t.Start());

        var pending = new Dictionary<int, EmbeddedBatch>();
        var nextToYield = 0;
        var done = 0;
        var streams = Math.Max(1, options.InferenceStreams);
        var inferred = Channel.CreateUnbounded<EmbeddedBatch>(new UnboundedChannelOptions { SingleReader = true });
        var inferring = streams == 1 ? [] : StartStreams(streams, decoded.Reader, inferred.Writer, pool, paths, batchSize, linked.Token);
        try
        {
            var source = streams == 1 ? InferInTurn(decoded.Reader, pool, gate, paths, batchSize, linked.Token) : inferred.Reader.ReadAllAsync(linked.Token);
            await foreach (var result in source.ConfigureAwait(false))
            {
                pending[result.Start / batchSize] = result;
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
            gate.Set();
            foreach (var t in threads) t.Join();
            foreach (var t in inferring) t.Join();
        }
    }

    // One model call at a time; on a CPU the decoders wait while it runs (see the class comment).
    private async IAsyncEnumerable<EmbeddedBatch> InferInTurn(ChannelReader<DecodedBatch> decoded, BufferPool pool, ManualResetEventSlim gate,
        IReadOnlyList<string> paths, int batchSize, [EnumeratorCancellation] CancellationToken ct)
    {
        await foreach (var batch in decoded.ReadAllAsync(ct).ConfigureAwait(false))
        {
            if (encoder.RunsOnCpu) gate.Reset();
            EmbeddedBatch result;
            try
            {
                result = Infer(batch, paths, batchSize);
            }
            finally
            {
                gate.Set();
            }
            pool.Return(batch.Buffer);
            yield return result;
        }
    }

    // Several model calls side by side on dedicated threads; results arrive out of order.
    private List<Thread> StartStreams(int streams, ChannelReader<DecodedBatch> decoded, ChannelWriter<EmbeddedBatch> inferred, BufferPool pool,
        IReadOnlyList<string> paths, int batchSize, CancellationToken ct)
    {
        var running = streams;
        var threads = Enumerable.Range(0, streams).Select(n => new Thread(() =>
        {
            Exception? failure = null;
            try
            {
                while (decoded.WaitToReadAsync(ct).AsTask().GetAwaiter().GetResult())
                {
                    while (decoded.TryRead(out var batch))
                    {
                        var result = Infer(batch, paths, batchSize);
                        pool.Return(batch.Buffer);
                        inferred.TryWrite(result);
                    }
                }
            }
            catch (OperationCanceledException) when (ct.IsCancellationRequested) { }
            catch (Exception ex) { failure = ex; }
            if (failure is not null) inferred.TryComplete(failure);
            else if (Interlocked.Decrement(ref running) == 0) inferred.TryComplete();
        })
        { IsBackground = true, Name = $"watcher-infer-{n}" }).ToList();
        threads.ForEach(t => t.Start());
        return threads;
    }

    /// <summary>Fixed set of batch buffers; decoders block on it, which is what bounds memory.</summary>
    private sealed class BufferPool : IDisposable
    {
        private readonly System.Collections.Concurrent.ConcurrentQueue<float[]> _free = new();
        private readonly SemaphoreSlim _available;

        private readonly System.Collections.Concurrent.ConcurrentBag<float[]> _spares;

        public BufferPool(int count, int length, System.Collections.Concurrent.ConcurrentBag<float[]> spares)
        {
            _spares = spares;
            for (var i = 0; i < count; i++)
                _free.Enqueue(spares.TryTake(out var spare) && spare.Length == length ? spare : GC.AllocateUninitializedArray<float>(length));
            _available = new SemaphoreSlim(count);
        }

        public float[] Take(CancellationToken ct)
        {
            _available.Wait(ct);
            return _free.TryDequeue(out var buffer) ? buffer : throw new InvalidOperationException("buffer pool out of step");
        }

        public void Return(float[] buffer)
        {
            _free.Enqueue(buffer);
            _available.Release();
        }

        public void Dispose()
        {
            while (_free.TryDequeue(out var buffer)) _spares.Add(buffer);
            _available.Dispose();
        }
    }

    private static DecodedBatch DecodeBatch(ImageDecoder decoder, IReadOnlyList<string> paths, int index, int batchSize, float[] buffer,
        ManualResetEventSlim gate, CancellationToken ct)
    {
        var start = index * batchSize;
        var count = Math.Min(batchSize, paths.Count - start);
        var results = new DecodeResult[count];
        var slotToItem = new int[count];
        var filled = 0;
        var slot = decoder.TensorLength;
        for (var i = 0; i < count; i++)
        {
            gate.Wait(ct);
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
