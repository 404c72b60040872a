using Watcher.Embedding.Decoding;
using Watcher.Embedding.Pipeline;
using Watcher.Embedding.Tests.Support;

namespace Watcher.Embedding.Tests.Pipeline;

public sealed class EmbeddingPipelineTests(EncoderFixture fixture) : IClassFixture<EncoderFixture>, IDisposable
{
    private readonly TempFolder _temp = new();

    public void Dispose() => _temp.Dispose();

    [Fact]
    public async Task Bad_files_are_reported_in_place_and_the_batch_goes_on()
    {
        var good = SharedData.Sample(SharedData.Imagenette, 3).Select(s => s.Path).Take(7).ToList();
        var empty = _temp.Write("empty.jpg", []);
        var text = _temp.Write("notes.jpg", "not a photo"u8.ToArray());
        List<string> paths = [good[0], empty, good[1], good[2], text, good[3], _temp.File("vanished.jpg"), good[4], good[5], good[6]];
        using var pipeline = new EmbeddingPipeline(fixture.Encoder, fixture.Encoder.Manifest.Preprocess, new PipelineOptions { BatchSize = 4, DecodeWorkers = 3 });
        var progress = new List<int>();

        var batches = new List<EmbeddedBatch>();
        await foreach (var batch in pipeline.RunAsync(paths, new SyncProgress(progress.Add))) batches.Add(batch);

        batches.Select(b => b.Start).Should().Equal(0, 4, 8);
        var results = batches.SelectMany(b => b.Results).ToList();
        results.Select(r => r.Error).Should().Equal(
            DecodeError.None, DecodeError.Empty, DecodeError.None, DecodeError.None, DecodeError.NotAnImage,
            DecodeError.None, DecodeError.Unreadable, DecodeError.None, DecodeError.None, DecodeError.None);
        progress.Should().Equal(4, 8, 10);

        // Each good image gets exactly the embedding it gets alone; failed rows are zero.
        using var alone = new EmbeddingPipeline(fixture.Encoder, fixture.Encoder.Manifest.Preprocess, new PipelineOptions { BatchSize = 1 });
        await foreach (var single in alone.RunAsync([good[2]]))
        {
            var row = batches[0].Row(3).ToArray();
            row.Zip(single.Row(0).ToArray(), (a, b) => Math.Abs(a - b)).Max().Should().BeLessThan(1e-4f);
        }
        batches[0].Row(1).ToArray().Should().OnlyContain(v => v == 0f);
    }

    [Theory]
    [InlineData(2)]
    [InlineData(3)]
    public async Task Several_model_calls_side_by_side_give_the_same_embeddings_in_input_order(int streams)
    {
        var paths = SharedData.Sample(SharedData.Imagenette, 3).Select(s => s.Path).ToList();
        paths.Insert(5, _temp.Write("broken.jpg", "not a photo"u8.ToArray()));
        using var one = new EmbeddingPipeline(fixture.Encoder, fixture.Encoder.Manifest.Preprocess, new PipelineOptions { BatchSize = 4 });
        using var many = new EmbeddingPipeline(fixture.Encoder, fixture.Encoder.Manifest.Preprocess,
            new PipelineOptions { BatchSize = 4, InferenceStreams = streams, DecodeWorkers = 2 });
        var progress = new List<int>();

        var expected = new List<EmbeddedBatch>();
        await foreach (var batch in one.RunAsync(paths)) expected.Add(batch);
        var actual = new List<EmbeddedBatch>();
        await foreach (var batch in many.RunAsync(paths, new SyncProgress(progress.Add))) actual.Add(batch);

        actual.Select(b => b.Start).Should().Equal(expected.Select(b => b.Start), "batches come out in input order");
        progress.Should().BeInAscendingOrder().And.HaveCount(expected.Count);
        actual.SelectMany(b => b.Results.Select(r => r.Error)).Should().Equal(expected.SelectMany(b => b.Results.Select(r => r.Error)));
        actual.SelectMany(b => b.Embeddings).Zip(expected.SelectMany(b => b.Embeddings), (a, e) => Math.Abs(a - e)).Max().Should().BeLessThan(1e-4f);
    }

    [Fact]
    public async Task Breaking_off_early_stops_the_workers()
    {
        var paths = SharedData.Sample(SharedData.Imagenette, 20).Select(s => s.Path).ToList();
        using var pipeline = new EmbeddingPipeline(fixture.Encoder, fixture.Encoder.Manifest.Preprocess, new PipelineOptions { BatchSize = 8 });

        var seen = 0;
        await foreach (var _ in pipeline.RunAsync(paths))
            if (++seen == 2) break;

        seen.Should().Be(2);

        // What was left of the first call is skipped; the workers serve the next call in full.
        var again = 0;
        await foreach (var batch in pipeline.RunAsync(paths)) again += batch.Results.Count(r => r.IsSuccess);
        again.Should().Be(paths.Count);
    }

    [Fact]
    public async Task Calls_made_at_once_queue_behind_each_other_and_each_gets_its_own_results_in_order()
    {
        var sample = SharedData.Sample(SharedData.Imagenette, 4).Select(s => s.Path).ToList();
        List<string> first = [.. sample.Take(21)];
        List<string> second = [.. sample.Skip(21).Take(13)];
        using var pipeline = new EmbeddingPipeline(fixture.Encoder, fixture.Encoder.Manifest.Preprocess,
            new PipelineOptions { BatchSize = 4, DecodeWorkers = 2, InferenceStreams = 2 });
        using var reference = new EmbeddingPipeline(fixture.Encoder, fixture.Encoder.Manifest.Preprocess, new PipelineOptions { BatchSize = 4 });

        var both = await Task.WhenAll(Collect(pipeline, first), Collect(pipeline, second));
        var expected = await Task.WhenAll(Collect(reference, first), Collect(reference, second));

        for (var call = 0; call < 2; call++)
        {
            both[call].Select(b => b.Start).Should().BeInAscendingOrder().And.OnlyHaveUniqueItems();
            both[call].SelectMany(b => b.Paths).Should().Equal(call == 0 ? first : second);
            both[call].SelectMany(b => b.Embeddings).Zip(expected[call].SelectMany(b => b.Embeddings), (a, e) => Math.Abs(a - e))
                .Max().Should().BeLessThan(1e-4f);
        }
    }

    [Fact]
    public async Task Disposing_the_pipeline_ends_a_call_in_progress()
    {
        var paths = SharedData.Sample(SharedData.Imagenette, 30).Select(s => s.Path).ToList();
        // The real encoder behind a gate: the call cannot finish before the pipeline is disposed,
        // however fast this machine embeds 300 photos.
        using var gated = new GatedEncoder(fixture.Encoder);
        var pipeline = new EmbeddingPipeline(gated, fixture.Encoder.Manifest.Preprocess, new PipelineOptions { BatchSize = 4 });
        var read = Task.Run(async () =>
        {
            await foreach (var _ in pipeline.RunAsync(paths)) { }
        });
        gated.Entered.Wait(TimeSpan.FromSeconds(30)).Should().BeTrue("the model was called");

        // Dispose stops the workers and waits for them; the model call in hand finishes first.
        var disposing = Task.Run(pipeline.Dispose);
        gated.Open();
        await disposing;

        await read.Awaiting(r => r).Should().ThrowAsync<ObjectDisposedException>();
        var after = async () =>
        {
            await foreach (var _ in pipeline.RunAsync(paths)) { }
        };
        await after.Should().ThrowAsync<ObjectDisposedException>();
    }

    private static async Task<List<EmbeddedBatch>> Collect(EmbeddingPipeline pipeline, List<string> paths)
    {
        var batches = new List<EmbeddedBatch>();
        await foreach (var batch in pipeline.RunAsync(paths)) batches.Add(batch);
        return batches;
    }

    [Fact]
    public async Task Empty_input_yields_nothing()
    {
        using var pipeline = new EmbeddingPipeline(fixture.Encoder, fixture.Encoder.Manifest.Preprocess, new PipelineOptions());
        var count = 0;
        await foreach (var _ in pipeline.RunAsync([])) count++;
        count.Should().Be(0);
    }

    private sealed class GatedEncoder(Watcher.Embedding.Inference.IBatchEncoder inner) : Watcher.Embedding.Inference.IBatchEncoder, IDisposable
    {
        private readonly ManualResetEventSlim _open = new(false);

        public ManualResetEventSlim Entered { get; } = new(false);

        public int InputLength => inner.InputLength;

        public int Dimension => inner.Dimension;

        public bool RunsOnCpu => inner.RunsOnCpu;

        public void Encode(Memory<float> input, int count, Span<float> output)
        {
            Entered.Set();
            _open.Wait(TimeSpan.FromSeconds(30));
            inner.Encode(input, count, output);
        }

        public void Open() => _open.Set();

        public void Dispose()
        {
            _open.Dispose();
            Entered.Dispose();
        }
    }

    private sealed class SyncProgress(Action<int> report) : IProgress<int>
    {
        public void Report(int value) => report(value);
    }
}
