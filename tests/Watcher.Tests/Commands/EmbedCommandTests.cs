using System.Text.Json;
using Watcher.Embedding.Storage;
using Watcher.Tests.Support;

namespace Watcher.Tests.Commands;

public sealed class EmbedCommandTests : IDisposable
{
    private readonly TempFolder _temp = new();

    public void Dispose() => _temp.Dispose();

    /// <summary>Two classes of real photos, a duplicate under an odd name, and a file that is not an image.</summary>
    private string MakeLibrary()
    {
        var root = Path.Combine(_temp.Path, "library");
        foreach (var wnid in new[] { "n01440764", "n03028079" })
        {
            var files = Directory.GetFiles(Path.Combine(SharedData.Imagenette, wnid)).Order(StringComparer.Ordinal).Take(5).ToList();
            Directory.CreateDirectory(Path.Combine(root, wnid));
            foreach (var f in files) File.Copy(f, Path.Combine(root, wnid, Path.GetFileName(f)));
        }
        var first = Directory.GetFiles(Path.Combine(root, "n01440764")).Order(StringComparer.Ordinal).First();
        File.Copy(first, Path.Combine(root, "n01440764", "copy of «fish» é.jpg"));
        File.WriteAllText(Path.Combine(root, "n03028079", "readme.jpg"), "not a photo");
        File.Copy(first, Path.Combine(root, "loose.jpg"));
        return root;
    }

    [Fact]
    public async Task Writes_matching_npy_and_tsv_and_lists_bad_files_on_stderr()
    {
        var library = MakeLibrary();
        var npy = Path.Combine(_temp.Path, "out", "emb.npy");

        var run = await WatcherProcess.RunAsync(["embed", library, "--out", npy, "--json", "--data", Path.Combine(_temp.Path, "data")]);

        run.ExitCode.Should().Be(0, run.StdErr);
        using var summary = JsonDocument.Parse(run.StdOut);
        summary.RootElement.GetProperty("images").GetInt32().Should().Be(12);
        summary.RootElement.GetProperty("skipped").GetInt32().Should().Be(1);
        summary.RootElement.GetProperty("model").GetString().Should().Be("mobilenetv3-small");
        run.StdErr.Should().Contain("skipped n03028079/readme.jpg: NotAnImage");

        var (data, rows, cols) = NpyReader.Read(npy);
        (rows, cols).Should().Be((12, 576));
        var lines = File.ReadAllLines(Path.ChangeExtension(npy, ".tsv"));
        lines[0].Should().Be("path\tlabel");
        lines.Should().HaveCount(13);
        lines.Should().Contain("loose.jpg\t");
        lines.Should().Contain("n01440764/copy of «fish» é.jpg\tn01440764");
        lines.Skip(1).Count(l => l.EndsWith("\tn03028079", StringComparison.Ordinal)).Should().Be(5);

        // Rows line up with the index: the three copies of one photo have identical rows.
        var firstName = Directory.GetFiles(Path.Combine(library, "n01440764")).Select(Path.GetFileName).Order(StringComparer.Ordinal)
            .First(n => n!.StartsWith("ILSVRC", StringComparison.Ordinal));
        int Row(string path) => Array.IndexOf(lines, lines.First(l => l.StartsWith(path + "\t", StringComparison.Ordinal))) - 1;
        float[] Vector(int r) => data.AsSpan(r * cols, cols).ToArray();
        Vector(Row("loose.jpg")).Should().Equal(Vector(Row("n01440764/" + firstName)));
        Vector(Row("n01440764/copy of «fish» é.jpg")).Should().Equal(Vector(Row("n01440764/" + firstName)));
        Vector(Row("n03028079/" + Path.GetFileName(Directory.GetFiles(Path.Combine(library, "n03028079")).Order(StringComparer.Ordinal).First())))
            .Should().NotEqual(Vector(Row("loose.jpg")));

        Directory.GetFiles(Path.Combine(_temp.Path, "data", "logs")).Should().ContainSingle("Serilog writes a rolling file in data/logs");
    }

    [Fact]
    public async Task Missing_weights_fail_with_a_message_that_says_how_to_fix_it()
    {
        var empty = Directory.CreateDirectory(Path.Combine(_temp.Path, "no-models")).FullName;

        var run = await WatcherProcess.RunAsync(["embed", MakeLibrary(), "--out", Path.Combine(_temp.Path, "e.npy"), "--data", _temp.Path],
            new Dictionary<string, string?> { ["WATCHER_MODELS_DIR"] = empty });

        run.ExitCode.Should().Be(1);
        run.StdErr.Should().Contain("No model weights found").And.Contain("download-model.sh");
        run.StdErr.Should().NotContain("   at ", "a person gets a sentence, not a stack trace");
    }

    [Fact]
    public async Task Missing_folder_is_a_clear_error()
    {
        var run = await WatcherProcess.RunAsync(["embed", Path.Combine(_temp.Path, "nowhere"), "--out", _temp.File("e.npy"), "--data", _temp.Path]);

        run.ExitCode.Should().Be(1);
        run.StdErr.Should().Contain("Folder not found");
    }

    [Fact]
    public async Task Missing_config_is_a_clear_error()
    {
        var run = await WatcherProcess.RunAsync(["embed", _temp.Path, "--out", _temp.File("e.npy"), "--config", _temp.File("none.json")]);

        run.ExitCode.Should().Be(1);
        run.StdErr.Should().Contain("Configuration file not found");
    }

    [Fact]
    public async Task Help_lists_the_commands()
    {
        var run = await WatcherProcess.RunAsync(["--help"]);

        run.ExitCode.Should().Be(0);
        run.StdOut.Should().Contain("embed").And.Contain("bench");
    }
}
