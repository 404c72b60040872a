using System.CommandLine;
using System.Text.Json;
using Microsoft.Extensions.Logging;
using Spectre.Console;
using Watcher.Cli;
using Watcher.Embedding;
using Watcher.Embedding.Benchmarking;

namespace Watcher.Commands;

/// <summary>watcher bench &lt;folder&gt;: decode-only, model-only and end-to-end images/s in one run.</summary>
public static class BenchCommand
{
    public static Command Create(GlobalOptions global)
    {
        var folder = new Argument<string>("folder") { Description = "Folder of images to measure on." };
        var json = new Option<bool>("--json") { Description = "Print one JSON object to stdout." };
        var limit = new Option<int?>("--limit") { Description = "Use at most this many images (the first in path order)." };
        var command = new Command("bench", "Measure decode-only, model-only and end-to-end throughput in one run.") { folder, json, limit };
        command.SetAction(async (parse, ct) =>
        {
            using var context = CommandContext.Create(parse, global);
            var report = await RunAsync(context, parse.GetValue(folder)!, parse.GetValue(limit), ct).ConfigureAwait(false);
            if (parse.GetValue(json)) Console.Out.WriteLine(JsonSerializer.Serialize(report, JsonOutput.Options));
            else Print(report);
            return 0;
        });
        return command;
    }

    public static async Task<BenchReport> RunAsync(CommandContext context, string folder, int? limit, CancellationToken ct)
    {
        var logger = context.Logger<BenchReport>();
        var settings = context.Settings.Embedding;
        var images = ImageFolder.List(folder);
        var paths = images.Take(limit ?? int.MaxValue).Select(i => i.FullPath).ToList();
        var factory = context.Get<EncoderFactory>();
        using var encoder = factory.Open();
        var options = settings.PipelineOptionsFor(encoder);
        var bench = new ThroughputBenchmark(encoder, encoder.Manifest.Preprocess, options);
        logger.LogInformation("Benchmarking {Count} images from {Folder}: model {Model}, provider {Provider}, batch {Batch}, {Workers} decoders, {Streams} model streams",
            paths.Count, folder, encoder.Manifest.Id, encoder.Provider, options.BatchSize, options.ResolvedWorkers, options.InferenceStreams);
        var result = await bench.RunAsync(paths, stage => logger.LogInformation("bench stage: {Stage}", stage), ct).ConfigureAwait(false);
        return new BenchReport(
            Model: encoder.Manifest.Id,
            Provider: encoder.Provider.ToString().ToLowerInvariant(),
            Folder: Path.GetFullPath(folder),
            Images: result.Images,
            Failed: result.Failed,
            BatchSize: options.BatchSize,
            DecodeWorkers: options.ResolvedWorkers,
            IntraOpThreads: settings.IntraOpThreads,
            InferenceStreams: options.InferenceStreams,
            Cores: Environment.ProcessorCount,
            DecodeImagesPerS: Math.Round(result.DecodeImagesPerSecond, 1),
            ModelImagesPerS: Math.Round(result.ModelImagesPerSecond, 1),
            EndToEndImagesPerS: Math.Round(result.EndToEndImagesPerSecond, 1),
            PipelineBoundImagesPerS: Math.Round(result.PipelineBound, 1),
            EndToEndVsBound: Math.Round(result.EndToEndImagesPerSecond / result.PipelineBound, 3),
            EndToEndVsModel: Math.Round(result.EndToEndImagesPerSecond / result.ModelImagesPerSecond, 3));
    }

    private static void Print(BenchReport r)
    {
        var table = new Table().AddColumn("stage").AddColumn(new TableColumn("images/s").RightAligned()).AddColumn(new TableColumn("vs model").RightAligned());
        table.AddRow("decode only", $"{r.DecodeImagesPerS:F0}", $"{r.DecodeImagesPerS / r.ModelImagesPerS:F2}x");
        table.AddRow("model only", $"{r.ModelImagesPerS:F0}", "1.00x");
        table.AddRow("pipeline bound", $"{r.PipelineBoundImagesPerS:F0}", $"{r.PipelineBoundImagesPerS / r.ModelImagesPerS:F2}x");
        table.AddRow("end to end", $"{r.EndToEndImagesPerS:F0}", $"{r.EndToEndVsModel:F2}x");
        AnsiConsole.Write(table);
        AnsiConsole.MarkupLine($"{r.Images} images ({r.Failed} failed), model [bold]{r.Model}[/] on {r.Provider}, batch {r.BatchSize}, " +
            $"{r.DecodeWorkers} decoders, {r.Cores} cores; end-to-end = {r.EndToEndVsBound:P0} of the pipeline bound.");
    }
}

public sealed record BenchReport(string Model, string Provider, string Folder, int Images, int Failed, int BatchSize, int DecodeWorkers,
    int IntraOpThreads, int InferenceStreams, int Cores, double DecodeImagesPerS, double ModelImagesPerS, double EndToEndImagesPerS,
    double PipelineBoundImagesPerS, double EndToEndVsBound, double EndToEndVsModel);
