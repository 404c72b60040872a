using System.Text.Json;
using Watcher.Catalog;

namespace Watcher.Tests.Support;

/// <summary>
/// What a real daemon leaves after some use, made once for the tests that damage catalogs: 200
/// imagenette photos bootstrapped and every cluster named by a person (by the class most of its
/// images show, so two clusters can share a name), then 30 more photos filed by the model, a
/// text file named .jpg in _rejected, a byte-for-byte copy filed beside its original, a few
/// strangers (other ImageNet classes, a noise picture) of which the model flags some as unknown
/// and one is set aside in _ignored, and one image filed by hand under a new name. The daemon is stopped cleanly and the catalog checked against the disk, then the whole
/// library is kept aside; <see cref="Restore"/> puts it back where it was made for each test.
/// The catalog records absolute paths, so a copy elsewhere would not be the same library; the
/// tests that use it share one collection and run one after the other.
/// </summary>
public sealed class FiledLibrary : IAsyncLifetime, IDisposable
{
    public static readonly TimeSpan Minutes3 = TimeSpan.FromMinutes(3);
    public const string ByHand = "oddities";
    private readonly TempFolder _temp = new();

    /// <summary>Where the daemon made the library (inbox/, output/ and data/ beneath it), and where tests use it.</summary>
    public string Root => Path.Combine(_temp.Path, "library");

    private string Kept => Path.Combine(_temp.Path, "kept");

    /// <summary>Settings every daemon on a copy runs with: no re-clustering on its own, so tests decide when.</summary>
    public static IDictionary<string, string> Settings { get; } = new Dictionary<string, string> { ["Recluster:AfterNewImages"] = "0" };

    /// <summary>The names people gave clusters with `label` (not the one given by hand).</summary>
    public IReadOnlySet<string> Names { get; private set; } = new HashSet<string>();

    /// <summary>Photos of every class the library has never seen, 3 per class.</summary>
    public IReadOnlyList<(string Path, string Label)> Unseen { get; private set; } = [];

    /// <summary>Per file (relative to output/): its status, folder and SHA-256, as the healthy catalog had them.</summary>
    public IReadOnlyDictionary<string, (ImageStatus Status, string? Folder, string Sha256)> Before { get; private set; } =
        new Dictionary<string, (ImageStatus, string?, string)>();

    public async Task InitializeAsync()
    {
        var sample = SharedData.Sample(SharedData.Imagenette, 26);
        var byClass = sample.GroupBy(i => i.Label).ToList();
        var first = byClass.SelectMany(g => g.Take(20)).ToList();
        var later = byClass.SelectMany(g => g.Skip(20).Take(3)).ToList();
        Unseen = byClass.SelectMany(g => g.Skip(23)).ToList();
        var labelOf = sample.ToDictionary(i => Path.GetFileName(i.Path), i => i.Label);

        await using var daemon = DaemonProcess.Start(Root, bootstrapMinImages: first.Count, Settings);
        await daemon.WaitForStatusAsync(_ => true, Minutes3, "the API");
        Drop(first, daemon.Inbox);
        await daemon.WaitForStatusAsync(s => Placed(s) == first.Count, Minutes3, "the bootstrap");
        using var api = daemon.Client();
        var names = new HashSet<string>(StringComparer.Ordinal);
        foreach (var cluster in (await api.Get("clusters")).EnumerateArray())
        {
            string folder = Path.Combine(daemon.Output, cluster.GetProperty("folder").GetString()!);
            string majority = Directory.GetFiles(folder).GroupBy(f => labelOf[Path.GetFileName(f)]).MaxBy(g => g.Count())!.Key;
            await api.Post($"clusters/{cluster.GetProperty("id").GetInt32()}/label", new { name = majority });
            names.Add(majority);
        }

        Drop(later, daemon.Inbox);
        System.IO.File.WriteAllText(Path.Combine(daemon.Inbox, "notes.jpg"), "not a picture");
        System.IO.File.Copy(first[0].Path, Path.Combine(daemon.Inbox, "copy.JPEG"));
        // Unlike anything in the ten classes, so the review queue has something to set aside.
        var strangers = Directory.GetFiles(SharedData.ImagenetSample).Order(StringComparer.Ordinal).Where(f => !f.Contains("n01440764", StringComparison.Ordinal)).Take(6).ToList();
        strangers.ForEach(f => System.IO.File.Copy(f, Path.Combine(daemon.Inbox, Path.GetFileName(f))));
        WriteNoise(Path.Combine(daemon.Inbox, "noise.png"));
        int placed = first.Count + later.Count + strangers.Count + 3;
        await daemon.WaitForStatusAsync(s => Placed(s) == placed, Minutes3, "the later photos, the text file and the copy");

        string filed = Directory.GetFiles(Path.Combine(daemon.Output, names.Order(StringComparer.Ordinal).First())).Order(StringComparer.Ordinal).Last();
        await api.Post("assign", new { image = filed, name = ByHand });
        var queue = await api.Get("unknowns?limit=1");
        queue.GetProperty("total").GetInt32().Should().BeGreaterThan(1, "a noise picture and photos of other classes are flagged");
        await api.Post("unknowns/ignore", new { images = new[] { queue.GetProperty("images")[0].GetProperty("id").GetInt64() } });

        (await daemon.StopAsync()).Should().BeLessThan(TimeSpan.FromSeconds(10));
        daemon.ExitCode.Should().Be(0, daemon.Log);
        DiskAudit.CatalogAgreesWithDisk(daemon.Data, daemon.Output);
        Names = names;
        using (var catalog = CatalogDb.Open(daemon.Data))
        {
            Before = catalog.AllImages().Where(i => i.Status != ImageStatus.Missing)
                .ToDictionary(i => Path.GetRelativePath(daemon.Output, i.CurrentPath), i => (i.Status, i.Folder, i.Sha256));
        }

        Before.Values.Select(v => v.Status).Should().Contain([ImageStatus.Filed, ImageStatus.Unknown, ImageStatus.Rejected, ImageStatus.Ignored],
            "the library has each kind of file a rebuild must recognise");
        Before.Values.Should().Contain(v => v.Folder == ByHand);
        CopyFolder(Root, Kept);
    }

    /// <summary>The library as the daemon left it, at <see cref="Root"/>, whatever the last test did to it.</summary>
    public string Restore()
    {
        if (Directory.Exists(Root))
        {
            Directory.Delete(Root, recursive: true);
        }

        CopyFolder(Kept, Root);
        Directory.CreateDirectory(Path.Combine(Root, "inbox"));
        return Root;
    }

    public string File(string relative) => Path.Combine(Root, relative);

    private static void CopyFolder(string from, string to)
    {
        foreach (string file in Directory.GetFiles(from, "*", SearchOption.AllDirectories))
        {
            string target = Path.Combine(to, Path.GetRelativePath(from, file));
            Directory.CreateDirectory(Path.GetDirectoryName(target)!);
            System.IO.File.Copy(file, target);
        }
    }

    private static void WriteNoise(string path)
    {
        var random = new Random(5);
        using var bitmap = new SkiaSharp.SKBitmap(256, 256);
        for (int y = 0; y < 256; y++)
        {
            for (int x = 0; x < 256; x++)
            {
                bitmap.SetPixel(x, y, new SkiaSharp.SKColor((byte)random.Next(256), (byte)random.Next(256), (byte)random.Next(256)));
            }
        }

        using var png = bitmap.Encode(SkiaSharp.SKEncodedImageFormat.Png, 100);
        System.IO.File.WriteAllBytes(path, png.ToArray());
    }

    public static int Placed(JsonElement s) =>
        DaemonProcess.Count(s, "filed") + DaemonProcess.Count(s, "unknown") + DaemonProcess.Count(s, "rejected") + DaemonProcess.Count(s, "ignored");

    public static void Drop(IEnumerable<(string Path, string Label)> images, string inbox)
    {
        Directory.CreateDirectory(inbox);
        foreach (var (path, _) in images) System.IO.File.Copy(path, Path.Combine(inbox, Path.GetFileName(path)));
    }

    public Task DisposeAsync() => Task.CompletedTask;

    public void Dispose() => _temp.Dispose();
}

[CollectionDefinition(Name)]
public sealed class FiledLibraryGroup : ICollectionFixture<FiledLibrary>
{
    // Both classes that damage catalogs share one library, and run one after the other (2 cores).
    public const string Name = "filed library";
}
