using System.Globalization;
using Watcher.Commands;

namespace Watcher.Review;

/// <summary>Which parts of the review to walk.</summary>
internal enum ReviewParts
{
    All,
    Clusters,
    Unknowns,
}

/// <summary>
/// `watcher review`: unnamed clusters first (naming one files many images at once), then the
/// unknown queue, then a summary. Everything goes through the daemon's API, as the review page does,
/// so the two can be used side by side.
/// </summary>
internal sealed class ReviewSession(DaemonClient client, IReviewConsole console, string? sheetsDir, ReviewParts parts)
{
    public async Task RunAsync(CancellationToken ct)
    {
        var api = new ReviewApi(client);
        var tally = new ReviewTally();
        var overview = await api.OverviewAsync(ct).ConfigureAwait(false);
        var sheets = new ReviewSheets(sheetsDir ?? Path.Combine(overview.Data, "review"));
        if (overview.State == "bootstrapping")
        {
            console.Line(string.Create(CultureInfo.InvariantCulture,
                $"The daemon has not clustered yet: it has {overview.Total} images and starts at {overview.BootstrapMinImages}."), Tone.Hint);
        }
        console.Line($"Contact sheets go to {sheets.Folder}", Tone.Hint);

        var going = true;
        if (parts is ReviewParts.All or ReviewParts.Clusters)
        {
            going = await new ClusterWalk(api, console, sheets, overview.Output, tally).RunAsync(ct).ConfigureAwait(false);
        }
        if (going && parts is ReviewParts.All or ReviewParts.Unknowns)
        {
            await new QueueWalk(api, console, sheets, tally).RunAsync(ct).ConfigureAwait(false);
        }

        var after = await api.OverviewAsync(ct).ConfigureAwait(false);
        console.Line("");
        var lines = tally.Summary(after.Unknown).ToList();
        console.Line(lines[0], Tone.Heading);
        foreach (var line in lines.Skip(1)) console.Line(line);
    }
}
