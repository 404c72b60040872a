using System.Security.Cryptography;
using Microsoft.Extensions.Time.Testing;
using Watcher.Catalog;
using Watcher.Service.Filing;

namespace Watcher.Service.Tests.Filing;

/// <summary>A real catalog in a temp data folder, an inbox and an output folder, and a mover over them.</summary>
internal sealed class FilingFixture : IDisposable
{
    private readonly TempFolder _root = new();

    public FilingFixture()
    {
        Directory.CreateDirectory(Inbox);
        Catalog = CatalogDb.Open(System.IO.Path.Combine(_root.Path, "data"), Time);
        Mover = new SafeMover(Catalog, Time, Log);
    }

    public FakeTimeProvider Time { get; } = new(new DateTimeOffset(2025, 3, 1, 12, 0, 0, TimeSpan.Zero));

    public RecordingLogger<SafeMover> Log { get; } = new();

    public CatalogDb Catalog { get; }

    public SafeMover Mover { get; }

    public string Root => _root.Path;

    public string Inbox => System.IO.Path.Combine(_root.Path, "inbox");

    public string Output => System.IO.Path.Combine(_root.Path, "output");

    public static byte[] Bytes(int seed, int length = 4096)
    {
        var bytes = new byte[length];
        new Random(seed).NextBytes(bytes);
        return bytes;
    }

    public static string Sha(byte[] bytes) => Convert.ToHexStringLower(SHA256.HashData(bytes));

    /// <summary>Writes a file into the inbox and catalogues it, as ingest does before any move.</summary>
    public ImageRecord AddInboxImage(string name, byte[] bytes) => AddImageAt(System.IO.Path.Combine(Inbox, name), bytes);

    public ImageRecord AddImageAt(string path, byte[] bytes)
    {
        Directory.CreateDirectory(System.IO.Path.GetDirectoryName(path)!);
        File.WriteAllBytes(path, bytes);
        return Catalog.AddImage(new ImageRecord
        {
            Sha256 = Sha(bytes),
            Length = bytes.Length,
            OriginalPath = path,
            CurrentPath = path,
            Status = ImageStatus.Waiting,
        });
    }

    public MoveTarget Target(string folderName, string fileName) =>
        new(System.IO.Path.Combine(Output, folderName), fileName, ImageStatus.Filed, folderName, 3, 0.75);

    /// <summary>The journal entry a move writes before touching any file, as a crash would leave it.</summary>
    public JournalEntry Intend(ImageRecord image, string to, MoveStage stage = MoveStage.Intended)
    {
        var entry = new JournalEntry
        {
            ImageId = image.Id,
            From = image.CurrentPath,
            To = to,
            Sha256 = image.Sha256,
            Length = image.Length,
            TargetStatus = ImageStatus.Filed,
            TargetFolder = "cats",
            TargetCluster = 3,
            TargetScore = 0.75,
            EmbeddingRow = image.EmbeddingRow,
        };
        Catalog.BeginMove(entry);
        if (stage == MoveStage.Copied)
        {
            Catalog.MarkCopied(entry);
        }

        return entry;
    }

    public string OutputFile(string folderName, string fileName)
    {
        string folder = System.IO.Path.Combine(Output, folderName);
        Directory.CreateDirectory(folder);
        return System.IO.Path.Combine(folder, fileName);
    }

    public void Dispose()
    {
        Catalog.Dispose();
        _root.Dispose();
    }
}
