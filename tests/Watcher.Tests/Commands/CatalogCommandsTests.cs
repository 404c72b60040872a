using System.Globalization;
using System.Text.Json;
using Watcher.Tests.Support;

namespace Watcher.Tests.Commands;

// status, clusters, label, unknowns, assign, recluster as a person types them, against a real daemon.
public sealed class CatalogCommandsTests : IDisposable
{
    private readonly TempFolder _temp = new();

    public void Dispose() => _temp.Dispose();

    [Fact]
    public async Task The_commands_work_while_the_daemon_runs()
    {
        var images = SharedData.Sample(SharedData.Imagenette, 12);
        await using var daemon = DaemonProcess.Start(_temp.Path, bootstrapMinImages: images.Count,
            new Dictionary<string, string> { ["Recluster:AfterNewImages"] = "0" });
        await daemon.WaitForStatusAsync(_ => true, TimeSpan.FromMinutes(3), "the API");
        Directory.CreateDirectory(daemon.Inbox);
        foreach (var (path, _) in images) File.Copy(path, Path.Combine(daemon.Inbox, Path.GetFileName(path)));
        // Photos of a kind never seen (full-size ImageNet samples of other classes) after the bootstrap.
        await daemon.WaitForStatusAsync(s => s.GetProperty("state").GetString() == "sorting", TimeSpan.FromMinutes(3), "bootstrap");
        foreach (var f in Directory.GetFiles(SharedData.ImagenetSample).Order(StringComparer.Ordinal).Take(40))
            File.Copy(f, Path.Combine(daemon.Inbox, Path.GetFileName(f)));
        await daemon.WaitForStatusAsync(s => DaemonProcess.Count(s, "filed") + DaemonProcess.Count(s, "unknown") == images.Count + 40,
            TimeSpan.FromMinutes(3), "all filed");
        // The port to call, and the data folder that holds the daemon's access token.
        string[] port = ["--api-port", daemon.Port.ToString(CultureInfo.InvariantCulture), "--data", daemon.Data];

        var status = await Json(["status", "--json", .. port]);
        status.GetProperty("state").GetString().Should().Be("sorting");

        var text = await WatcherProcess.RunAsync(["clusters", .. port]);
        text.ExitCode.Should().Be(0, text.StdErr);
        text.StdOut.Should().Contain("cluster-01").And.Contain("(new)");

        var unknowns = (await Json(["unknowns", "--json", .. port])).GetProperty("images").EnumerateArray().ToList();
        unknowns.Should().NotBeEmpty("some of 40 photos of unseen classes are unlike every cluster");
        var id = unknowns[0].GetProperty("id").GetInt64().ToString(CultureInfo.InvariantCulture);
        var assigned = await Json(["assign", id, "odd ones", "--json", .. port]);
        assigned.GetProperty("pinned").GetBoolean().Should().BeTrue();
        var afterAssign = await Json(["status", "--json", .. port]);
        afterAssign.GetProperty("model_version").GetInt32().Should().Be(2, "a new name from the review queue becomes a cluster of the model");
        File.Exists(Path.Combine(daemon.Output, "odd ones", Path.GetFileName(assigned.GetProperty("path").GetString()!))).Should().BeTrue();

        var bad = await WatcherProcess.RunAsync(["label", "0", "../escape", .. port]);
        bad.ExitCode.Should().Be(1);
        bad.StdErr.Should().Contain("cannot be used as a name");
        var missing = await WatcherProcess.RunAsync(["label", "99", "x", .. port]);
        missing.ExitCode.Should().Be(1);
        missing.StdErr.Should().Contain("no cluster 99");

        var labelled = await Json(["label", "0", "first", "--json", .. port]);
        labelled.GetProperty("name").GetString().Should().Be("first");
        Directory.Exists(Path.Combine(daemon.Output, labelled.GetProperty("old_folder").GetString()!)).Should().BeFalse("the folder was renamed");
        Directory.GetFiles(Path.Combine(daemon.Output, "first")).Should().HaveCount(labelled.GetProperty("moved").GetInt32());

        var report = await Json(["recluster", "--wait", "--json", .. port]);
        report.GetProperty("version").GetInt32().Should().Be(3);
        File.Exists(Path.Combine(daemon.Output, "odd ones", Path.GetFileName(assigned.GetProperty("path").GetString()!)))
            .Should().BeTrue("an image a person assigned is never moved by a re-clustering");
        (await daemon.StopAsync()).Should().BeLessThan(TimeSpan.FromSeconds(10));
        DiskAudit.CatalogAgreesWithDisk(daemon.Data, daemon.Output);
    }

    [Fact]
    public async Task A_command_without_the_daemons_token_is_refused_with_a_sentence()
    {
        await using var daemon = DaemonProcess.Start(_temp.Path, bootstrapMinImages: 200);
        await daemon.WaitForStatusAsync(_ => true, TimeSpan.FromMinutes(3), "the API");
        string other = Path.Combine(_temp.Path, "other-data");
        Directory.CreateDirectory(other);
        File.WriteAllText(Path.Combine(other, "access-token"), "not-the-token\n");

        var run = await WatcherProcess.RunAsync(["status", "--api-port", daemon.Port.ToString(CultureInfo.InvariantCulture), "--data", other]);

        run.ExitCode.Should().Be(1);
        run.StdErr.Should().Contain("refused the access token");
    }

    [Fact]
    public async Task Without_a_daemon_the_commands_say_how_to_start_one()
    {
        var run = await WatcherProcess.RunAsync(["status", "--api-port", "1"]);

        run.ExitCode.Should().Be(1);
        run.StdErr.Should().Contain("not running").And.Contain("watcher run");
    }

    private static async Task<JsonElement> Json(string[] args)
    {
        var run = await WatcherProcess.RunAsync(args);
        run.ExitCode.Should().Be(0, run.StdErr);
        return JsonDocument.Parse(run.StdOut).RootElement.Clone();
    }
}
