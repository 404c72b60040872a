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

    private Option[] All => [Config, Data, Inbox, Output, ApiPort, ModelsDir, Model, Provider, BatchSize, Workers, Threads];

    public void AddTo(RootCommand root)
    {
        foreach (var option in All)
            root.Options.Add(option);
    }

    /// <summary>
    /// `watcher <command>` with the global options this invocation was given, quoted for a POSIX
    /// shell, so an error can name the exact command that recovers with the same settings.
    /// </summary>
    public string CommandLine(ParseResult parse, string command)
    {
        var line = new System.Text.StringBuilder("watcher ").Append(command);
        // The API port only matters to the daemon and the commands that call it.
        foreach (var option in All.Where(o => o != ApiPort))
        {
            if (parse.GetResult(option) is not { Implicit: false } given) continue;
            foreach (var token in given.Tokens) line.Append(' ').Append(option.Name).Append(' ').Append(Quote(token.Value));
        }
        return line.ToString();
    }

    private static string Quote(string value) =>
        value.Length > 0 && value.All(c => char.IsAsciiLetterOrDigit(c) || "_-./:=@%+,".Contains(c)) ? value : "'" + value.Replace("'", "'\\''", StringComparison.Ordinal) + "'";
}
