using Watcher.Catalog;
using Watcher.Tests.Support;

namespace Watcher.Tests.Commands;

// `watcher run` on a catalog it must not use: one sentence on stderr, a non-zero exit, and no
// image touched (a daemon that started anyway would re-file or forget them).
[Collection(FiledLibraryGroup.Name)]
public sealed class RunCommandDamagedCatalogTests(FiledLibrary library)
{
    [Theory]
    [InlineData("a page in the middle overwritten")]
    [InlineData("truncated")]
    [InlineData("from a newer Watcher")]
    public async Task The_daemon_refuses_a_damaged_catalog_with_one_sentence_and_touches_no_image(string damage)
    {
        library.Restore();
        var (data, inbox, output) = (library.File("data"), library.File("inbox"), library.File("output"));
        File.Copy(library.Unseen[0].Path, Path.Combine(inbox, "new.JPEG"));
        CatalogDamage.Apply(Path.Combine(data, "catalog.db"), damage);
        var before = Snapshot(data, inbox, output);
        string sentence = Assert.Throws<CatalogUnusableException>(() => CatalogDb.Open(data))
            .WithRecovery($"watcher doctor --rebuild --data {data} --inbox {inbox} --output {output}");

        var run = await WatcherProcess.RunAsync(["run", "--inbox", inbox, "--output", output, "--data", data, "--api-port", "0"], timeout: TimeSpan.FromMinutes(1));

        run.ExitCode.Should().NotBe(0);
        run.StdErr.Should().Contain(sentence).And.NotContain("   at ", "one sentence, no stack trace");
        run.StdErr.Should().NotContain("Review page", "it stops before it starts");
        Snapshot(data, inbox, output).Should().Equal(before, "no image, nor the catalog, was touched");
    }

    // Every file's path, length and last write time (the data folder's logs grow, and are left out).
    private static Dictionary<string, (long, DateTime)> Snapshot(params string[] folders) =>
        folders.SelectMany(f => Directory.GetFiles(f, "*", SearchOption.AllDirectories))
            .Where(f => !f.Contains($"{Path.DirectorySeparatorChar}logs{Path.DirectorySeparatorChar}", StringComparison.Ordinal))
            .ToDictionary(f => f, f => (new FileInfo(f).Length, File.GetLastWriteTimeUtc(f)));
}
