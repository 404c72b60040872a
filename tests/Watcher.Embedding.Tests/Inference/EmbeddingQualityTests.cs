using SkiaSharp;
using Watcher.Core.Vectors;
using Watcher.Embedding.Decoding;
using Watcher.Embedding.Pipeline;
using Watcher.Embedding.Tests.Support;

namespace Watcher.Embedding.Tests.Inference;

/// <summary>Real model, real photos: proves preprocessing and inference are right, not just running.</summary>
public sealed class EmbeddingQualityTests(EncoderFixture fixture) : IClassFixture<EncoderFixture>, IDisposable
{
    private readonly TempFolder _temp = new();

    public void Dispose() => _temp.Dispose();

    private async Task<float[][]> EmbedAsync(IReadOnlyList<string> paths)
    {
        using var pipeline = new EmbeddingPipeline(fixture.Encoder, fixture.Encoder.Manifest.Preprocess, new PipelineOptions());
        var rows = new List<float[]>();
        await foreach (var batch in pipeline.RunAsync(paths))
            for (var i = 0; i < batch.Paths.Count; i++)
            {
                batch.Results[i].IsSuccess.Should().BeTrue(batch.Results[i].ToString());
                rows.Add(batch.Row(i).ToArray());
            }
        return [.. rows];
    }

    [Fact]
    public async Task Same_image_twice_gives_the_same_embedding()
    {
        var photo = SharedData.Sample(SharedData.Imagenette, 1)[0].Path;

        var rows = await EmbedAsync([photo, photo]);

        rows[0].Should().Equal(rows[1]);
        VectorOps.Cosine(rows[0], rows[0]).Should().BeApproximately(1f, 1e-5f, "embeddings are L2-normalised");
    }

    [Fact]
    public async Task Resized_and_reencoded_copies_stay_close()
    {
        var photo = Directory.GetFiles(SharedData.ImagenetSample).Order(StringComparer.Ordinal).Skip(3).First();
        using var original = TestImages.Load(photo);
        using var smaller = TestImages.Resize(original, original.Width * 2 / 3, original.Height * 2 / 3);
        var resized = _temp.Write("resized.png", TestImages.Encode(smaller, SKEncodedImageFormat.Png));
        var reencoded = _temp.Write("reencoded.jpg", TestImages.Encode(original, SKEncodedImageFormat.Jpeg, 60));
        var webp = _temp.Write("copy.webp", TestImages.Encode(original, SKEncodedImageFormat.Webp, 80));
        var other = Directory.GetFiles(SharedData.ImagenetSample).Order(StringComparer.Ordinal).Skip(150).First();

        var rows = await EmbedAsync([photo, resized, reencoded, webp, other]);

        VectorOps.Cosine(rows[0], rows[1]).Should().BeGreaterThan(0.95f, "a 2/3-size copy shows the same thing");
        VectorOps.Cosine(rows[0], rows[2]).Should().BeGreaterThan(0.95f, "a quality-60 JPEG shows the same thing");
        VectorOps.Cosine(rows[0], rows[3]).Should().BeGreaterThan(0.95f, "a WebP copy shows the same thing");
        VectorOps.Cosine(rows[0], rows[4]).Should().BeLessThan(VectorOps.Cosine(rows[0], rows[1]), "another photo is further away");
    }

    [Fact]
    public async Task Leave_one_out_nearest_neighbour_finds_the_class()
    {
        // 50 images per Imagenette class. Wrong mean/std, channel order or crop drops this sharply.
        var sample = SharedData.Sample(SharedData.Imagenette, 50);
        var rows = await EmbedAsync(sample.Select(s => s.Path).ToList());

        var correct = 0;
        for (var i = 0; i < rows.Length; i++)
        {
            var best = -1;
            var bestSim = float.NegativeInfinity;
            for (var j = 0; j < rows.Length; j++)
            {
                if (j == i) continue;
                var sim = VectorOps.Cosine(rows[i], rows[j]);
                if (sim > bestSim) (best, bestSim) = (j, sim);
            }
            if (sample[best].Label == sample[i].Label) correct++;
        }
        var accuracy = correct / (double)rows.Length;

        rows.Length.Should().Be(500);
        accuracy.Should().BeGreaterThanOrEqualTo(0.8);
    }

    [Fact]
    public async Task Wrong_channel_order_is_measurably_worse()
    {
        // The control for the test above: the same check with BGR input must score lower, so it can fail.
        var sample = SharedData.Sample(SharedData.Imagenette, 20);
        var bgr = fixture.Encoder.Manifest.Preprocess with { ChannelOrder = Watcher.Embedding.Models.ChannelOrder.Bgr, Mean = [0f, 0f, 0f], Std = [1f, 1f, 1f] };
        var right = await EmbedAsync(sample.Select(s => s.Path).ToList());
        using var pipeline = new EmbeddingPipeline(fixture.Encoder, bgr, new PipelineOptions());
        var wrong = new List<float[]>();
        await foreach (var batch in pipeline.RunAsync(sample.Select(s => s.Path).ToList()))
            for (var i = 0; i < batch.Paths.Count; i++) wrong.Add(batch.Row(i).ToArray());

        LooAccuracy(wrong, sample).Should().BeLessThan(LooAccuracy(right, sample));
    }

    private static double LooAccuracy(IReadOnlyList<float[]> rows, IReadOnlyList<(string Path, string Label)> sample) =>
        Enumerable.Range(0, rows.Count).Count(i =>
            sample[Enumerable.Range(0, rows.Count).Where(j => j != i).MaxBy(j => VectorOps.Cosine(rows[i], rows[j]))].Label == sample[i].Label)
        / (double)rows.Count;
}
