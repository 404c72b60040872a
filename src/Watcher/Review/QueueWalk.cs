using System.Globalization;
using Watcher.Commands;

namespace Watcher.Review;

/// <summary>
/// Step 2 of the review: the unknown queue a page at a time, with a numbered sheet per page and
/// commands that file or ignore images by their number. The queue shrinks as images are handled,
/// so after each command the same page is fetched again rather than numbers being patched locally.
/// </summary>
internal sealed class QueueWalk(ReviewApi api, IReviewConsole console, ReviewSheets sheets, ReviewTally tally)
{
    public const int PageSize = 12;

    /// <summary>False when the person quit (q, or the end of piped input).</summary>
    public async Task<bool> RunAsync(CancellationToken ct)
    {
        var offset = 0;
        var shownHelp = false;
        while (true)
        {
            ct.ThrowIfCancellationRequested();
            var page = await api.UnknownsAsync(offset, PageSize, ct).ConfigureAwait(false);
            if (page.Images.Count == 0)
            {
                console.Line(page.Total == 0 ? "The unknown queue is empty." : "That was the last page of the unknown queue.", Tone.Hint);
                return true;
            }

            Show(page, offset / PageSize + 1);
            if (!shownHelp)
            {
                console.Line(ReviewHelp.QueueShort, Tone.Hint);
                shownHelp = true;
            }

            switch (await HandlePageAsync(page, ct).ConfigureAwait(false))
            {
                case PageOutcome.Quit:
                    return false;
                case PageOutcome.Next:
                    offset += page.Images.Count;
                    if (offset >= page.Total)
                    {
                        console.Line("That was the last page of the unknown queue.", Tone.Hint);
                        return true;
                    }
                    break;
                case PageOutcome.Changed:
                    break;
            }
        }
    }

    private enum PageOutcome
    {
        Next,
        Changed,
        Quit,
    }

    private void Show(QueuePage page, int pageNumber)
    {
        console.Line("");
        console.Line(string.Create(CultureInfo.InvariantCulture,
            $"Unknown images {page.Offset + 1}-{page.Offset + page.Images.Count} of {page.Total} (most novel first)"), Tone.Heading);
        for (var i = 0; i < page.Images.Count; i++)
        {
            var image = page.Images[i];
            var score = image.Score is { } s ? s.ToString("0.00", CultureInfo.InvariantCulture) : "-";
            console.Line(string.Create(CultureInfo.InvariantCulture, $"{i + 1,4}  score {score,5}  {image.Path}"));
        }
        var sheet = sheets.WriteQueuePage(page, pageNumber);
        if (sheet.Path is not null) console.Line("  sheet: " + sheet.Path);
        else console.Line("  " + sheet.Error, Tone.Problem);
    }

    private async Task<PageOutcome> HandlePageAsync(QueuePage page, CancellationToken ct)
    {
        while (true)
        {
            var line = await console.AskAsync("Command:", ct).ConfigureAwait(false);
            switch (ReviewInputParser.ParseQueueCommand(line, page.Images.Count))
            {
                case QueueCommand.Quit:
                    return PageOutcome.Quit;
                case QueueCommand.Next:
                    return PageOutcome.Next;
                case QueueCommand.Help:
                    foreach (var help in ReviewHelp.QueueFull) console.Line(help, Tone.Hint);
                    break;
                case QueueCommand.Invalid invalid:
                    console.Line(invalid.Message, Tone.Problem);
                    break;
                case QueueCommand.File file:
                    if (await TryAsync(() => FileAsync(page, file, ct)).ConfigureAwait(false)) return PageOutcome.Changed;
                    break;
                case QueueCommand.Ignore ignore:
                    if (await TryAsync(() => IgnoreAsync(page, ignore, ct)).ConfigureAwait(false)) return PageOutcome.Changed;
                    break;
            }
        }
    }

    private async Task FileAsync(QueuePage page, QueueCommand.File file, CancellationToken ct)
    {
        var picked = file.Numbers.Select(n => page.Images[n - 1]).ToList();
        var done = await api.AssignAsync(picked.Select(i => i.Id).ToList(), file.Name, ct).ConfigureAwait(false);
        tally.Filed += done.Images.Count;
        var created = done.Created ? string.Create(CultureInfo.InvariantCulture, $" (a new name: cluster {done.Cluster})") : "";
        console.Line(string.Create(CultureInfo.InvariantCulture, $"Filed {done.Images.Count} under '{done.Name}'{created}:"), Tone.Done);
        var before = picked.ToDictionary(i => i.Id, i => i.Path);
        foreach (var image in done.Images)
        {
            console.Line($"  {before.GetValueOrDefault(image.Id, "?")} -> {image.Path}");
        }
    }

    private async Task IgnoreAsync(QueuePage page, QueueCommand.Ignore ignore, CancellationToken ct)
    {
        var ids = ignore.Numbers.Select(n => page.Images[n - 1].Id).ToList();
        var ignored = await api.IgnoreAsync(ids, ct).ConfigureAwait(false);
        tally.Ignored += ignored;
        console.Line(string.Create(CultureInfo.InvariantCulture, $"Ignored {ignored}: moved to _ignored/, never asked about again."), Tone.Done);
    }

    // A refusal (a bad name, an image someone else filed meanwhile) is the daemon's sentence on
    // screen and the same question again; only a daemon that stopped answering ends the review.
    private async Task<bool> TryAsync(Func<Task> action)
    {
        try
        {
            await action().ConfigureAwait(false);
            return true;
        }
        catch (DaemonRequestException ex)
        {
            console.Line(ex.Message, Tone.Problem);
            return false;
        }
    }
}
