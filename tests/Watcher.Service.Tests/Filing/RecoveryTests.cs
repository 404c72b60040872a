using Microsoft.Extensions.Logging;
using Watcher.Catalog;
using Watcher.Service.Filing;

namespace Watcher.Service.Tests.Filing;

/// <summary>
/// Each test leaves disk and journal exactly as a crash at one instant of a move would, then
/// restarts recovery on them.
/// </summary>
public sealed class RecoveryTests : IDisposable
{
    private readonly FilingFixture _f = new();

    public void Dispose() => _f.Dispose();

    [Fact]
    public void Intent_only_with_the_source_present_is_rolled_back()
    {
        ImageRecord image = _f.AddInboxImage("a.jpg", FilingFixture.Bytes(1));
        string to = _f.OutputFile("cats", "a.jpg");
        _f.Intend(image, to);

        RecoveryReport report = _f.Mover.Recover();

        report.Should().Be(new RecoveryReport(0, 1, 0));
        File.ReadAllBytes(image.CurrentPath).Should().Equal(FilingFixture.Bytes(1));
        File.Exists(to).Should().BeFalse();
        _f.Catalog.UnfinishedMoves().Should().BeEmpty();
        ImageRecord stored = _f.Catalog.Image(image.Id)!;
        stored.CurrentPath.Should().Be(image.CurrentPath);
        stored.Status.Should().Be(ImageStatus.Waiting);
    }

    [Fact]
    public void Intent_with_the_target_present_and_the_source_gone_is_completed()
    {
        ImageRecord image = _f.AddInboxImage("b.jpg", FilingFixture.Bytes(2));
        string to = _f.OutputFile("cats", "b.jpg");
        _f.Intend(image, to);
        File.Move(image.CurrentPath, to);

        RecoveryReport report = _f.Mover.Recover();

        report.Should().Be(new RecoveryReport(1, 0, 0));
        File.ReadAllBytes(to).Should().Equal(FilingFixture.Bytes(2));
        ShouldBeFiledAt(image.Id, to);
    }

    [Fact]
    public void Both_names_of_a_hard_link_not_yet_unlinked_become_one_at_the_target()
    {
        ImageRecord image = _f.AddInboxImage("c.jpg", FilingFixture.Bytes(3));
        string to = _f.OutputFile("cats", "c.jpg");
        _f.Intend(image, to);
        SecondName(image.CurrentPath, to);

        RecoveryReport report = _f.Mover.Recover();

        report.Should().Be(new RecoveryReport(1, 0, 0));
        File.Exists(image.CurrentPath).Should().BeFalse();
        File.ReadAllBytes(to).Should().Equal(FilingFixture.Bytes(3));
        ShouldBeFiledAt(image.Id, to);
    }

    [Fact]
    public void A_verified_copy_with_the_source_still_present_is_completed_and_the_source_removed()
    {
        ImageRecord image = _f.AddInboxImage("d.jpg", FilingFixture.Bytes(4));
        string to = _f.OutputFile("cats", "d.jpg");
        File.Copy(image.CurrentPath, to);
        _f.Intend(image, to, MoveStage.Copied);

        RecoveryReport report = _f.Mover.Recover();

        report.Should().Be(new RecoveryReport(1, 0, 0));
        File.Exists(image.CurrentPath).Should().BeFalse();
        File.ReadAllBytes(to).Should().Equal(FilingFixture.Bytes(4));
        ShouldBeFiledAt(image.Id, to);
    }

    [Fact]
    public void A_different_file_at_the_target_is_kept_with_the_source_and_the_move_abandoned()
    {
        ImageRecord image = _f.AddInboxImage("e.jpg", FilingFixture.Bytes(5));
        string to = _f.OutputFile("cats", "e.jpg");
        File.WriteAllBytes(to, FilingFixture.Bytes(55));
        _f.Intend(image, to);

        RecoveryReport report = _f.Mover.Recover();

        report.Should().Be(new RecoveryReport(0, 1, 0));
        File.ReadAllBytes(image.CurrentPath).Should().Equal(FilingFixture.Bytes(5));
        File.ReadAllBytes(to).Should().Equal(FilingFixture.Bytes(55));
        _f.Catalog.UnfinishedMoves().Should().BeEmpty();
        _f.Catalog.Image(image.Id)!.CurrentPath.Should().Be(image.CurrentPath);
    }

    [Fact]
    public void An_image_at_neither_end_is_marked_missing()
    {
        ImageRecord image = _f.AddInboxImage("f.jpg", FilingFixture.Bytes(6));
        _f.Intend(image, _f.OutputFile("cats", "f.jpg"));
        File.Delete(image.CurrentPath);

        RecoveryReport report = _f.Mover.Recover();

        report.Should().Be(new RecoveryReport(0, 0, 1));
        _f.Catalog.Image(image.Id)!.Status.Should().Be(ImageStatus.Missing);
        _f.Catalog.UnfinishedMoves().Should().BeEmpty();
    }

    [Fact]
    public void A_source_gone_with_other_bytes_at_the_target_marks_the_image_missing_and_leaves_the_stranger()
    {
        ImageRecord image = _f.AddInboxImage("g.jpg", FilingFixture.Bytes(7));
        string to = _f.OutputFile("cats", "g.jpg");
        File.WriteAllBytes(to, FilingFixture.Bytes(77));
        _f.Intend(image, to);
        File.Delete(image.CurrentPath);

        RecoveryReport report = _f.Mover.Recover();

        report.Should().Be(new RecoveryReport(0, 0, 1));
        File.ReadAllBytes(to).Should().Equal(FilingFixture.Bytes(77));
        _f.Catalog.Image(image.Id)!.Status.Should().Be(ImageStatus.Missing);
        _f.Catalog.UnfinishedMoves().Should().BeEmpty();
    }

    [Fact]
    public void A_leftover_temporary_copy_is_removed_and_the_move_rolled_back()
    {
        ImageRecord image = _f.AddInboxImage("h.jpg", FilingFixture.Bytes(8));
        string to = _f.OutputFile("cats", "h.jpg");
        string temp = DestinationNames.TempFor(to);
        File.WriteAllBytes(temp, FilingFixture.Bytes(8)[..1000]);
        _f.Intend(image, to);

        RecoveryReport report = _f.Mover.Recover();

        report.Should().Be(new RecoveryReport(0, 1, 0));
        File.Exists(temp).Should().BeFalse();
        File.Exists(to).Should().BeFalse();
        File.ReadAllBytes(image.CurrentPath).Should().Equal(FilingFixture.Bytes(8));
        _f.Catalog.UnfinishedMoves().Should().BeEmpty();
    }

    [Fact]
    public void A_copy_renamed_into_place_but_not_yet_unlinked_from_its_temporary_name_is_completed()
    {
        ImageRecord image = _f.AddInboxImage("i.jpg", FilingFixture.Bytes(9));
        string to = _f.OutputFile("cats", "i.jpg");
        string temp = DestinationNames.TempFor(to);
        File.Copy(image.CurrentPath, temp);
        SecondName(temp, to);
        _f.Intend(image, to);

        RecoveryReport report = _f.Mover.Recover();

        report.Should().Be(new RecoveryReport(1, 0, 0));
        File.Exists(temp).Should().BeFalse();
        File.Exists(image.CurrentPath).Should().BeFalse();
        Directory.GetFiles(Path.GetDirectoryName(to)!).Should().Equal(to);
        ShouldBeFiledAt(image.Id, to);
    }

    [Fact]
    public void A_new_file_dropped_at_the_source_path_after_the_move_is_kept()
    {
        ImageRecord image = _f.AddInboxImage("j.jpg", FilingFixture.Bytes(10));
        string to = _f.OutputFile("cats", "j.jpg");
        _f.Intend(image, to);
        File.Move(image.CurrentPath, to);
        File.WriteAllBytes(image.CurrentPath, FilingFixture.Bytes(11));

        RecoveryReport report = _f.Mover.Recover();

        report.Should().Be(new RecoveryReport(1, 0, 0));
        File.ReadAllBytes(image.CurrentPath).Should().Equal(FilingFixture.Bytes(11));
        ShouldBeFiledAt(image.Id, to);
    }

    [Fact]
    public void Recovery_logs_one_line_per_entry_and_empties_the_journal()
    {
        ImageRecord rolled = _f.AddInboxImage("k.jpg", FilingFixture.Bytes(12));
        _f.Intend(rolled, _f.OutputFile("cats", "k.jpg"));
        ImageRecord done = _f.AddInboxImage("l.jpg", FilingFixture.Bytes(13));
        string doneTo = _f.OutputFile("cats", "l.jpg");
        _f.Intend(done, doneTo);
        File.Move(done.CurrentPath, doneTo);
        ImageRecord lost = _f.AddInboxImage("m.jpg", FilingFixture.Bytes(14));
        _f.Intend(lost, _f.OutputFile("cats", "m.jpg"));
        File.Delete(lost.CurrentPath);

        RecoveryReport report = _f.Mover.Recover();

        report.Should().Be(new RecoveryReport(1, 1, 1));
        _f.Catalog.UnfinishedMoves().Should().BeEmpty();
        _f.Log.Lines.Where(l => l.Message.StartsWith("Move ", StringComparison.Ordinal) && !l.Message.StartsWith("Move journal", StringComparison.Ordinal))
            .Should().HaveCount(3);
        _f.Log.Lines.Should().Contain(l => l.Level == LogLevel.Warning && l.Message.Contains("m.jpg", StringComparison.Ordinal));
        _f.Mover.Recover().Should().Be(new RecoveryReport(0, 0, 0));
    }

    [Fact]
    public void After_a_roll_back_the_image_moves_normally_to_the_name_it_was_going_to()
    {
        ImageRecord image = _f.AddInboxImage("n.jpg", FilingFixture.Bytes(15));
        _f.Intend(image, _f.OutputFile("cats", "n.jpg"));
        _f.Mover.Recover();

        string final = _f.Mover.Move(_f.Catalog.Image(image.Id)!, _f.Target("cats", "n.jpg"));

        Path.GetFileName(final).Should().Be("n.jpg");
        ShouldBeFiledAt(image.Id, final);
    }

    [Fact]
    public void A_new_image_whose_record_was_never_written_gets_it_from_its_journal_entry()
    {
        // Ingest writes a new image's record only when its move completes: a crash after the
        // link leaves the entry alone to say what the image is.
        string from = Path.Combine(_f.Inbox, "o.jpg");
        Directory.CreateDirectory(_f.Inbox);
        File.WriteAllBytes(from, FilingFixture.Bytes(16));
        var image = new ImageRecord
        {
            Sha256 = FilingFixture.Sha(FilingFixture.Bytes(16)), Length = 4096, OriginalPath = from, CurrentPath = from,
            Status = ImageStatus.Waiting, EmbeddingRow = 42,
        };
        string to = _f.OutputFile("cats", "o.jpg");
        _f.Intend(image, to);
        File.Move(from, to);

        _f.Mover.Recover().Should().Be(new RecoveryReport(1, 0, 0));

        ImageRecord stored = _f.Catalog.FindByPath(to)!;
        stored.EmbeddingRow.Should().Be(42);
        stored.OriginalPath.Should().Be(from);
        stored.Sha256.Should().Be(image.Sha256);
        ShouldBeFiledAt(stored.Id, to);
    }

    private void ShouldBeFiledAt(long id, string to)
    {
        ImageRecord stored = _f.Catalog.Image(id)!;
        stored.CurrentPath.Should().Be(to);
        stored.Status.Should().Be(ImageStatus.Filed);
        stored.Folder.Should().Be("cats");
        _f.Catalog.UnfinishedMoves().Should().BeEmpty();
    }

    /// <summary>A hard link where the platform has one, as link() leaves it; a copy elsewhere.</summary>
    private static void SecondName(string existing, string newName)
    {
        if (OperatingSystem.IsWindows() || HardLink.TryLink(existing, newName) != LinkOutcome.Linked)
        {
            File.Copy(existing, newName);
        }
    }
}
