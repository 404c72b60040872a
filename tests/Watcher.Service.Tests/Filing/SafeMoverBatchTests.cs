using Watcher.Catalog;
using Watcher.Service.Filing;

namespace Watcher.Service.Tests.Filing;

public sealed class SafeMoverBatchTests : IDisposable
{
    private readonly FilingFixture _f = new();

    public void Dispose() => _f.Dispose();

    [Fact]
    public void A_batch_lands_every_file_with_clashes_suffixed_and_a_vanished_source_reported()
    {
        var images = Enumerable.Range(0, 6).Select(i => _f.AddInboxImage($"img{i}.jpg", FilingFixture.Bytes(i))).ToList();
        // Someone else's file already has the first image's name in the target folder.
        Directory.CreateDirectory(Path.Combine(_f.Output, "cats"));
        File.WriteAllBytes(_f.OutputFile("cats", "img0.jpg"), FilingFixture.Bytes(99));
        File.Delete(images[5].CurrentPath);

        var outcomes = _f.Mover.MoveMany(images.Select(i => (i, _f.Target("cats", Path.GetFileName(i.CurrentPath)))).ToList());

        outcomes.Take(5).Should().OnlyContain(o => o.Error == null);
        outcomes[0].Path.Should().Be(_f.OutputFile("cats", "img0 (2).jpg"));
        File.ReadAllBytes(_f.OutputFile("cats", "img0.jpg")).Should().Equal(FilingFixture.Bytes(99), "never overwritten");
        outcomes[5].Error.Should().NotBeNull();
        outcomes[5].Error!.Message.Should().Contain("no longer exists");
        for (int i = 0; i < 5; i++)
        {
            File.ReadAllBytes(outcomes[i].Path!).Should().Equal(FilingFixture.Bytes(i));
            File.Exists(Path.Combine(_f.Inbox, $"img{i}.jpg")).Should().BeFalse("the source name is gone");
            ImageRecord record = _f.Catalog.Image(images[i].Id)!;
            record.CurrentPath.Should().Be(outcomes[i].Path);
            record.Status.Should().Be(ImageStatus.Filed);
            record.Folder.Should().Be("cats");
        }

        _f.Catalog.UnfinishedMoves().Should().BeEmpty();
    }

    [Fact]
    public void Images_not_yet_in_the_catalog_get_their_record_when_their_move_completes()
    {
        // As ingest files new images: no record before the move, one after, with its embedding row.
        Directory.CreateDirectory(_f.Inbox);
        var images = Enumerable.Range(0, 3).Select(i =>
        {
            string path = Path.Combine(_f.Inbox, $"new{i}.jpg");
            File.WriteAllBytes(path, FilingFixture.Bytes(20 + i));
            return new ImageRecord
            {
                Sha256 = FilingFixture.Sha(FilingFixture.Bytes(20 + i)), Length = 4096, OriginalPath = path, CurrentPath = path,
                Status = ImageStatus.Waiting, EmbeddingRow = 100 + i,
            };
        }).ToList();
        File.Delete(images[2].CurrentPath);

        var outcomes = _f.Mover.MoveMany(images.Select(i => (i, _f.Target("cats", Path.GetFileName(i.CurrentPath)))).ToList());

        outcomes[2].Error.Should().NotBeNull();
        images[2].Id.Should().Be(0, "a move that did not happen writes no record");
        _f.Catalog.CountImages().Should().Be(2);
        for (int i = 0; i < 2; i++)
        {
            ImageRecord record = _f.Catalog.Image(images[i].Id)!;
            record.CurrentPath.Should().Be(outcomes[i].Path);
            record.OriginalPath.Should().Be(Path.Combine(_f.Inbox, $"new{i}.jpg"));
            record.Status.Should().Be(ImageStatus.Filed);
            record.EmbeddingRow.Should().Be(100 + i);
        }

        _f.Catalog.UnfinishedMoves().Should().BeEmpty();
    }

    [Fact]
    public void The_intents_of_a_batch_are_in_the_catalog_file_before_any_file_moves()
    {
        var images = Enumerable.Range(0, 3).Select(i => _f.AddInboxImage($"b{i}.jpg", FilingFixture.Bytes(i))).ToList();
        var entries = images.Select(i => new JournalEntry { ImageId = i.Id, From = i.CurrentPath, To = _f.OutputFile("x", Path.GetFileName(i.CurrentPath)), Sha256 = i.Sha256 }).ToList();

        _f.Catalog.BeginMoves(entries);
        _f.Catalog.Flush();

        // What a process killed now would leave: the data file alone.
        using var copy = new TempFolder();
        using (var source = new FileStream(_f.Catalog.Path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete))
        using (var target = File.Create(copy.File("catalog.db")))
        {
            source.CopyTo(target);
        }

        using CatalogDb reopened = CatalogDb.Open(copy.Path);
        reopened.UnfinishedMoves().Select(e => e.ImageId).Should().Equal(images.Select(i => i.Id));
    }
}
