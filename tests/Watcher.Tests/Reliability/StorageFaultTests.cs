using System.Diagnostics;
using System.Text.Json;
using Watcher.Tests.Support;

namespace Watcher.Tests.Reliability;

// Issue 6, faults: the output folder on its own small volume (a real tmpfs mounted for the test,
// which needs root, as CI has) fills up, then is remounted read-only. Intake must pause with one
// clear log line, leave every image in the inbox untouched, keep the daemon running, and go on by
// itself once there is room again; in the end every image is in exactly one place and the
// catalog agrees with the disk.
[Collection(nameof(RunsAlone))]
public sealed class StorageFaultTests : IDisposable
{
    private static readonly TimeSpan Minutes3 = TimeSpan.FromMinutes(3);
    private readonly TempFolder _temp = new();
    private readonly List<string> _mounts = [];

    public void Dispose()
    {
        foreach (string mount in _mounts)
        {
            Run("umount", "-l", mount);
        }

        _temp.Dispose();
    }

    [Fact]
    public async Task A_full_output_volume_pauses_intake_and_it_resumes_when_space_returns()
    {
        var images = SharedData.Sample(SharedData.Imagenette, 30);
        var bootstrap = images.Where((_, i) => i % 3 == 0).ToList();
        var later = images.Where((_, i) => i % 3 != 0).ToList();
        long laterBytes = later.Sum(i => new FileInfo(i.Path).Length);
        // Room for the bootstrap images and a third of the rest: the disk fills in the middle of a burst.
        long size = bootstrap.Sum(i => new FileInfo(i.Path).Length) + laterBytes / 3 + (1 << 20);
        string output = Path.Combine(_temp.Path, "output");
        Mount(output, size);
        // Only the failed copies may stop intake: no free-space margin, so the disk really fills.
        await using var daemon = DaemonProcess.Start(_temp.Path, bootstrapMinImages: bootstrap.Count, new Dictionary<string, string>
        {
            ["Ingest:MinFreeMegabytes"] = "0",
            ["Ingest:PausedProbeSeconds"] = "0.5",
            ["Recluster:AfterNewImages"] = "0",
        });
        await daemon.WaitForStatusAsync(_ => true, Minutes3, "the API");
        Drop(bootstrap, daemon.Inbox);
        await daemon.WaitForStatusAsync(s => DaemonProcess.Placed(s) == bootstrap.Count, Minutes3, "the bootstrap filed");

        Drop(later, daemon.Inbox);
        JsonElement paused = await daemon.WaitForStatusAsync(s => s.TryGetProperty("paused", out var p) && p.ValueKind == JsonValueKind.String,
            Minutes3, "intake paused on the full disk");
        paused.GetProperty("paused").GetString().Should().Contain("is full").And.Contain(output);
        await QuietAsync(daemon.Inbox, output);
        daemon.Log.Should().Contain("Intake paused: the disk holding").And.NotContain("Could not file", "one line for the full disk, not one per image");
        Directory.GetFiles(daemon.Inbox).Should().NotBeEmpty("what did not fit waits in the inbox");
        DiskAudit.Shas(daemon.Inbox, output).Should().BeEquivalentTo(images.Select(i => DiskAudit.Sha(i.Path)),
            "nothing lost or doubled while the disk is full");
        daemon.HasExited.Should().BeFalse();

        Run("mount", "-o", $"remount,size={size + laterBytes * 2 + (4 << 20)}", output).Should().Be(0);
        JsonElement done = await daemon.WaitForStatusAsync(s => DaemonProcess.Placed(s) == images.Count, Minutes3, "everything filed after the remount");
        done.TryGetProperty("paused", out var after).Should().BeTrue();
        after.ValueKind.Should().Be(JsonValueKind.Null);
        daemon.Log.Should().Contain("Intake resumed after");
        (await daemon.StopAsync()).Should().BeLessThan(TimeSpan.FromSeconds(10));

        DiskAudit.EveryImageExactlyOnce(images.Select(i => DiskAudit.Sha(i.Path)), daemon.Inbox, output);
        Directory.GetFiles(daemon.Inbox).Should().BeEmpty();
        DiskAudit.CatalogAgreesWithDisk(daemon.Data, output);
    }

    [Fact]
    public async Task A_read_only_output_volume_pauses_intake_and_it_resumes_when_writable()
    {
        var images = SharedData.Sample(SharedData.Imagenette, 12);
        var bootstrap = images.Take(40).ToList();
        var later = images.Skip(40).ToList();
        string output = Path.Combine(_temp.Path, "output");
        Mount(output, 64L << 20);
        await using var daemon = DaemonProcess.Start(_temp.Path, bootstrapMinImages: bootstrap.Count, new Dictionary<string, string>
        {
            ["Ingest:MinFreeMegabytes"] = "1",
            ["Ingest:PausedProbeSeconds"] = "0.5",
            ["Recluster:AfterNewImages"] = "0",
        });
        await daemon.WaitForStatusAsync(_ => true, Minutes3, "the API");
        Drop(bootstrap, daemon.Inbox);
        await daemon.WaitForStatusAsync(s => DaemonProcess.Placed(s) == bootstrap.Count, Minutes3, "the bootstrap filed");

        Run("mount", "-o", "remount,ro", output).Should().Be(0);
        Drop(later, daemon.Inbox);
        JsonElement paused = await daemon.WaitForStatusAsync(s => s.TryGetProperty("paused", out var p) && p.ValueKind == JsonValueKind.String,
            Minutes3, "intake paused on the read-only volume");
        paused.GetProperty("paused").GetString().Should().Contain("read-only");
        await QuietAsync(daemon.Inbox, output);
        Directory.GetFiles(daemon.Inbox).Should().HaveCount(later.Count, "nothing could move, and nothing was lost");
        daemon.HasExited.Should().BeFalse();

        Run("mount", "-o", "remount,rw", output).Should().Be(0);
        await daemon.WaitForStatusAsync(s => DaemonProcess.Placed(s) == images.Count, Minutes3, "everything filed once writable");
        daemon.Log.Should().Contain("Intake resumed after");
        await daemon.StopAsync();

        DiskAudit.EveryImageExactlyOnce(images.Select(i => DiskAudit.Sha(i.Path)), daemon.Inbox, output);
        DiskAudit.CatalogAgreesWithDisk(daemon.Data, output);
    }

    [Fact]
    public async Task Intake_waits_while_a_volume_has_less_room_than_configured_and_touches_nothing()
    {
        var images = SharedData.Sample(SharedData.Imagenette, 3);
        string output = Path.Combine(_temp.Path, "output");
        Mount(output, 8L << 20);
        await using var daemon = DaemonProcess.Start(_temp.Path, bootstrapMinImages: images.Count, new Dictionary<string, string>
        {
            ["Ingest:MinFreeMegabytes"] = "16",
            ["Ingest:PausedProbeSeconds"] = "0.5",
        });
        await daemon.WaitForStatusAsync(_ => true, Minutes3, "the API");
        Drop(images, daemon.Inbox);

        JsonElement paused = await daemon.WaitForStatusAsync(s => s.TryGetProperty("paused", out var p) && p.ValueKind == JsonValueKind.String,
            Minutes3, "intake paused before the first batch");
        paused.GetProperty("paused").GetString().Should().Contain("Watcher:Ingest:MinFreeMegabytes");
        paused.GetProperty("images").GetProperty("total").GetInt32().Should().Be(0, "not even embedded or catalogued while paused");
        await QuietAsync(daemon.Inbox, output);
        Directory.GetFiles(daemon.Inbox).Should().HaveCount(images.Count);

        Run("mount", "-o", "remount,size=64m", output).Should().Be(0);
        await daemon.WaitForStatusAsync(s => DaemonProcess.Placed(s) == images.Count, Minutes3, "bootstrapped and filed once there is room");
        await daemon.StopAsync();
        DiskAudit.EveryImageExactlyOnce(images.Select(i => DiskAudit.Sha(i.Path)), daemon.Inbox, output);
        DiskAudit.CatalogAgreesWithDisk(daemon.Data, output);
    }

    // Paused says no new batch starts; the batch in hand may still be rolling its moves back. Waits
    // until the folders stop changing (and no mover's temporary copy is left) before counting files.
    private static async Task QuietAsync(params string[] folders)
    {
        string last = "";
        var clock = Stopwatch.StartNew();
        var still = Stopwatch.StartNew();
        while (clock.Elapsed < Minutes3)
        {
            var files = folders.Where(Directory.Exists).SelectMany(f => Directory.GetFiles(f, "*", SearchOption.AllDirectories)).Order(StringComparer.Ordinal).ToList();
            string now = string.Join('\n', files.Select(f => $"{f} {(new FileInfo(f) is { Exists: true } i ? i.Length : -1)}"));
            if (now != last || files.Any(f => f.EndsWith(".watcher-tmp", StringComparison.Ordinal)))
            {
                last = now;
                still.Restart();
            }
            else if (still.Elapsed > TimeSpan.FromSeconds(1))
            {
                return;
            }

            await Task.Delay(100);
        }

        throw new TimeoutException("the folders kept changing while intake was paused");
    }

    private void Mount(string folder, long bytes)
    {
        Directory.CreateDirectory(folder);
        int status = Run("mount", "-t", "tmpfs", "-o", $"size={bytes}", "tmpfs", folder);
        status.Should().Be(0, "these tests mount a small tmpfs as the output folder and need root (CI runs as root)");
        _mounts.Add(folder);
    }

    private static int Run(string command, params string[] args)
    {
        var start = new ProcessStartInfo(command) { RedirectStandardError = true, RedirectStandardOutput = true };
        foreach (string a in args) start.ArgumentList.Add(a);
        using var process = Process.Start(start)!;
        process.WaitForExit();
        return process.ExitCode;
    }

    private static void Drop(IEnumerable<(string Path, string Label)> images, string inbox)
    {
        Directory.CreateDirectory(inbox);
        foreach (var (path, _) in images) File.Copy(path, Path.Combine(inbox, Path.GetFileName(path)));
    }
}
