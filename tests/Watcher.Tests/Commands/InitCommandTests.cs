using System.Text.Json;
using Watcher.Catalog;
using Watcher.Tests.Support;

namespace Watcher.Tests.Commands;

public sealed class InitCommandTests : IDisposable
{
    private readonly TempFolder _temp = new();

    public void Dispose() => _temp.Dispose();

    [Fact]
    public async Task A_library_is_catalogued_in_place_and_a_second_init_keeps_the_clusters()
    {
        string[] args = ["init", "--from", SharedData.ImagenetSample, "--data", _temp.File("data"), "--inbox", _temp.File("inbox"),
            "--output", _temp.File("output"), "--json"];
        int files = Directory.GetFiles(SharedData.ImagenetSample).Length;

        var first = await Json(args);
        var second = await Json(args);

        first.GetProperty("added").GetInt32().Should().Be(files);
        first.GetProperty("clustering").GetProperty("proposed").GetInt32().Should().Be(first.GetProperty("clustering").GetProperty("clusters").GetInt32());
        second.GetProperty("already_known").GetInt32().Should().Be(files, "nothing is embedded twice");
        second.GetProperty("clustering").GetProperty("proposed").GetInt32().Should().Be(0, "the clusters of the first init carry over");
        Directory.Exists(_temp.File("output")).Should().BeFalse("a library is never moved");
        using var catalog = CatalogDb.Open(_temp.File("data"));
        catalog.AllImages().Should().HaveCount(files).And.OnlyContain(i => i.Status == ImageStatus.Library && i.CurrentPath == i.OriginalPath);
    }

    private static async Task<JsonElement> Json(string[] args)
    {
        var run = await WatcherProcess.RunAsync(args);
        run.ExitCode.Should().Be(0, run.StdErr);
        return JsonDocument.Parse(run.StdOut).RootElement.Clone();
    }
}
