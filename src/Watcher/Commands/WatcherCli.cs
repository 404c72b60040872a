using System.CommandLine;
using Serilog;
using Watcher.Embedding.Models;

namespace Watcher.Commands;

/// <summary>The command tree; every command takes --help, and --json where it reports.</summary>
public static class WatcherCli
{
    public static RootCommand Build()
    {
        var global = new GlobalOptions();
        var root = new RootCommand("Watcher sorts images by what they show: it embeds, clusters and files them.");
        global.AddTo(root);
        root.Subcommands.Add(EmbedCommand.Create(global));
        root.Subcommands.Add(BenchCommand.Create(global));
        root.Subcommands.Add(EvalCommand.Create(global));
        root.Subcommands.Add(RunCommand.Create(global));
        root.Subcommands.Add(InitCommand.Create(global));
        foreach (var command in CatalogCommands.Create(global)) root.Subcommands.Add(command);
        root.Subcommands.Add(ReviewCommand.Create(global));
        root.Subcommands.Add(DoctorCommand.Create(global));
        foreach (var command in root.Subcommands) Guard(command, global);
        return root;
    }

    /// <summary>Known failures become one clear line and exit code 1 instead of a stack trace.</summary>
    private static void Guard(Command command, GlobalOptions global)
    {
        if (command.Action is not System.CommandLine.Invocation.AsynchronousCommandLineAction inner) return;
        command.SetAction(async (parse, ct) =>
        {
            try
            {
                return await inner.InvokeAsync(parse, ct).ConfigureAwait(false);
            }
            catch (Watcher.Catalog.CatalogUnusableException ex)
            {
                // The recovery names the same data folder and config as the command that failed.
                Log.Error("{Command} failed: {Message}", command.Name, ex.WithRecovery(global.CommandLine(parse, "doctor --rebuild")));
                return 1;
            }
            catch (Exception ex) when (ex is ModelManifestException or FileNotFoundException or DirectoryNotFoundException
                                           or InvalidDataException or UnauthorizedAccessException or IOException
                                           or Watcher.Core.Engine.ModelFormatException or Watcher.Core.Engine.ModelMismatchException)
            {
                Log.Error("{Command} failed: {Message}", command.Name, ex.Message);
                return 1;
            }
            catch (OperationCanceledException)
            {
                Log.Warning("{Command} cancelled", command.Name);
                return 130;
            }
        });
    }
}
