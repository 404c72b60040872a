using System.Threading.Channels;
using Watcher.Embedding.Decoding;

namespace Watcher.Embedding.Pipeline;

/// <summary>
/// One <see cref="EmbeddingPipeline.RunAsync"/> call as the pipeline's workers see it: its paths, cut
/// into batches that the workers take in turn, and the channel its results come back on (in any
/// order; the caller puts them back in input order). A job is done when every batch has been
/// delivered or skipped; a cancelled job's batches still waiting are skipped, not decoded.
/// </summary>
internal sealed class PipelineJob(IReadOnlyList<string> paths, int batchSize)
{
    private int _settled;
    private volatile bool _cancelled;

    public IReadOnlyList<string> Paths => paths;

    public int BatchSize => batchSize;

    public int BatchCount { get; } = (paths.Count + batchSize - 1) / batchSize;

    public Channel<EmbeddedBatch> Results { get; } = Channel.CreateUnbounded<EmbeddedBatch>(new UnboundedChannelOptions { SingleReader = true });

    public bool Cancelled => _cancelled;

    public int Start(int batch) => batch * batchSize;

    public int Count(int batch) => Math.Min(batchSize, paths.Count - Start(batch));

    public void Deliver(EmbeddedBatch result)
    {
        Results.Writer.TryWrite(result);
        Settle();
    }

    public void Skip() => Settle();

    /// <summary>The caller stopped reading (or was cancelled): what is left is not worth decoding.</summary>
    public void Cancel()
    {
        _cancelled = true;
        Results.Writer.TryComplete();
    }

    public void Fail(Exception error)
    {
        _cancelled = true;
        Results.Writer.TryComplete(error);
    }

    private void Settle()
    {
        if (Interlocked.Increment(ref _settled) == BatchCount)
        {
            Results.Writer.TryComplete();
        }
    }
}

/// <summary>A batch of a job for a decoder to take.</summary>
internal sealed record WorkItem(PipelineJob Job, int Batch);

/// <summary>A decoded batch waiting for the model: successes packed first, so the model never sees a failed slot.</summary>
internal sealed record DecodedBatch(PipelineJob Job, int Batch, float[] Buffer, DecodeResult[] Results, int[] SlotToItem, int Filled);

/// <summary>Fixed set of batch buffers (tens of MB each); decoders block on it, which is what bounds memory.</summary>
internal sealed class BufferPool(int count, int length) : IDisposable
{
    private readonly System.Collections.Concurrent.ConcurrentQueue<float[]> _free = new(
        Enumerable.Range(0, count).Select(_ => GC.AllocateUninitializedArray<float>(length)));

    private readonly SemaphoreSlim _available = new(count);

    public float[] Take(CancellationToken ct)
    {
        _available.Wait(ct);
        return _free.TryDequeue(out float[]? buffer) ? buffer : throw new InvalidOperationException("buffer pool out of step");
    }

    public void Return(float[] buffer)
    {
        _free.Enqueue(buffer);
        _available.Release();
    }

    public void Dispose() => _available.Dispose();
}
