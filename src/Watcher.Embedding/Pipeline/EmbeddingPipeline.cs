using System.Collections.Concurrent;
using System.Runtime.CompilerServices;
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
/// Decodes on several workers while the model runs: each decoder takes a whole batch, decodes it
/// into a pooled buffer and hands it to the model side, which yields batches in input order.
///
/// The workers are dedicated threads that live as long as the pipeline and serve every
/// <see cref="RunAsync"/> call in the order the calls came: a call queues its batches behind those
/// of the calls before it. So a caller that starts its next call before the last one has finished
/// (the daemon, which embeds its inbox a few hundred files at a time) keeps decoders and model busy
/// across the seam; with workers per call, every call began with a model waiting for its first
/// decoded batch and ended with decoders idle behind the last model call (measured: the daemon
/// embedded at 0.65 of the bench's rate).
///
/// Two ways to run the model (PipelineOptions.InferenceStreams): one call at a time on ONNX
/// Runtime's own threads, or several single-threaded calls side by side. With one call on a CPU,
/// decoders pause while it runs: ONNX Runtime's parallel loops wait for their slowest thread, and a
/// decoder holding a core stalls all of them (measured: end-to-end fell to 0.6 of the bound with
/// free overlap on 2 cores). Single-threaded calls wait for nobody, so decoders and calls simply
/// share the cores (the default on a CPU: docs/decisions.md). With a GPU, one call, no pausing.
/// </summary>
public sealed class EmbeddingPipeline(IBatchEncoder encoder, Preprocess preprocess, PipelineOptions options) : IDisposable
{
    private readonly BlockingCollection<WorkItem> _work = new(new ConcurrentQueue<WorkItem>());
    private readonly BlockingCollection<DecodedBatch> _decoded = new(new ConcurrentQueue<DecodedBatch>());
    private readonly ConcurrentDictionary<PipelineJob, byte> _active = new();
    private readonly CancellationTokenSource _stop = new();
    private readonly ManualResetEventSlim _gate = new(initialState: true);
    private readonly Lock _startLock = new();
    private readonly int _streams = Math.Max(1, options.InferenceStreams);
    private List<Thread>? _threads;
    private BufferPool? _pool;
    private bool _disposed;

    public async IAsyncEnumerable<EmbeddedBatch> RunAsync(IReadOnlyList<string> paths, IProgress<int>? progress = null,
        [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(paths);
        if (paths.Count == 0) yield break;
        EnsureStarted();
        var job = new PipelineJob(paths, Math.Max(1, options.BatchSize));
        _active[job] = 0;
        try
        {
            for (var b = 0; b < job.BatchCount; b++) _work.Add(new WorkItem(job, b), CancellationToken.None);
            var pending = new Dictionary<int, EmbeddedBatch>();
            var nextToYield = 0;
            var done = 0;
            await foreach (var result in job.Results.Reader.ReadAllAsync(cancellationToken).ConfigureAwait(false))
            {
                pending[result.Start / job.BatchSize] = result;
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
            // Broken off early, cancelled or failed: the workers skip what is left of this call.
            job.Cancel();
            _active.TryRemove(job, out _);
        }
    }

    private void EnsureStarted()
    {
        lock (_startLock)
        {
            ObjectDisposedException.ThrowIf(_disposed, this);
            if (_pool is not null) return;
            var workers = options.ResolvedWorkers;
            // Buffers in flight: one per decoder, the queue, and those under inference.
            var pool = _pool = new BufferPool(workers + options.QueuedBatches + _streams, Math.Max(1, options.BatchSize) * encoder.InputLength);
            // Dedicated threads, not the thread pool: on a 2-core machine the pool has 2 threads, and two
            // CPU-bound decoders holding them starved the consumer (decode-only ran at 0.6 of raw speed).
            _threads = [
                .. Enumerable.Range(0, workers).Select(n => new Thread(() => DecodeLoop(pool)) { IsBackground = true, Name = $"watcher-decode-{n}" }),
                .. Enumerable.Range(0, _streams).Select(n => new Thread(() => InferLoop(pool)) { IsBackground = true, Name = $"watcher-infer-{n}" }),
            ];
            _threads.ForEach(t => t.Start());
        }
    }

    private void DecodeLoop(BufferPool pool)
    {
        using var decoder = new ImageDecoder(preprocess, options.Limits);
        try
        {
            foreach (var item in _work.GetConsumingEnumerable(_stop.Token))
            {
                if (item.Job.Cancelled)
                {
                    item.Job.Skip();
                    continue;
                }
                var buffer = pool.Take(_stop.Token);
                try
                {
                    _decoded.Add(DecodeBatch(decoder, item, buffer), _stop.Token);
                }
                catch (Exception ex) when (ex is not OperationCanceledException || !_stop.IsCancellationRequested)
                {
                    pool.Return(buffer);
                    item.Job.Fail(ex);
                }
            }
        }
        catch (OperationCanceledException) when (_stop.IsCancellationRequested) { }
    }

    private void InferLoop(BufferPool pool)
    {
        // One call at a time on a CPU: the decoders pause while it runs (see the class comment).
        var pause = _streams == 1 && encoder.RunsOnCpu;
        try
        {
            foreach (var batch in _decoded.GetConsumingEnumerable(_stop.Token))
            {
                EmbeddedBatch? result = null;
                try
                {
                    if (batch.Job.Cancelled)
                    {
                        batch.Job.Skip();
                        continue;
                    }
                    if (pause) _gate.Reset();
                    result = Infer(batch);
                }
                catch (Exception ex)
                {
                    batch.Job.Fail(ex);
                }
                finally
                {
                    if (pause) _gate.Set();
                    pool.Return(batch.Buffer);
                }
                if (result is not null) batch.Job.Deliver(result);
            }
        }
        catch (OperationCanceledException) when (_stop.IsCancellationRequested) { }
    }

    private DecodedBatch DecodeBatch(ImageDecoder decoder, WorkItem item, float[] buffer)
    {
        var (job, index) = item;
        var start = job.Start(index);
        var count = job.Count(index);
        var results = new DecodeResult[count];
        var slotToItem = new int[count];
        var filled = 0;
        var slot = decoder.TensorLength;
        for (var i = 0; i < count && !job.Cancelled; i++)
        {
            _gate.Wait(_stop.Token);
            results[i] = decoder.DecodeFile(job.Paths[start + i], buffer.AsSpan(filled * slot, slot));
            if (results[i].IsSuccess) slotToItem[filled++] = i;
        }
        return new DecodedBatch(job, index, buffer, results, slotToItem, filled);
    }

    private EmbeddedBatch Infer(DecodedBatch batch)
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
        var start = batch.Job.Start(batch.Batch);
        var batchPaths = new string[count];
        for (var i = 0; i < count; i++) batchPaths[i] = batch.Job.Paths[start + i];
        return new EmbeddedBatch(start, batchPaths, batch.Results, embeddings, d);
    }

    /// <summary>Stops the workers; calls still running end with <see cref="ObjectDisposedException"/>.</summary>
    public void Dispose()
    {
        lock (_startLock)
        {
            if (_disposed) return;
            _disposed = true;
        }
        _stop.Cancel();
        _gate.Set();
        foreach (var t in _threads ?? []) t.Join();
        foreach (var job in _active.Keys) job.Fail(new ObjectDisposedException(nameof(EmbeddingPipeline)));
        _work.Dispose();
        _decoded.Dispose();
        _pool?.Dispose();
        _gate.Dispose();
        _stop.Dispose();
    }
}
