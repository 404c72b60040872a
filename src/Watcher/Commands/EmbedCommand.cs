using System.CommandLine;
using System.Diagnostics;
using System.Text;
using System.Text.Json;
using Microsoft.Extensions.Logging;
using Watcher.Cli;
using Watcher.Embedding;
using Watcher.Embedding.Storage;

namespace Watcher.Commands;

/// <summary>watcher embed &lt;folder&gt; --out file.npy: embeddings as float32 [N,D] plus file.tsv (path, label).</summary>
public static class EmbedCommand
{
    public static Command Create(GlobalOptions global)
    {
        var folder = new Argument<string>("folder") { Description = "Folder of images; the first sub-folder of each file is its label." };
        var output = new Option<string>("--out", "-o") { Description = "Output .npy file; the .tsv is written beside it.", Required = true };
        var json = new Option<bool>("--json") { Description = "Print a JSON summary to stdout." };
        var command = new Command("embed", "Embed every image in a folder into a .npy matrix and a .tsv index.") { folder, output, json };
        command.SetAction(async (parse, ct) =>
        {
            using var context = CommandContext.Create(parse, global);
            return await RunAsync(context, parse.GetValue(folder)!, parse.GetValue(output)!, parse.GetValue(json), ct).ConfigureAwait(false);
        });
        return command;
    }

    public static async Task<int> RunAsync(CommandContext context, string folder, string outPath, bool json, CancellationToken ct)
    {
        var logger = context.Logger<EmbedSummary>();
        var images = ImageFolder.List(folder);
        var factory = context.Get<EncoderFactory>();
        using var encoder = factory.Open();
        using var pipeline = factory.CreatePipeline(encoder, encoder.Manifest);
        var npyPath = Path.GetFullPath(outPath);
        var tsvPath = Path.ChangeExtension(npyPath, ".tsv");
        Directory.CreateDirectory(Path.GetDirectoryName(npyPath)!);
        logger.LogInformation("Embedding {Count} files from {Folder} into {Output}", images.Count, Path.GetFullPath(folder), npyPath);

        var clock = Stopwatch.StartNew();
        var skipped = 0;
        using (var npy = new NpyWriter(npyPath, encoder.Dimension))
        using (var tsv = new StreamWriter(tsvPath, append: false, new UTF8Encoding(false)))
        {
            tsv.Write("path\tlabel\n");
            var paths = images.Select(i => i.FullPath).ToList();
            skipped = await ProgressDisplay.RunAsync("embedding", images.Count, logger, async progress =>
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
                            await Console.Error.WriteLineAsync($"skipped {image.RelativePath}: {batch.Results[i].Error}: {batch.Results[i].Reason}").ConfigureAwait(false);
                            continue;
                        }
                        npy.WriteRow(batch.Row(i));
                        tsv.Write($"{ImageFolder.EscapeTsv(image.RelativePath)}\t{ImageFolder.EscapeTsv(image.Label)}\n");
                    }
                }
                return failed;
            }).ConfigureAwait(false);
            npy.Complete();
        }
        var summary = new EmbedSummary(images.Count - skipped, skipped, encoder.Dimension, encoder.Manifest.Id,
            encoder.Provider.ToString().ToLowerInvariant(), Math.Round(clock.Elapsed.TotalSeconds, 3),
            Math.Round((images.Count - skipped) / Math.Max(clock.Elapsed.TotalSeconds, 1e-9), 1), npyPath, tsvPath);
        logger.LogInformation("Embedded {Images} images ({Dimension}-d, {Model} on {Provider}) in {Seconds:F1} s, {Rate:F0} images/s; {Skipped} skipped",
            summary.Images, summary.Dimension, summary.Model, summary.Provider, summary.Seconds, summary.ImagesPerSecond, summary.Skipped);
        if (json) Console.Out.WriteLine(JsonSerializer.Serialize(summary, JsonOutput.Options));
        return 0;
    }
}

public sealed record EmbedSummary(int Images, int Skipped, int Dimension, string Model, string Provider, double Seconds,
    double ImagesPerSecond, string Npy, string Tsv);

public static class JsonOutput
{
    public static readonly JsonSerializerOptions Options = new() { PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower };
}
