using Microsoft.Extensions.Logging;
using Watcher.Embedding.Inference;
using Watcher.Embedding.Models;
using Watcher.Embedding.Pipeline;

namespace Watcher.Embedding;

/// <summary>Finds the configured model and opens it; the one place that says which model runs.</summary>
public sealed class EncoderFactory(EmbeddingSettings settings, ILoggerFactory loggerFactory)
{
    private readonly ILogger _logger = loggerFactory.CreateLogger<EncoderFactory>();

    public ModelRegistry LoadRegistry()
    {
        var searchPath = ModelRegistry.BuildSearchPath(settings.ModelsDir,
            Environment.GetEnvironmentVariable(ModelRegistry.EnvironmentVariable),
            Environment.CurrentDirectory, AppContext.BaseDirectory);
        return ModelRegistry.Load(searchPath, AppContext.BaseDirectory);
    }

    public OnnxImageEncoder Open()
    {
        var registry = LoadRegistry();
        var model = registry.Select(settings.Model);
        _logger.LogInformation("Model {Model} selected ({Request}) from {Path}", model.Manifest.Id, settings.Model, model.WeightsPath);
        return OnnxImageEncoder.Create(model, settings.EncoderOptions, loggerFactory.CreateLogger<OnnxImageEncoder>());
    }

    public EmbeddingPipeline CreatePipeline(IBatchEncoder encoder, ModelManifest manifest) =>
        new(encoder, manifest.Preprocess, settings.PipelineOptionsFor(encoder));
}
