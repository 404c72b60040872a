using System.Globalization;
using System.Text.RegularExpressions;
using System.Text.Json;
using Watcher.Catalog;
using Watcher.Tests.Support;

namespace Watcher.Tests.Commands;

// The daemon as people run it: a real `watcher run` child process, the real model, real photos
// and temp folders; checked through its API and, after it stopped, against the disk.
public sealed class RunCommandTests : IDisposable
{
    private static readonly TimeSpan Minutes3 = TimeSpan.FromMinutes(3);
    private static readonly Regex FiledByModel = new(@"Batch of \d+ files: .* (\d+) filed;", RegexOptions.CultureInvariant);
    private readonly TempFolder _temp = new();

    public void Dispose() => _temp.Dispose();

    [Fact]
    public async Task Six_hundred_images_dropped_at_once_bootstrap_and_each_ends_in_exactly_one_folder()
    {
        var images = SharedData.Sample(SharedData.Imagenette, 60);
        images.Should().HaveCount(600);
        await using var daemon = DaemonProcess.Start(_temp.Path, bootstrapMinImages: 200,
            new Dictionary<string, string> { ["Inbox:WatcherBufferBytes"] = "4096" });
        await daemon.WaitForStatusAsync(_ => true, Minutes3, "the API");
        Drop(images, daemon.Inbox);

        var status = await daemon.WaitForStatusAsync(s => Placed(s) == 600, Minutes3, "600 images filed");
        status.GetProperty("state").GetString().Should().Be("sorting");
        status.GetProperty("model_version").GetInt32().Should().Be(1);
        status.GetProperty("clusters").GetInt32().Should().BeGreaterThan(3);
        (await daemon.StopAsync()).Should().BeLessThan(TimeSpan.FromSeconds(10), "a stop finishes within 10 s");
        daemon.ExitCode.Should().Be(0, daemon.Log);

        Directory.GetFiles(daemon.Inbox, "*", SearchOption.AllDirectories).Should().BeEmpty();
        DiskAudit.Shas(daemon.Output).Should().BeEquivalentTo(images.Select(i => DiskAudit.Sha(i.Path)), "each image exactly once");
        Directory.GetDirectories(daemon.Output).Select(Path.GetFileName).Should().Contain("cluster-01")
            .And.OnlyContain(d => d!.StartsWith("cluster-", StringComparison.Ordinal) || d == "_unknown");
        DiskAudit.CatalogAgreesWithDisk(daemon.Data, daemon.Output);
    }

    [Fact]
    public async Task A_daemon_killed_while_filing_loses_and_duplicates_nothing_after_restart()
    {
        var images = SharedData.Sample(SharedData.Imagenette, 100);
        images.Should().HaveCount(1000);
        var root = _temp.Path;
        await using (var first = DaemonProcess.Start(root, bootstrapMinImages: 200))
        {
            await first.WaitForStatusAsync(_ => true, Minutes3, "the API");
            // Killed in the middle of filing: at the first batch the model filed after the bootstrap,
            // with the batches behind it still being embedded and filed. Struck from the log line
            // itself: a status poll is too slow to land before the last of 1,000 images.
            var filing = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            first.LineLogged += line =>
            {
                if (FiledByModel.Match(line) is { Success: true } m && int.Parse(m.Groups[1].Value, CultureInfo.InvariantCulture) > 0)
                {
                    first.KillNow();
                    filing.TrySetResult();
                }
            };
            Drop(images, first.Inbox);
            await filing.Task.WaitAsync(Minutes3);
            await first.KillAsync();
        }

        var inbox = Path.Combine(root, "inbox");
        Directory.GetFiles(inbox).Should().NotBeEmpty("the kill came before the end, or this test proves nothing");
        await using (var second = DaemonProcess.Start(root, bootstrapMinImages: 200))
        {
            await second.WaitForStatusAsync(s => Placed(s) == 1000 && s.GetProperty("unfinished_moves").GetInt32() == 0, Minutes3, "all 1000 filed");
            await second.StopAsync();
        }

        DiskAudit.EveryImageExactlyOnce(images.Select(i => DiskAudit.Sha(i.Path)), inbox, Path.Combine(root, "output"));
        DiskAudit.CatalogAgreesWithDisk(Path.Combine(root, "data"), Path.Combine(root, "output"));
    }

    [Fact]
    public async Task A_class_held_back_at_bootstrap_is_proposed_as_a_new_cluster_and_names_survive()
    {
        const string Held = "n03888257"; // parachute
        var all = SharedData.Sample(SharedData.Imagenette, 40);
        var known = all.Where(i => i.Label != Held).ToList();
        var held = all.Where(i => i.Label == Held).ToList();
        var labelOf = all.ToDictionary(i => Path.GetFileName(i.Path), i => i.Label);
        await using var daemon = DaemonProcess.Start(_temp.Path, bootstrapMinImages: known.Count, new Dictionary<string, string> { ["Recluster:AfterNewImages"] = "0" });
        await daemon.WaitForStatusAsync(_ => true, Minutes3, "the API");
        Drop(known, daemon.Inbox);
        await daemon.WaitForStatusAsync(s => Placed(s) == known.Count, Minutes3, "the known classes filed");

        // A person names every cluster after the class most of its images show.
        using var api = daemon.Client();
        var names = new HashSet<string>();
        foreach (var cluster in (await api.Get("clusters")).EnumerateArray())
        {
            var folder = Path.Combine(daemon.Output, cluster.GetProperty("folder").GetString()!);
            var majority = Directory.GetFiles(folder).GroupBy(f => labelOf[Path.GetFileName(f)]).MaxBy(g => g.Count())!.Key;
            await api.Post($"clusters/{cluster.GetProperty("id").GetInt32()}/label", new { name = majority });
            names.Add(majority);
        }

        Drop(held, daemon.Inbox);
        await daemon.WaitForStatusAsync(s => Placed(s) == all.Count, Minutes3, "the held-back class filed");
        Directory.GetFiles(Path.Combine(daemon.Output, "_unknown")).Count(f => labelOf[Path.GetFileName(f)] == Held)
            .Should().BeGreaterThanOrEqualTo(held.Count / 3, "a class never seen is flagged far more often than the 5% of known images");

        var report = await api.Post("recluster?wait=true", null);
        report.GetProperty("proposed").GetInt32().Should().BeGreaterThan(0, daemon.Log);
        var clusters = (await api.Get("clusters")).EnumerateArray().ToList();
        clusters.Where(c => c.GetProperty("name").ValueKind == JsonValueKind.String).Select(c => c.GetProperty("name").GetString())
            .Distinct().Should().BeEquivalentTo(names, "every name given before survives the re-clustering (a split keeps its name twice)");
        var proposed = clusters.Where(c => c.GetProperty("proposed").GetBoolean())
            .Select(c => Directory.GetFiles(Path.Combine(daemon.Output, c.GetProperty("folder").GetString()!)))
            .MaxBy(files => files.Count(f => labelOf[Path.GetFileName(f)] == Held))!;
        proposed.Count(f => labelOf[Path.GetFileName(f)] == Held).Should().BeGreaterThan(held.Count / 2, "the new class forms the new cluster");
        proposed.Count(f => labelOf[Path.GetFileName(f)] == Held).Should().BeGreaterThan(proposed.Length * 2 / 3, "and the new cluster is mostly the new class");
        await daemon.StopAsync();
        DiskAudit.CatalogAgreesWithDisk(daemon.Data, daemon.Output);
    }

    [Fact]
    public async Task Name_clashes_copies_and_a_file_still_being_written_are_handled()
    {
        var images = SharedData.Sample(SharedData.Imagenette, 20);
        await using var daemon = DaemonProcess.Start(_temp.Path, bootstrapMinImages: images.Count);
        await daemon.WaitForStatusAsync(_ => true, Minutes3, "the API");
        Drop(images, daemon.Inbox);
        await daemon.WaitForStatusAsync(s => Placed(s) == images.Count, Minutes3, "bootstrap");
        long rowsBefore = new FileInfo(Path.Combine(daemon.Data, "embeddings.f32")).Length;

        // Same picture, different bytes (a byte after the JPEG end marker), same name in two folders.
        var source = images[0].Path;
        var bytes = await File.ReadAllBytesAsync(source);
        Directory.CreateDirectory(Path.Combine(daemon.Inbox, "a"));
        Directory.CreateDirectory(Path.Combine(daemon.Inbox, "b"));
        await File.WriteAllBytesAsync(Path.Combine(daemon.Inbox, "a", "same.jpg"), [.. bytes, 0]);
        await File.WriteAllBytesAsync(Path.Combine(daemon.Inbox, "b", "same.jpg"), [.. bytes, 0, 0]);
        // An exact copy of an image already filed, under another name.
        await File.WriteAllBytesAsync(Path.Combine(daemon.Inbox, "copy.jpg"), bytes);
        // A file still being written: half now, the rest after several settle periods.
        var slow = Path.Combine(daemon.Inbox, "slow.jpg");
        var unseen = SharedData.Sample(SharedData.Imagenette, images.Count / 10 + 1)[^1].Path;
        var other = await File.ReadAllBytesAsync(unseen);
        await using (var writer = new FileStream(slow, FileMode.CreateNew, FileAccess.Write, FileShare.Read))
        {
            await writer.WriteAsync(other.AsMemory(0, other.Length / 2));
            await writer.FlushAsync();
            await Task.Delay(TimeSpan.FromSeconds(2));
            await writer.WriteAsync(other.AsMemory(other.Length / 2));
        }

        await daemon.WaitForStatusAsync(s => Placed(s) == images.Count + 4, Minutes3, "the four new files filed");
        await daemon.StopAsync();

        var all = Directory.GetFiles(daemon.Output, "*", SearchOption.AllDirectories);
        all.Select(Path.GetFileName).Should().Contain(["same.jpg", "same (2).jpg"], "a clash gets a suffix, nothing is overwritten");
        var original = all.Single(f => Path.GetFileName(f) == Path.GetFileName(source));
        Directory.GetFiles(Path.GetDirectoryName(original)!).Select(Path.GetFileName).Should()
            .Contain($"{Path.GetFileNameWithoutExtension(source)} (2){Path.GetExtension(source)}", "a copy is filed beside its original under its name");
        all.Select(Path.GetFileName).Should().Contain("slow.jpg", daemon.Log);
        DiskAudit.Sha(all.Single(f => Path.GetFileName(f) == "slow.jpg")).Should().Be(DiskAudit.Sha(unseen), "taken only once complete");
        all.Should().NotContain(f => f.Contains("_rejected", StringComparison.Ordinal));
        using (var catalog = CatalogDb.Open(daemon.Data))
        {
            var copy = catalog.AllImages().Single(i => i.OriginalPath.EndsWith("copy.jpg", StringComparison.Ordinal));
            copy.DuplicateOf.Should().NotBeNull();
            copy.EmbeddingRow.Should().Be(catalog.Image(copy.DuplicateOf!.Value)!.EmbeddingRow, "a copy is never embedded again");
        }

        long rowBytes = 576 * sizeof(float);
        (new FileInfo(Path.Combine(daemon.Data, "embeddings.f32")).Length - rowsBefore).Should().Be(3 * rowBytes, "three new pictures, one copy");
        DiskAudit.CatalogAgreesWithDisk(daemon.Data, daemon.Output);
    }

    private static int Placed(JsonElement s) => DaemonProcess.Placed(s);

    private static void Drop(IEnumerable<(string Path, string Label)> images, string inbox)
    {
        Directory.CreateDirectory(inbox);
        foreach (var (path, _) in images) File.Copy(path, System.IO.Path.Combine(inbox, System.IO.Path.GetFileName(path)));
    }
}
