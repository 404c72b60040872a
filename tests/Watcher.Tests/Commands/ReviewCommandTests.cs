using System.Globalization;
using System.Text.Json;
using Watcher.Reporting;
using Watcher.Tests.Reporting;
using Watcher.Tests.Support;

namespace Watcher.Tests.Commands;

// `watcher review` driven by piped lines, as a script would, against a real daemon that sorted real photos.
public sealed class ReviewCommandTests : IDisposable
{
    private static readonly TimeSpan Minutes3 = TimeSpan.FromMinutes(3);
    private readonly TempFolder _temp = new();

    public void Dispose() => _temp.Dispose();

    [Fact]
    public async Task Naming_the_first_unnamed_cluster_moves_its_images_to_the_named_folder_and_writes_its_sheet()
    {
        await using var daemon = await StartSortingDaemonAsync(unseenPhotos: 0);
        string[] connect = Connect(daemon);
        var first = (await Json(["clusters", "--json", .. connect])).EnumerateArray()
            .Where(c => c.GetProperty("name").ValueKind == JsonValueKind.Null)
            .OrderByDescending(c => c.GetProperty("proposed").GetBoolean()).ThenBy(c => c.GetProperty("id").GetInt32())
            .First();
        int id = first.GetProperty("id").GetInt32();
        string folder = Path.Combine(daemon.Output, first.GetProperty("folder").GetString()!);
        var members = Directory.GetFiles(folder).Select(Path.GetFileName).ToList();
        members.Should().NotBeEmpty();

        // A name the daemon refuses first: the question must be asked again, not the cluster skipped.
        var run = await RunPipedAsync(["review", "--only", "clusters", .. connect], "../escape\nbirds and things\nq\n");

        run.ExitCode.Should().Be(0, run.StdErr + run.StdOut);
        run.StdOut.Should().Contain("cannot be used as a name")
            .And.Contain($"Cluster {id} is now 'birds and things'")
            .And.Contain("clusters named:  1");
        foreach (var sample in first.GetProperty("review_images").EnumerateArray()) run.StdOut.Should().Contain(sample.GetString()!);
        string named = Path.Combine(daemon.Output, "birds and things");
        Directory.GetFiles(named).Select(Path.GetFileName).Should().BeEquivalentTo(members, "the whole cluster moved");
        Directory.Exists(folder).Should().BeFalse("its cluster-NN folder was renamed");

        string sheet = Path.Combine(daemon.Data, "review", Path.GetFileName(folder) + ".png");
        run.StdOut.Should().Contain("sheet: " + sheet);
        using var png = PngCheck.Decode(sheet);
        (png.Width, png.Height).Should().Be(ContactSheet.SizeFor(first.GetProperty("review_images").GetArrayLength()));
        (await daemon.StopAsync()).Should().BeLessThan(TimeSpan.FromSeconds(10));
        DiskAudit.CatalogAgreesWithDisk(daemon.Data, daemon.Output);
    }

    [Fact]
    public async Task Commands_on_the_unknown_queue_file_one_image_under_a_name_and_ignore_another()
    {
        await using var daemon = await StartSortingDaemonAsync(unseenPhotos: 30);
        string[] connect = Connect(daemon);
        var listed = await Json(["unknowns", "--json", .. connect]);
        var queue = (listed.ValueKind == JsonValueKind.Array ? listed : listed.GetProperty("images")).EnumerateArray()
            .Select(i => i.GetProperty("path").GetString()!).ToList();
        int total = listed.ValueKind == JsonValueKind.Array ? queue.Count : listed.GetProperty("total").GetInt32();
        queue.Should().HaveCountGreaterThan(1, "some of 30 photos of unseen classes are unlike every cluster");
        string sheetsDir = Path.Combine(_temp.Path, "sheets");

        // After `1 odd ones` the page is shown again, so the second image is number 1 by then.
        var run = await RunPipedAsync(["review", "--only", "unknowns", "--sheets", sheetsDir, .. connect], "1 odd ones\ni 1\nq\n");

        run.ExitCode.Should().Be(0, run.StdErr + run.StdOut);
        string filed = Path.Combine(daemon.Output, "odd ones", Path.GetFileName(queue[0]));
        File.Exists(filed).Should().BeTrue(run.StdOut);
        File.Exists(queue[0]).Should().BeFalse();
        run.StdOut.Should().Contain($"{queue[0]} -> {filed}");
        File.Exists(Path.Combine(daemon.Output, "_ignored", Path.GetFileName(queue[1]))).Should().BeTrue(run.StdOut);
        File.Exists(queue[1]).Should().BeFalse();
        run.StdOut.Should().Contain("images filed:    1").And.Contain("images ignored:  1")
            .And.Contain($"still unknown:   {total - 2}");

        using var png = PngCheck.Decode(Path.Combine(sheetsDir, "unknowns-01.png"));
        png.Width.Should().Be(ContactSheet.SizeFor(Math.Min(12, total - 2), 6).Width);
        (await daemon.StopAsync()).Should().BeLessThan(TimeSpan.FromSeconds(10));
    }

    [Fact]
    public async Task Without_a_daemon_review_says_how_to_start_one()
    {
        var run = await RunPipedAsync(["review", "--api-port", "1", "--data", _temp.Path], "");

        run.ExitCode.Should().Be(1);
        run.StdErr.Should().Contain("not running").And.Contain("watcher run");
    }

    /// <summary>250 imagenette photos bootstrapped and sorted (then photos of classes it never saw), re-clustering off.</summary>
    private async Task<DaemonProcess> StartSortingDaemonAsync(int unseenPhotos)
    {
        var images = SharedData.Sample(SharedData.Imagenette, 25);
        var daemon = DaemonProcess.Start(_temp.Path, bootstrapMinImages: 200, new Dictionary<string, string> { ["Recluster:AfterNewImages"] = "0" });
        await daemon.WaitForStatusAsync(_ => true, Minutes3, "the API");
        Directory.CreateDirectory(daemon.Inbox);
        foreach (var (path, _) in images) File.Copy(path, Path.Combine(daemon.Inbox, Path.GetFileName(path)));
        await daemon.WaitForStatusAsync(s => Placed(s) == images.Count, Minutes3, "the first 250 filed");
        foreach (var f in Directory.GetFiles(SharedData.ImagenetSample).Order(StringComparer.Ordinal).Take(unseenPhotos))
            File.Copy(f, Path.Combine(daemon.Inbox, Path.GetFileName(f)));
        await daemon.WaitForStatusAsync(s => Placed(s) == images.Count + unseenPhotos, Minutes3, "the unseen photos filed");
        return daemon;
    }

    private static int Placed(JsonElement s) => DaemonProcess.Count(s, "filed") + DaemonProcess.Count(s, "unknown");

    // --data: the command reads the daemon's access token from its data folder.
    private static string[] Connect(DaemonProcess daemon) =>
        ["--api-port", daemon.Port.ToString(CultureInfo.InvariantCulture), "--data", daemon.Data];

    private static async Task<JsonElement> Json(string[] args)
    {
        var run = await WatcherProcess.RunAsync(args);
        run.ExitCode.Should().Be(0, run.StdErr);
        return JsonDocument.Parse(run.StdOut).RootElement.Clone();
    }

    private static Task<ProcessResult> RunPipedAsync(string[] args, string input) => WatcherProcess.RunAsync(args, input: input);
}
