using System.CommandLine;
using Watcher.Embedding.Inference;

namespace Watcher.Commands;

/// <summary>Options every command accepts; they override config/appsettings.json.</summary>
public sealed class GlobalOptions
{
    public Option<string?> Config { get; } = new("--config") { Description = "Path to appsettings.json (default: config/appsettings.json beside the executable).", Recursive = true };
    public Option<string?> Data { get; } = new("--data") { Description = "Data folder (catalog, models, logs).", Recursive = true };
    public Option<string[]> Inbox { get; } = new("--inbox") { Description = "Inbox folder to watch (repeat for several); replaces the configured list.", Recursive = true, AllowMultipleArgumentsPerToken = false };
    public Option<string?> Output { get; } = new("--output") { Description = "Output folder (sorted images, _unknown, _rejected).", Recursive = true };
    public Option<int?> ApiPort { get; } = new("--api-port") { Description = "Loopback port of the daemon's API (run listens on it; other commands call it).", Recursive = true };
    public Option<string?> ModelsDir { get; } = new("--models-dir") { Description = "Folder searched first for model weights (then WATCHER_MODELS_DIR, ./models).", Recursive = true };
    public Option<string?> Model { get; } = new("--model", "-m") { Description = "Model id (a manifest in models/), or auto.", Recursive = true };
    public Option<ProviderPreference?> Provider { get; } = new("--provider") { Description = "Execution provider: auto, cuda, directml or cpu.", Recursive = true };
    public Option<int?> BatchSize { get; } = new("--batch-size") { Description = "Images per model call.", Recursive = true };
    public Option<int?> Workers { get; } = new("--decode-workers") { Description = "Parallel decoders (0: one per core).", Recursive = true };
    public Option<int?> Threads { get; } = new("--intra-op-threads") { Description = "ONNX Runtime threads (0: one per core).", Recursive = true };

    public void AddTo(RootCommand root)
    {
        foreach (var option in new Option[] { Config, Data, Inbox, Output, ApiPort, ModelsDir, Model, Provider, BatchSize, Workers, Threads })
            root.Options.Add(option);
    }
}
