namespace Watcher.Catalog.Tests;

public sealed class CatalogDbJournalTests : IDisposable
{
    private readonly TempFolder _temp = new();

    public void Dispose() => _temp.Dispose();

    private static JournalEntry Move(long imageId, string from, string to) => new()
    {
        ImageId = imageId,
        From = from,
        To = to,
        Sha256 = Records.Sha(from),
        Length = 1234,
        TargetStatus = ImageStatus.Filed,
        TargetFolder = "cats",
        TargetCluster = 2,
        TargetScore = 0.75,
    };

    [Fact]
    public void A_begun_move_is_listed_as_intended_with_its_start_time()
    {
        var clock = Records.Clock();
        using var db = CatalogDb.Open(_temp.Path, clock);
        clock.Advance(TimeSpan.FromSeconds(30));

        long id = db.BeginMove(Move(1, "/in/a.jpg", "/out/cats/a.jpg"));

        JournalEntry entry = db.UnfinishedMoves().Should().ContainSingle().Subject;
        entry.Id.Should().Be(id).And.BePositive();
        entry.Stage.Should().Be(MoveStage.Intended);
        entry.From.Should().Be("/in/a.jpg");
        entry.To.Should().Be("/out/cats/a.jpg");
        entry.TargetFolder.Should().Be("cats");
        entry.TargetCluster.Should().Be(2);
        entry.StartedUtc.Should().Be(Records.Start.UtcDateTime.AddSeconds(30));
    }

    [Fact]
    public void Begin_resets_a_stale_stage_to_intended()
    {
        // A reused entry object must not claim a copy that has not happened yet.
        using var db = CatalogDb.Open(_temp.Path, Records.Clock());
        JournalEntry entry = Move(1, "/in/a.jpg", "/out/cats/a.jpg");
        entry.Stage = MoveStage.Copied;

        db.BeginMove(entry);

        db.UnfinishedMoves().Single().Stage.Should().Be(MoveStage.Intended);
    }

    [Fact]
    public void MarkCopied_advances_the_stored_stage()
    {
        using var db = CatalogDb.Open(_temp.Path, Records.Clock());
        JournalEntry entry = Move(1, "/in/a.jpg", "/out/cats/a.jpg");
        db.BeginMove(entry);

        db.MarkCopied(entry);

        db.UnfinishedMoves().Single().Stage.Should().Be(MoveStage.Copied);
    }

    [Fact]
    public void CompleteMove_updates_the_image_and_removes_its_entry()
    {
        var clock = Records.Clock();
        using var db = CatalogDb.Open(_temp.Path, clock);
        ImageRecord image = db.AddImage(Records.Image("/in/a.jpg"));
        JournalEntry other = Move(99, "/in/z.jpg", "/out/dogs/z.jpg");
        db.BeginMove(other);
        JournalEntry entry = Move(image.Id, "/in/a.jpg", "/out/cats/a.jpg");
        db.BeginMove(entry);
        db.MarkCopied(entry);
        clock.Advance(TimeSpan.FromMinutes(1));

        db.CompleteMove(entry, image);

        ImageRecord stored = db.Image(image.Id)!;
        stored.CurrentPath.Should().Be("/out/cats/a.jpg");
        stored.OriginalPath.Should().Be("/in/a.jpg");
        stored.Status.Should().Be(ImageStatus.Filed);
        stored.Folder.Should().Be("cats");
        stored.Cluster.Should().Be(2);
        stored.Score.Should().Be(0.75);
        stored.UpdatedUtc.Should().Be(Records.Start.UtcDateTime.AddMinutes(1));
        db.CountImages().Should().Be(1);
        db.UnfinishedMoves().Select(e => e.Id).Should().Equal(other.Id);
    }

    [Fact]
    public void CompleteMove_clears_stale_placement_when_the_target_has_none()
    {
        // Moving a filed image to _unknown must not leave its old cluster and score behind.
        using var db = CatalogDb.Open(_temp.Path, Records.Clock());
        ImageRecord image = Records.Image("/out/cats/a.jpg", status: ImageStatus.Filed);
        image.Cluster = 4;
        image.Score = 0.5;
        image.Folder = "cats";
        db.AddImage(image);
        var entry = new JournalEntry { ImageId = image.Id, From = image.CurrentPath, To = "/out/_unknown/a.jpg", TargetStatus = ImageStatus.Unknown, TargetFolder = "_unknown" };
        db.BeginMove(entry);

        db.CompleteMove(entry, image);

        ImageRecord stored = db.Image(image.Id)!;
        stored.Status.Should().Be(ImageStatus.Unknown);
        stored.Folder.Should().Be("_unknown");
        stored.Cluster.Should().BeNull();
        stored.Score.Should().BeNull();
    }

    [Fact]
    public void CompleteMove_inserts_an_image_that_has_no_id_yet()
    {
        var clock = Records.Clock();
        using var db = CatalogDb.Open(_temp.Path, clock);
        db.AddImage(Records.Image("/in/earlier.jpg"));
        ImageRecord image = Records.Image("/in/new.jpg");
        JournalEntry entry = Move(0, "/in/new.jpg", "/out/cats/new.jpg");
        db.BeginMove(entry);
        clock.Advance(TimeSpan.FromSeconds(2));

        db.CompleteMove(entry, image);

        image.Id.Should().BePositive();
        ImageRecord stored = db.Image(image.Id)!;
        stored.CurrentPath.Should().Be("/out/cats/new.jpg");
        stored.Status.Should().Be(ImageStatus.Filed);
        stored.AddedUtc.Should().Be(Records.Start.UtcDateTime.AddSeconds(2));
        db.CountImages().Should().Be(2);
        db.UnfinishedMoves().Should().BeEmpty();
    }

    [Fact]
    public void AbandonMove_removes_only_the_entry()
    {
        using var db = CatalogDb.Open(_temp.Path, Records.Clock());
        ImageRecord image = db.AddImage(Records.Image("/in/a.jpg"));
        JournalEntry keep = Move(image.Id, "/in/a.jpg", "/out/x/a.jpg");
        JournalEntry drop = Move(image.Id, "/in/a.jpg", "/out/cats/a.jpg");
        db.BeginMove(keep);
        db.BeginMove(drop);

        db.AbandonMove(drop);

        db.UnfinishedMoves().Select(e => e.To).Should().Equal("/out/x/a.jpg");
        ImageRecord stored = db.Image(image.Id)!;
        stored.CurrentPath.Should().Be("/in/a.jpg");
        stored.Status.Should().Be(ImageStatus.Waiting);
    }

    [Fact]
    public void Unfinished_moves_survive_a_restart_in_order()
    {
        // Disposing without completing stands in for a crash: recovery must find every entry, oldest first.
        long first, second;
        using (var db = CatalogDb.Open(_temp.Path, Records.Clock()))
        {
            first = db.BeginMove(Move(1, "/in/a.jpg", "/out/cats/a.jpg"));
            var copied = Move(2, "/in/b.jpg", "/mnt/other/b.jpg");
            second = db.BeginMove(copied);
            db.MarkCopied(copied);
        }

        using var reopened = CatalogDb.Open(_temp.Path, Records.Clock());
        var moves = reopened.UnfinishedMoves();
        moves.Select(e => e.Id).Should().Equal(first, second);
        moves.Select(e => e.Stage).Should().Equal(MoveStage.Intended, MoveStage.Copied);
        moves[1].To.Should().Be("/mnt/other/b.jpg");
        moves[0].StartedUtc.Kind.Should().Be(DateTimeKind.Utc);
    }
}
