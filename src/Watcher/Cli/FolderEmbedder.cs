using Microsoft.Extensions.Logging;
using Watcher.Core.Maths;
using Watcher.Embedding;

namespace Watcher.Cli;

/// <summary>A folder embedded into memory: the images that decoded, their vectors (row i = Images[i]) and the encoder used.</summary>
public sealed record EmbeddedFolder(IReadOnlyList<FolderImage> Images, VectorSet Vectors, string EncoderId, string Provider, int Skipped, double Seconds);

/// <summary>Embeds a whole folder for commands that need every vector at once (eval, init).</summary>
public static class FolderEmbedder
{
    public static async Task<EmbeddedFolder> RunAsync(EncoderFactory factory, string folder, ILogger logger, CancellationToken ct)
    {
        var images = ImageFolder.List(folder);
        if (images.Count == 0) throw new InvalidDataException($"No files found under {Path.GetFullPath(folder)}.");
        using var encoder = factory.Open();
        using var pipeline = factory.CreatePipeline(encoder, encoder.Manifest);
        var clock = System.Diagnostics.Stopwatch.StartNew();
        var kept = new List<FolderImage>(images.Count);
        var data = new float[checked(images.Count * encoder.Dimension)];
        var paths = images.Select(i => i.FullPath).ToList();
        var skipped = await ProgressDisplay.RunAsync("embedding", images.Count, logger, async progress =>
        {
            var failed = 0;
            await foreach (var batch in pipeline.RunAsync(paths, progress, ct).ConfigureAwait(false))
            {
                for (var i = 0; i < batch.Paths.Count; i++)
                {
                    var image = images[batch.Start + i];
                    if (!batch.Results[i].IsSuccess)
                    {
                        failed++;
                        logger.LogWarning("Skipped {Path}: {Error}: {Reason}", image.RelativePath, batch.Results[i].Error, batch.Results[i].Reason);
                        continue;
                    }
                    batch.Row(i).CopyTo(data.AsSpan(kept.Count * encoder.Dimension, encoder.Dimension));
                    kept.Add(image);
                }
            }
            return failed;
        }).ConfigureAwait(false);
        var vectors = new VectorSet(data[..(kept.Count * encoder.Dimension)], kept.Count, encoder.Dimension);
        logger.LogInformation("Embedded {Images} images with {Model} on {Provider} in {Seconds:F1} s; {Skipped} skipped",
            kept.Count, encoder.Manifest.Id, encoder.Provider, clock.Elapsed.TotalSeconds, skipped);
        return new EmbeddedFolder(kept, vectors, encoder.Manifest.Id, encoder.Provider.ToString().ToLowerInvariant(), skipped, clock.Elapsed.TotalSeconds);
    }
}
