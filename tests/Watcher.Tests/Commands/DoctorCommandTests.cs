using System.Text.Json;
using Watcher.Catalog;
using Watcher.Tests.Support;

namespace Watcher.Tests.Commands;

// `watcher doctor` as people run it, on copies of a library a real daemon filed: the catalog is
// damaged, doctor reports it, --rebuild rebuilds it from the folders, and the daemon goes on.
[Collection(FiledLibraryGroup.Name)]
public sealed class DoctorCommandTests(FiledLibrary library)
{
    [Theory]
    [InlineData("a page in the middle overwritten", "is damaged")]
    [InlineData("truncated", "is truncated")]
    [InlineData("zero-filled", "is not a LiteDB database")]
    [InlineData("zero-length", "is empty (0 bytes)")]
    public async Task A_damaged_catalog_is_reported_then_rebuilt_from_the_folders(string damage, string problem)
    {
        library.Restore();
        var (data, output) = (library.File("data"), library.File("output"));
        string catalogPath = Path.Combine(data, "catalog.db");
        var disk = Snapshot(output);
        CatalogDamage.Apply(catalogPath, damage);
        byte[] damaged = File.ReadAllBytes(catalogPath);

        var check = await Doctor();
        check.ExitCode.Should().Be(1, check.StdErr);
        check.StdOut.Should().Contain($"The catalog {catalogPath} {problem}")
            .And.Contain($"run `watcher doctor --rebuild --data {data} --inbox {library.File("inbox")} --output {output}` to set it aside");

        var rebuild = await Doctor("--rebuild", "--json");
        rebuild.ExitCode.Should().Be(0, rebuild.StdErr);
        JsonDocument.Parse(rebuild.StdOut).RootElement.GetProperty("files").GetInt32().Should().Be(disk.Count);

        Snapshot(output).Should().Equal(disk, "doctor never moves, changes or deletes an image");
        File.ReadAllBytes(Directory.GetFiles(data, "catalog.db.broken-*").Should().ContainSingle().Which).Should().Equal(damaged, "set aside as it was");
        Directory.GetFiles(data, "embeddings.f32.broken-*").Should().ContainSingle();
        RebuiltAgreesWithDisk(data, output);
        (await Doctor()).ExitCode.Should().Be(0, "the rebuilt catalog is healthy");
    }

    [Fact]
    public async Task After_a_rebuild_the_daemon_files_new_images_into_named_folders_and_a_reclustering_keeps_the_names()
    {
        library.Restore();
        CatalogDamage.Apply(library.File("data/catalog.db"), "a page in the middle overwritten");
        (await Doctor("--rebuild")).ExitCode.Should().Be(0);
        int before = library.Before.Count;

        await using var daemon = DaemonProcess.Start(library.Root, bootstrapMinImages: 200, FiledLibrary.Settings);
        await daemon.WaitForStatusAsync(_ => true, FiledLibrary.Minutes3, "the API");
        FiledLibrary.Drop(library.Unseen, daemon.Inbox);
        await daemon.WaitForStatusAsync(s => FiledLibrary.Placed(s) == before + library.Unseen.Count, FiledLibrary.Minutes3, "the new photos filed");

        var folders = library.Unseen.Select(u => Folder(daemon.Output, Path.GetFileName(u.Path))).ToList();
        folders.Should().OnlyContain(f => library.Names.Contains(f) || f == FiledLibrary.ByHand || f == "_unknown", "every cluster has a name");
        folders.Count(library.Names.Contains).Should().BeGreaterThan(library.Unseen.Count / 2, "the kept model files new photos under the names");

        using var api = daemon.Client();
        var report = await api.Post("recluster?wait=true", null);
        report.GetProperty("proposed").GetInt32().Should().Be(0, "every new cluster carries an old one's name over");
        // A re-clustering may merge two named clusters (one name then stays); it never invents one.
        var names = (await api.Get("clusters")).EnumerateArray().Select(c => c.GetProperty("name").GetString()).ToList();
        names.Should().OnlyContain(n => library.Names.Contains(n!) || n == FiledLibrary.ByHand);
        names.Distinct().Count().Should().BeGreaterThan(library.Names.Count / 2);
        await daemon.StopAsync();
        DiskAudit.CatalogAgreesWithDisk(daemon.Data, daemon.Output);
    }

    [Fact]
    public async Task A_record_whose_file_is_gone_and_a_file_no_record_knows_are_both_reported()
    {
        library.Restore();
        string output = library.File("output");
        string gone = Directory.GetFiles(Path.Combine(output, library.Names.Order(StringComparer.Ordinal).First())).Order(StringComparer.Ordinal).First();
        File.Delete(gone);
        string stray = Path.Combine(output, library.Names.Order(StringComparer.Ordinal).Last(), "stray.JPEG");
        File.Copy(library.Unseen[0].Path, stray);

        var text = await Doctor();
        var json = await Doctor("--json");
        var quick = await Doctor("--quick");

        text.ExitCode.Should().Be(1, text.StdErr);
        text.StdOut.Should().Contain($"missing: {gone}").And.Contain($"no record: {stray}")
            .And.Contain("Unfinished moves: 0; missing files: 1; changed files: 0; files no record knows: 1; other problems: 0.");
        json.ExitCode.Should().Be(1);
        var report = JsonDocument.Parse(json.StdOut).RootElement;
        report.GetProperty("healthy").GetBoolean().Should().BeFalse();
        report.GetProperty("report").GetProperty("missing_files").EnumerateArray().Select(e => e.GetString()).Should().Equal(gone);
        report.GetProperty("report").GetProperty("strays").EnumerateArray().Select(e => e.GetString()).Should().Equal(stray);
        quick.ExitCode.Should().Be(1);
        quick.StdOut.Should().Contain("checked sizes.").And.Contain($"missing: {gone}");
    }

    [Fact]
    public async Task A_rebuild_is_refused_while_the_daemon_runs_and_changes_nothing()
    {
        library.Restore();
        await using var daemon = DaemonProcess.Start(library.Root, bootstrapMinImages: 200, FiledLibrary.Settings);
        await daemon.WaitForStatusAsync(_ => true, FiledLibrary.Minutes3, "the API");

        var rebuild = await Doctor("--rebuild");
        var check = await Doctor();

        rebuild.ExitCode.Should().Be(1);
        rebuild.StdErr.Should().Contain("in use by another process (is the daemon running?)");
        check.ExitCode.Should().Be(1);
        check.StdErr.Should().Contain("in use by another process");
        Directory.GetFiles(library.File("data"), "*.broken-*").Should().BeEmpty();
        var status = await daemon.WaitForStatusAsync(_ => true, FiledLibrary.Minutes3, "the daemon still answering");
        DaemonProcess.Count(status, "filed").Should().BeGreaterThan(0);
        await daemon.StopAsync();
        DiskAudit.CatalogAgreesWithDisk(daemon.Data, daemon.Output);
    }

    // Every file under output/ has exactly one record, with its path, bytes, and the status and
    // folder it had before the damage; every name given with `label` is still a named cluster.
    private void RebuiltAgreesWithDisk(string data, string output)
    {
        DiskAudit.CatalogAgreesWithDisk(data, output);
        using var catalog = CatalogDb.Open(data);
        var records = catalog.AllImages().ToList();
        records.Select(r => Path.GetRelativePath(output, r.CurrentPath)).Should().BeEquivalentTo(library.Before.Keys, "one record per file");
        foreach (var record in records)
        {
            var (status, folder, sha) = library.Before[Path.GetRelativePath(output, record.CurrentPath)];
            (record.Status, record.Folder, record.Sha256).Should().Be((status, folder, sha), record.CurrentPath);
            record.Length.Should().Be(new FileInfo(record.CurrentPath).Length);
        }

        records.Where(r => r.DuplicateOf is not null).Should().ContainSingle("the one byte-for-byte copy").Which.CurrentPath.Should().Contain(" (2)");
        var clusters = catalog.Clusters();
        foreach (string name in library.Names)
        {
            clusters.Should().Contain(c => c.Name == name && c.Folder == name, $"'{name}' stays a named cluster");
        }

        clusters.Should().OnlyContain(c => c.ReviewImages.All(id => records.Any(r => r.Id == id)));
        catalog.GetMeta("model_version").Should().BePositive();
    }

    private Task<ProcessResult> Doctor(params string[] options) =>
        WatcherProcess.RunAsync(["doctor", "--data", library.File("data"), "--inbox", library.File("inbox"), "--output", library.File("output"), .. options]);

    private static Dictionary<string, string> Snapshot(string output) =>
        Directory.GetFiles(output, "*", SearchOption.AllDirectories).ToDictionary(f => f, DiskAudit.Sha);

    private static string Folder(string output, string fileName) =>
        Path.GetFileName(Path.GetDirectoryName(Directory.GetFiles(output, fileName, SearchOption.AllDirectories).Single()))!;
}
