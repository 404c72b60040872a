using System.Diagnostics;
using Watcher.Embedding.Decoding;
using Watcher.Embedding.Inference;
using Watcher.Embedding.Models;
using Watcher.Embedding.Pipeline;

namespace Watcher.Embedding.Benchmarking;

public sealed record ThroughputResult(
    int Images,
    int Failed,
    double DecodeImagesPerSecond,
    double ModelImagesPerSecond,
    double EndToEndImagesPerSecond)
{
    /// <summary>What a perfect overlap on shared cores could reach: 1 / (1/decode + 1/model).</summary>
    public double PipelineBound => 1.0 / (1.0 / DecodeImagesPerSecond + 1.0 / ModelImagesPerSecond);
}

/// <summary>
/// Measures the three rates in one run, on the same files and settings, so their ratios mean
/// something: decode-only (the pipeline with a no-op model), model-only (preprocessed tensors fed
/// repeatedly, no decoding), and end-to-end (the real pipeline).
/// </summary>
public sealed class ThroughputBenchmark(IBatchEncoder encoder, Preprocess preprocess, PipelineOptions options)
{
    public enum Stage
    {
        Warmup,
        Decode,
        Model,
        EndToEnd,
    }

    public async Task<ThroughputResult> RunAsync(IReadOnlyList<string> paths, Action<Stage>? onStage = null, CancellationToken ct = default)
    {
        if (paths.Count == 0) throw new ArgumentException("no images to measure", nameof(paths));
        onStage?.Invoke(Stage.Warmup);
        WarmFileCache(paths);
        using var pipeline = new EmbeddingPipeline(encoder, preprocess, options);
        await DrainAsync(pipeline, paths.Take(Math.Min(paths.Count, 4 * options.BatchSize)).ToList(), ct).ConfigureAwait(false);

        onStage?.Invoke(Stage.Decode);
        double decodeSeconds;
        int failed;
        using (var decodeOnly = new EmbeddingPipeline(new NoOpEncoder(encoder), preprocess, options))
            (decodeSeconds, failed) = await DrainAsync(decodeOnly, paths, ct).ConfigureAwait(false);

        onStage?.Invoke(Stage.Model);
        var modelRate = MeasureModel(paths, paths.Count - failed);

        onStage?.Invoke(Stage.EndToEnd);
        var (e2eSeconds, _) = await DrainAsync(pipeline, paths, ct).ConfigureAwait(false);

        var ok = paths.Count - failed;
        return new ThroughputResult(paths.Count, failed, ok / decodeSeconds, modelRate, ok / e2eSeconds);
    }

    private static async Task<(double Seconds, int Failed)> DrainAsync(EmbeddingPipeline pipeline, IReadOnlyList<string> paths, CancellationToken ct)
    {
        var failed = 0;
        var clock = Stopwatch.StartNew();
        await foreach (var batch in pipeline.RunAsync(paths, null, ct).ConfigureAwait(false))
            failed += batch.Results.Count(r => !r.IsSuccess);
        return (clock.Elapsed.TotalSeconds, failed);
    }

    /// <summary>Runs the model over as many images as the end-to-end pass will, from tensors decoded beforehand.</summary>
    private double MeasureModel(IReadOnlyList<string> paths, int images)
    {
        var batchSize = options.BatchSize;
        var batches = new List<float[]>();
        using (var decoder = new ImageDecoder(preprocess, options.Limits))
        {
            var buffer = new float[batchSize * encoder.InputLength];
            var filled = 0;
            foreach (var path in paths)
            {
                if (!decoder.DecodeFile(path, buffer.AsSpan(filled * encoder.InputLength, encoder.InputLength)).IsSuccess) continue;
                if (++filled < batchSize) continue;
                batches.Add(buffer);
                if (batches.Count == 4) break;
                buffer = new float[batchSize * encoder.InputLength];
                filled = 0;
            }
            if (batches.Count == 0) throw new InvalidOperationException($"fewer than {batchSize} decodable images: cannot measure the model alone");
        }
        var warm = new float[batchSize * encoder.Dimension];
        encoder.Encode(batches[0], batchSize, warm);
        // As many calls side by side as the pipeline makes, so "model-only" is the model's best on this machine.
        var streams = Math.Max(1, options.InferenceStreams);
        var claimed = 0;
        var done = 0;
        var clock = Stopwatch.StartNew();
        Parallel.For(0, streams, new ParallelOptions { MaxDegreeOfParallelism = streams }, s =>
        {
            var output = new float[batchSize * encoder.Dimension];
            for (var i = s; Interlocked.Add(ref claimed, batchSize) - batchSize < images; i++)
            {
                encoder.Encode(batches[i % batches.Count], batchSize, output);
                Interlocked.Add(ref done, batchSize);
            }
        });
        return done / clock.Elapsed.TotalSeconds;
    }

    private static void WarmFileCache(IReadOnlyList<string> paths)
    {
        // Rates are about decoding and inference, not about a cold disk on the first pass.
        Parallel.ForEach(paths, () => new byte[1 << 16], (path, _, local) =>
        {
            try
            {
                using var s = File.OpenRead(path);
                while (s.Read(local) > 0) { }
            }
            catch (IOException) { }
            catch (UnauthorizedAccessException) { }
            return local;
        }, _ => { });
    }

    private sealed class NoOpEncoder(IBatchEncoder shape) : IBatchEncoder
    {
        public int InputLength => shape.InputLength;
        public int Dimension => shape.Dimension;
        public bool RunsOnCpu => false;
        public void Encode(Memory<float> input, int count, Span<float> output) { }
    }
}
