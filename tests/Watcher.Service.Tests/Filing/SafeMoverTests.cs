using Watcher.Catalog;
using Watcher.Service.Filing;

namespace Watcher.Service.Tests.Filing;

public sealed class SafeMoverTests : IDisposable
{
    private readonly FilingFixture _f = new();

    public void Dispose() => _f.Dispose();

    [Fact]
    public void A_move_on_one_volume_puts_the_file_at_the_target_and_updates_the_catalog()
    {
        byte[] bytes = FilingFixture.Bytes(1);
        ImageRecord image = _f.AddInboxImage("cat.jpg", bytes);
        string source = image.CurrentPath;

        string final = _f.Mover.Move(image, _f.Target("cats", "cat.jpg"));

        final.Should().Be(Path.Combine(_f.Output, "cats", "cat.jpg"));
        File.ReadAllBytes(final).Should().Equal(bytes);
        File.Exists(source).Should().BeFalse();
        ImageRecord stored = _f.Catalog.Image(image.Id)!;
        stored.CurrentPath.Should().Be(final);
        stored.Status.Should().Be(ImageStatus.Filed);
        stored.Folder.Should().Be("cats");
        stored.Cluster.Should().Be(3);
        stored.Score.Should().Be(0.75);
        _f.Catalog.UnfinishedMoves().Should().BeEmpty();
    }

    [Fact]
    public void A_move_keeps_the_files_modification_time()
    {
        ImageRecord image = _f.AddInboxImage("old.jpg", FilingFixture.Bytes(2));
        var modified = new DateTime(2019, 5, 4, 3, 2, 1, DateTimeKind.Utc);
        File.SetLastWriteTimeUtc(image.CurrentPath, modified);

        string final = _f.Mover.Move(image, _f.Target("cats", "old.jpg"));

        File.GetLastWriteTimeUtc(final).Should().Be(modified);
    }

    [Fact]
    public void A_name_clash_never_overwrites_and_picks_the_next_numbered_name()
    {
        byte[] stranger = FilingFixture.Bytes(10);
        string existing = _f.OutputFile("cats", "cat.jpg");
        File.WriteAllBytes(existing, stranger);
        ImageRecord second = _f.AddInboxImage("a/cat.jpg", FilingFixture.Bytes(11));
        ImageRecord third = _f.AddInboxImage("b/cat.jpg", FilingFixture.Bytes(12));

        string secondPath = _f.Mover.Move(second, _f.Target("cats", "cat.jpg"));
        string thirdPath = _f.Mover.Move(third, _f.Target("cats", "cat.jpg"));

        File.ReadAllBytes(existing).Should().Equal(stranger);
        Path.GetFileName(secondPath).Should().Be("cat (2).jpg");
        Path.GetFileName(thirdPath).Should().Be("cat (3).jpg");
        File.ReadAllBytes(secondPath).Should().Equal(FilingFixture.Bytes(11));
        File.ReadAllBytes(thirdPath).Should().Equal(FilingFixture.Bytes(12));
        _f.Catalog.Image(third.Id)!.CurrentPath.Should().Be(thirdPath);
    }

    [Fact]
    public void The_copy_path_verifies_the_copy_and_deletes_the_source()
    {
        byte[] bytes = FilingFixture.Bytes(20, 3 * 1024 * 1024 + 7);
        ImageRecord image = _f.AddInboxImage("big.jpg", bytes);
        var modified = new DateTime(2020, 1, 2, 3, 4, 5, DateTimeKind.Utc);
        File.SetLastWriteTimeUtc(image.CurrentPath, modified);
        string source = image.CurrentPath;

        string final = _f.Mover.MoveByCopy(image, _f.Target("cats", "big.jpg"));

        File.ReadAllBytes(final).Should().Equal(bytes);
        File.GetLastWriteTimeUtc(final).Should().Be(modified);
        File.Exists(source).Should().BeFalse();
        _f.Log.Lines.Should().Contain(l => l.Message.Contains("(Copied)", StringComparison.Ordinal));
        Directory.GetFiles(Path.Combine(_f.Output, "cats"), "*", SearchOption.AllDirectories).Should().Equal(final);
        _f.Catalog.Image(image.Id)!.CurrentPath.Should().Be(final);
        _f.Catalog.UnfinishedMoves().Should().BeEmpty();
    }

    [Fact]
    public void The_copy_path_refuses_a_copy_whose_hash_differs_and_leaves_the_source()
    {
        ImageRecord image = _f.AddInboxImage("changed.jpg", FilingFixture.Bytes(21));
        // Someone rewrote the file after ingest catalogued it.
        File.WriteAllBytes(image.CurrentPath, FilingFixture.Bytes(22));

        Action move = () => _f.Mover.MoveByCopy(image, _f.Target("cats", "changed.jpg"));

        move.Should().Throw<IOException>().WithMessage("*changed.jpg*SHA-256*");
        File.ReadAllBytes(image.CurrentPath).Should().Equal(FilingFixture.Bytes(22));
        Directory.GetFiles(Path.Combine(_f.Output, "cats")).Should().BeEmpty("neither the copy nor its temporary file may stay");
        _f.Catalog.UnfinishedMoves().Should().BeEmpty();
        _f.Catalog.Image(image.Id)!.CurrentPath.Should().Be(image.CurrentPath);
    }

    [Fact]
    public void The_copy_path_handles_a_name_clash_like_a_rename()
    {
        File.WriteAllBytes(_f.OutputFile("cats", "cat.jpg"), FilingFixture.Bytes(23));
        ImageRecord image = _f.AddInboxImage("cat.jpg", FilingFixture.Bytes(24));

        string final = _f.Mover.MoveByCopy(image, _f.Target("cats", "cat.jpg"));

        Path.GetFileName(final).Should().Be("cat (2).jpg");
        File.ReadAllBytes(_f.OutputFile("cats", "cat.jpg")).Should().Equal(FilingFixture.Bytes(23));
    }

    [Fact]
    public void A_move_across_file_systems_copies_verifies_and_deletes_the_source()
    {
        // A static check, not an xunit Skip (2.9 cannot skip at run time): without a /dev/shm on
        // another file system than the temp folder this test has nothing to cross and passes
        // vacuously; The_copy_path_verifies_the_copy_and_deletes_the_source covers the same code.
        string? otherVolume = OtherVolumeInbox();
        if (otherVolume is null)
        {
            return;
        }

        try
        {
            byte[] bytes = FilingFixture.Bytes(30, 1024 * 1024);
            ImageRecord image = _f.AddImageAt(Path.Combine(otherVolume, "shm.jpg"), bytes);
            string source = image.CurrentPath;

            string final = _f.Mover.Move(image, _f.Target("cats", "shm.jpg"));

            File.ReadAllBytes(final).Should().Equal(bytes);
            File.Exists(source).Should().BeFalse();
            _f.Log.Lines.Should().Contain(l => l.Message.Contains("(Copied)", StringComparison.Ordinal), "a link across file systems fails with EXDEV");
            _f.Catalog.Image(image.Id)!.CurrentPath.Should().Be(final);
            _f.Catalog.UnfinishedMoves().Should().BeEmpty();
        }
        finally
        {
            Directory.Delete(otherVolume, recursive: true);
        }
    }

    [Theory]
    [InlineData("café ☕ 写真.jpg")]
    [InlineData("two  spaces .jpg")]
    [InlineData("100% #1 & more.jpg")]
    [InlineData("-rf --help.jpg")]
    [InlineData("it's \"quoted\".jpg")]
    [InlineData("no extension")]
    [InlineData(".hidden")]
    public void Odd_names_arrive_unchanged_and_clash_to_a_numbered_name(string name)
    {
        ImageRecord first = _f.AddInboxImage("1/" + name, FilingFixture.Bytes(40));
        ImageRecord second = _f.AddInboxImage("2/" + name, FilingFixture.Bytes(41));

        string firstPath = _f.Mover.Move(first, _f.Target("odd", name));
        string secondPath = _f.Mover.Move(second, _f.Target("odd", name));

        Path.GetFileName(firstPath).Should().Be(name);
        File.ReadAllBytes(firstPath).Should().Equal(FilingFixture.Bytes(40));
        Path.GetFileName(secondPath).Should().Be(DestinationNames.Candidate(name, 2)).And.Contain("(2)");
        File.ReadAllBytes(secondPath).Should().Equal(FilingFixture.Bytes(41));
    }

    [Fact]
    public void A_250_byte_name_with_a_clash_gets_a_number_and_stays_within_255_bytes()
    {
        string name = new string('a', 246) + ".jpg";
        File.WriteAllBytes(_f.OutputFile("long", name), FilingFixture.Bytes(50));
        ImageRecord image = _f.AddInboxImage(name, FilingFixture.Bytes(51));

        string final = _f.Mover.Move(image, _f.Target("long", name));

        Path.GetFileName(final).Should().Be(new string('a', 246) + " (2).jpg");
        File.ReadAllBytes(final).Should().Equal(FilingFixture.Bytes(51));
    }

    [Fact]
    public void A_255_byte_unicode_name_with_a_clash_is_shortened_by_whole_characters()
    {
        string name = new string('é', 125) + "a.jpg"; // 250 + 5 = 255 UTF-8 bytes
        File.WriteAllBytes(_f.OutputFile("long", name), FilingFixture.Bytes(52));
        ImageRecord image = _f.AddInboxImage(name, FilingFixture.Bytes(53));

        string final = _f.Mover.Move(image, _f.Target("long", name));

        string finalName = Path.GetFileName(final);
        finalName.Should().Be(new string('é', 123) + " (2).jpg");
        DestinationNames.Utf8(finalName).Should().BeLessThanOrEqualTo(255);
        File.ReadAllBytes(final).Should().Equal(FilingFixture.Bytes(53));
        File.ReadAllBytes(_f.OutputFile("long", name)).Should().Equal(FilingFixture.Bytes(52));
    }

    [Fact]
    public void A_file_that_vanished_before_the_move_gives_a_clear_error_and_changes_nothing()
    {
        ImageRecord image = _f.AddInboxImage("gone.jpg", FilingFixture.Bytes(60));
        File.Delete(image.CurrentPath);

        Action move = () => _f.Mover.Move(image, _f.Target("cats", "gone.jpg"));

        move.Should().Throw<IOException>().WithMessage("*gone.jpg*no longer exists*");
        _f.Catalog.UnfinishedMoves().Should().BeEmpty();
        ImageRecord stored = _f.Catalog.Image(image.Id)!;
        stored.CurrentPath.Should().Be(image.CurrentPath);
        stored.Status.Should().Be(ImageStatus.Waiting);
        Directory.Exists(Path.Combine(_f.Output, "cats")).Should().BeFalse();
    }

    [Fact]
    public void A_read_only_destination_folder_gives_a_clear_error_and_leaves_the_file_at_its_source()
    {
        if (OperatingSystem.IsWindows())
        {
            return; // chmod has no Windows equivalent that a test can set and undo simply.
        }

        byte[] bytes = FilingFixture.Bytes(70);
        ImageRecord image = _f.AddInboxImage("locked.jpg", bytes);
        string folder = Path.Combine(_f.Output, "locked");
        Directory.CreateDirectory(folder);
        File.SetUnixFileMode(folder, UnixFileMode.UserRead | UnixFileMode.UserExecute | UnixFileMode.GroupRead
            | UnixFileMode.GroupExecute | UnixFileMode.OtherRead | UnixFileMode.OtherExecute);
        try
        {
            if (CanWrite(folder))
            {
                return; // Root ignores permissions: there is no read-only folder to test against.
            }

            Action move = () => _f.Mover.Move(image, _f.Target("locked", "locked.jpg"));

            move.Should().Throw<IOException>().WithMessage("*locked.jpg*ermission denied*");
            File.ReadAllBytes(image.CurrentPath).Should().Equal(bytes);
            Directory.GetFiles(folder).Should().BeEmpty();
            _f.Catalog.UnfinishedMoves().Should().BeEmpty();
            _f.Catalog.Image(image.Id)!.CurrentPath.Should().Be(image.CurrentPath);
        }
        finally
        {
            File.SetUnixFileMode(folder, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        }
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void A_source_that_cannot_be_removed_undoes_the_move_and_keeps_one_file(bool byCopy)
    {
        if (OperatingSystem.IsWindows())
        {
            return; // chmod has no Windows equivalent that a test can set and undo simply.
        }

        byte[] bytes = FilingFixture.Bytes(80);
        ImageRecord image = _f.AddInboxImage("stuck/stuck.jpg", bytes);
        string source = image.CurrentPath;
        string folder = Path.GetDirectoryName(source)!;
        File.SetUnixFileMode(folder, UnixFileMode.UserRead | UnixFileMode.UserExecute);
        try
        {
            if (CanWrite(folder))
            {
                return; // Root ignores permissions: nothing stops the source being removed.
            }

            MoveTarget target = _f.Target("cats", "stuck.jpg");
            Action move = byCopy ? () => _f.Mover.MoveByCopy(image, target) : () => _f.Mover.Move(image, target);

            move.Should().Throw<IOException>().WithMessage("*cannot remove*stuck.jpg*ermission denied*");
            File.ReadAllBytes(source).Should().Equal(bytes);
            Directory.GetFiles(Path.Combine(_f.Output, "cats")).Should().BeEmpty();
            _f.Catalog.UnfinishedMoves().Should().BeEmpty();
            _f.Catalog.Image(image.Id)!.CurrentPath.Should().Be(source);
        }
        finally
        {
            File.SetUnixFileMode(folder, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        }
    }

    [Fact]
    public void Concurrent_moves_to_one_name_each_get_their_own_file()
    {
        ImageRecord[] images = Enumerable.Range(0, 16)
            .Select(i => _f.AddInboxImage($"{i}/same.jpg", FilingFixture.Bytes(100 + i)))
            .ToArray();

        string[] finals = images.AsParallel().AsOrdered().Select(image => _f.Mover.Move(image, _f.Target("cats", "same.jpg"))).ToArray();

        finals.Should().OnlyHaveUniqueItems();
        for (int i = 0; i < images.Length; i++)
        {
            File.ReadAllBytes(finals[i]).Should().Equal(FilingFixture.Bytes(100 + i));
        }

        Directory.GetFiles(Path.Combine(_f.Output, "cats")).Should().HaveCount(16);
        _f.Catalog.UnfinishedMoves().Should().BeEmpty();
    }

    private static bool CanWrite(string folder)
    {
        string probe = Path.Combine(folder, ".probe");
        try
        {
            File.WriteAllBytes(probe, []);
            File.Delete(probe);
            return true;
        }
        catch (UnauthorizedAccessException)
        {
            return false;
        }
    }

    /// <summary>A fresh folder under /dev/shm when that is another file system than the temp folder.</summary>
    private string? OtherVolumeInbox()
    {
        if (OperatingSystem.IsWindows() || !Directory.Exists("/dev/shm"))
        {
            return null;
        }

        string folder = Path.Combine("/dev/shm", "watcher-test-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(folder);
        string probe = Path.Combine(folder, "probe");
        File.WriteAllBytes(probe, [1]);
        LinkOutcome outcome = HardLink.TryLink(probe, Path.Combine(_f.Root, "probe-link"));
        File.Delete(probe);
        File.Delete(Path.Combine(_f.Root, "probe-link"));
        if (outcome == LinkOutcome.CrossDevice)
        {
            return folder;
        }

        Directory.Delete(folder, recursive: true);
        return null;
    }
}
