using Watcher.Catalog;
using Watcher.Service.Filing;

namespace Watcher.Service.Tests.Filing;

public sealed class IntentBarrierTests : IDisposable
{
    private readonly FilingFixture _f = new();

    public void Dispose() => _f.Dispose();

    [Fact]
    public void A_persisted_intent_is_in_the_catalog_file_itself_not_only_in_memory()
    {
        var barrier = new IntentBarrier(_f.Catalog);
        ImageRecord image = _f.AddInboxImage("a.jpg", FilingFixture.Bytes(1));
        JournalEntry entry = _f.Intend(image, _f.OutputFile("cats", "a.jpg"));

        barrier.Persist();

        // What a process killed now would leave: the data file alone, as the OS holds it.
        using var copy = new TempFolder();
        File.WriteAllBytes(copy.File("catalog.db"), ReadShared(_f.Catalog.Path));
        using CatalogDb reopened = CatalogDb.Open(copy.Path);
        reopened.UnfinishedMoves().Select(e => e.Id).Should().Equal(entry.Id);
        reopened.Image(image.Id).Should().NotBeNull();
    }

    private static byte[] ReadShared(string path)
    {
        using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete);
        using var memory = new MemoryStream();
        stream.CopyTo(memory);
        return memory.ToArray();
    }
}
