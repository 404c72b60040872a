using System.Globalization;
using Watcher.Reporting;
using Watcher.Service.Sorting;

namespace Watcher.Review;

/// <summary>A sheet written, or why it could not be.</summary>
internal sealed record SheetResult(string? Path, string? Error);

/// <summary>
/// The PNGs a person opens beside the terminal (over SFTP, or an image viewer on the server): one per
/// unnamed cluster, one per page of the unknown queue with numbered cells. The CLI reaches the daemon
/// on 127.0.0.1, so both see the same disk, and whoever can read the daemon's access token (owner-only
/// in its data folder) can read its output folder: thumbnails are read straight from the image files.
/// </summary>
internal sealed class ReviewSheets(string folder)
{
    /// <summary>Six across keeps a 12-image page at about 1,250 x 480 px, the size of a laptop window.</summary>
    public const int QueueColumns = 6;

    public string Folder { get; } = Path.GetFullPath(folder);

    /// <summary>
    /// Named after the cluster's folder (cluster-01.png for output/cluster-01/): cluster ids start at 0
    /// and folder numbers at 1, and the person is looking at folders.
    /// </summary>
    public SheetResult WriteCluster(ReviewCluster cluster)
    {
        var title = $"{cluster.Folder}{(cluster.Proposed ? " (new)" : "")}";
        var detail = string.Create(CultureInfo.InvariantCulture,
            $"cluster id {cluster.Id} · size {cluster.Size} · {cluster.Samples.Count} review images · waiting for a name");
        var fileName = FolderNames.IsPlaceholder(cluster.Folder) ? cluster.Folder + ".png" : ContactSheet.FileName(cluster.Id);
        return Write(new SheetContent(title, detail, cluster.Samples), fileName);
    }

    public SheetResult WriteQueuePage(QueuePage page, int pageNumber)
    {
        var first = page.Offset + 1;
        var last = page.Offset + page.Images.Count;
        var title = string.Create(CultureInfo.InvariantCulture, $"unknown images {first}-{last} of {page.Total}");
        const string Detail = "most novel first · the numbers are the ones to type in the terminal";
        var content = new SheetContent(title, Detail, page.Images.Select(i => i.Path).ToList(), QueueColumns, Numbered: true);
        return Write(content, string.Create(CultureInfo.InvariantCulture, $"unknowns-{pageNumber:00}.png"));
    }

    // A sheet is a convenience: the paths are printed too, so a failed sheet is reported, never fatal.
    private SheetResult Write(SheetContent content, string fileName)
    {
        var path = Path.Combine(Folder, fileName);
        try
        {
            Directory.CreateDirectory(Folder);
            ContactSheet.Save(content, path);
            return new SheetResult(path, null);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or InvalidOperationException)
        {
            return new SheetResult(null, $"Could not write the sheet {path}: {ex.Message}");
        }
    }
}
