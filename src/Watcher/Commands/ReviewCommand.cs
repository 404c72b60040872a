using System.CommandLine;
using Watcher.Review;

namespace Watcher.Commands;

/// <summary>
/// watcher review: the review page's work in a terminal, for servers without a browser. It talks to
/// the running daemon; with piped input it reads plain lines, so scripts and tests can drive it.
/// </summary>
public static class ReviewCommand
{
    public static Command Create(GlobalOptions global)
    {
        var sheets = new Option<string?>("--sheets") { Description = "Folder for the contact-sheet PNGs (default: <data>/review/)." };
        var only = new Option<ReviewParts>("--only")
        {
            Description = "Walk only the unnamed clusters or only the unknown queue (all: both).",
            DefaultValueFactory = _ => ReviewParts.All,
        };
        var command = new Command("review", "Name clusters and sort the unknown queue in the terminal, with contact sheets to look at.") { sheets, only };
        command.SetAction(async (parse, ct) =>
        {
            var (_, settings) = CommandContext.LoadSettings(parse, global);
            using var client = DaemonClient.Connect(settings);
            var session = new ReviewSession(client, ReviewConsole.ForProcess(), parse.GetValue(sheets), parse.GetValue(only));
            try
            {
                await session.RunAsync(ct).ConfigureAwait(false);
                return 0;
            }
            catch (Exception ex) when (ex is DaemonUnavailableException or DaemonRequestException)
            {
                Console.Error.WriteLine(ex.Message);
                return 1;
            }
        });
        return command;
    }
}
