using System.Text.Json;
using SkiaSharp;

namespace Watcher.Tests.Reliability;

// The bad input matrix (issue 6) against one real daemon (BadInputDaemon): each odd file is
// dropped into the inbox of a running `watcher run`, and must end in exactly one place: filed
// (any folder but _rejected) when it is a picture, in output/_rejected/ with its reason in the
// catalog and the log when it is not, or left alone in the inbox where Watcher must not touch it.
// The daemon must survive every case, and the class fixture checks catalog against disk at the end.
public sealed class BadInputTests(BadInputDaemon fixture) : IClassFixture<BadInputDaemon>
{
    private const string LongStem =
        "a-very-long-file-name-that-a-camera-app-or-a-web-download-could-produce-with-a-title-and-a-date-" +
        "2024-05-17-and-a-place-and-some-more-words-to-reach-the-limit-of-two-hundred-and-fifty-five-" +
        "bytes-that-linux-file-systems-allow-for-one-name-xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx";

    public static TheoryData<string> RejectedCases => ["zero-byte", "truncated-jpeg", "truncated-png", "text-as-jpg", "html-as-jpg", "png-bomb"];

    public static TheoryData<string> FiledCases =>
    [
        "one-pixel-png", "animated-gif", "cmyk-jpeg", "16-bit-png", "exif-rotated", "name-with-spaces", "name-with-quotes",
        "name-with-unicode", "name-with-newline", "name-of-251-characters", "read-only", "inside-a-folder-named-photo.jpg",
    ];

    [Theory]
    [MemberData(nameof(RejectedCases))]
    public async Task A_file_that_is_not_a_readable_picture_goes_to_rejected_with_its_reason(string kind)
    {
        (string name, byte[] bytes, string reason) = kind switch
        {
            "zero-byte" => ("empty.jpg", Array.Empty<byte>(), "Empty"),
            "truncated-jpeg" => ("half.jpg", BadInputFiles.FirstHalf(File.ReadAllBytes(fixture.FreshPhoto())), "Truncated"),
            "truncated-png" => ("half.png", BadInputFiles.FirstHalf(BadInputFiles.PhotoAsPng(fixture.FreshPhoto())), "Truncated"),
            "text-as-jpg" => ("notes.jpg", "Shopping list: milk, eggs.\n"u8.ToArray(), "NotAnImage"),
            "html-as-jpg" => ("page.jpg", "<!DOCTYPE html><html><body><script>alert(1)</script></body></html>\n"u8.ToArray(), "NotAnImage"),
            "png-bomb" => ("bomb.png", BadInputFiles.DecompressionBombPng(), "TooLarge"),
            _ => throw new ArgumentOutOfRangeException(nameof(kind)),
        };
        if (kind == "png-bomb") bytes.Length.Should().BeLessThan(2_000_000, "the bomb is small on disk");

        string path = fixture.Drop(name, bytes);
        JsonElement image = await fixture.WaitPlacedAsync(path);

        image.GetProperty("status").GetString().Should().Be("rejected", fixture.Daemon.Log);
        image.GetProperty("folder").GetString().Should().Be("_rejected");
        string error = image.GetProperty("error").GetString()!;
        error.Should().StartWith(reason + ":");
        fixture.Daemon.Log.Should().Contain(error[(reason.Length + 2)..], "the reason is in the log too");
        File.ReadAllBytes(image.GetProperty("path").GetString()!).Should().Equal(bytes);
        fixture.CopiesOf(bytes).Should().Be(1, "nothing is lost or doubled");
        fixture.Daemon.HasExited.Should().BeFalse();
    }

    [Theory]
    [MemberData(nameof(FiledCases))]
    public async Task A_picture_however_odd_is_filed(string kind)
    {
        (string name, byte[] bytes) = kind switch
        {
            "one-pixel-png" => ("dot.png", BadInputFiles.OnePixelPng()),
            "animated-gif" => ("blink.gif", BadInputFiles.AnimatedGif()),
            "cmyk-jpeg" => ("print.jpg", BadInputFiles.CmykJpeg()),
            "16-bit-png" => ("deep.png", BadInputFiles.SixteenBitPng()),
            "exif-rotated" => ("rotated.jpg", BadInputFiles.WithExifOrientation(File.ReadAllBytes(fixture.FreshPhoto()), 6)),
            "name-with-spaces" => ("my holiday photo 1.jpg", File.ReadAllBytes(fixture.FreshPhoto())),
            "name-with-quotes" => ("it's \"the\" one.jpg", File.ReadAllBytes(fixture.FreshPhoto())),
            "name-with-unicode" => ("Zoë's café 東京 😀.jpg", File.ReadAllBytes(fixture.FreshPhoto())),
            "name-with-newline" => ("two\nlines.jpg", File.ReadAllBytes(fixture.FreshPhoto())),
            "name-of-251-characters" => (LongStem[..247] + ".jpg", File.ReadAllBytes(fixture.FreshPhoto())),
            "read-only" => ("locked.jpg", File.ReadAllBytes(fixture.FreshPhoto())),
            "inside-a-folder-named-photo.jpg" => (Path.Combine("photo.jpg", "inner.jpg"), File.ReadAllBytes(fixture.FreshPhoto())),
            _ => throw new ArgumentOutOfRangeException(nameof(kind)),
        };

        string path = fixture.Drop(name, bytes);
        if (kind == "read-only") File.SetAttributes(path, FileAttributes.ReadOnly);
        JsonElement image = await fixture.WaitPlacedAsync(path);

        image.GetProperty("status").GetString().Should().BeOneOf(["filed", "unknown"], $"{image}\n{fixture.Daemon.Log}");
        image.GetProperty("error").ValueKind.Should().Be(JsonValueKind.Null);
        string filedAt = image.GetProperty("path").GetString()!;
        Path.GetFileName(filedAt).Should().Be(Path.GetFileName(path), "the name is kept");
        File.ReadAllBytes(filedAt).Should().Equal(bytes);
        fixture.CopiesOf(bytes).Should().Be(1, "nothing is lost or doubled");
        if (kind == "exif-rotated")
        {
            using var codec = SKCodec.Create(new MemoryStream(bytes));
            using var upright = Watcher.Embedding.Decoding.Thumbnails.Load(filedAt, 256)!;
            (upright.Height > upright.Width).Should().Be(codec.Info.Width > codec.Info.Height, "a photo tagged 'rotate 90°' is shown turned");
        }
    }

    [Fact]
    public async Task Two_different_photos_with_the_same_251_character_name_both_fit_the_name_limit()
    {
        string name = LongStem[..247] + ".jpg";
        byte[] first = File.ReadAllBytes(fixture.FreshPhoto()), second = File.ReadAllBytes(fixture.FreshPhoto());
        string a = fixture.Drop(Path.Combine("long-a", name), first);
        string b = fixture.Drop(Path.Combine("long-b", name), second);

        var placed = new[] { await fixture.WaitPlacedAsync(a), await fixture.WaitPlacedAsync(b) };

        placed.Should().OnlyContain(i => i.GetProperty("status").GetString() == "filed" || i.GetProperty("status").GetString() == "unknown");
        fixture.CopiesOf(first).Should().Be(1);
        fixture.CopiesOf(second).Should().Be(1);
    }

    [Fact]
    public async Task A_file_deleted_right_after_it_was_dropped_leaves_no_trace_and_the_daemon_goes_on()
    {
        byte[] bytes = File.ReadAllBytes(fixture.FreshPhoto());
        string path = fixture.Drop("gone.jpg", bytes);
        File.Delete(path);
        // A photo dropped after it, placed, proves the daemon had its chance and kept going.
        string after = fixture.Drop("after-gone.jpg", File.ReadAllBytes(fixture.FreshPhoto()));

        await fixture.WaitPlacedAsync(after);

        fixture.CopiesOf(bytes).Should().Be(0, "it was deleted, and nothing may bring it back");
        (await fixture.FindAsync(path))?.GetProperty("status").GetString().Should().BeOneOf("missing", null);
        fixture.Daemon.HasExited.Should().BeFalse();
    }

    // A writer that still holds the file (here another process with an exclusive flock, as
    // FileShare.None takes it) is not finished with it: the file waits in the inbox, untouched, and
    // is filed once the lock is let go.
    [Fact]
    public async Task A_file_locked_by_another_process_waits_until_the_lock_is_released()
    {
        byte[] bytes = File.ReadAllBytes(fixture.FreshPhoto());
        string path = Path.Combine(fixture.Daemon.Inbox, "held.jpg");
        File.WriteAllBytes(path, bytes);
        using var holder = System.Diagnostics.Process.Start(new System.Diagnostics.ProcessStartInfo("flock")
        {
            ArgumentList = { "--exclusive", path, "sleep", "12" },
        })!;
        try
        {
            string after = fixture.Drop("after-held.jpg", File.ReadAllBytes(fixture.FreshPhoto()));

            await fixture.WaitPlacedAsync(after);
            await Task.Delay(TimeSpan.FromSeconds(2));
            holder.HasExited.Should().BeFalse("the lock is still held, or this test proves nothing");
            // Read nothing while it is held: a shared open is refused too.
            new FileInfo(path).Length.Should().Be(bytes.Length, "a held file is left where it is");
            (await fixture.FindAsync(path)).Should().BeNull("not taken while held");
            await holder.WaitForExitAsync();
        }
        finally
        {
            if (!holder.HasExited) holder.Kill();
        }

        JsonElement image = await fixture.WaitPlacedAsync(path);
        image.GetProperty("status").GetString().Should().BeOneOf("filed", "unknown");
        fixture.CopiesOf(bytes).Should().Be(1, "filed once the lock was let go, nothing lost or doubled");
    }

    // A symbolic link in the inbox is left alone, never filed nor rejected: filing it would move
    // the link (link(2) does not follow it) while the catalog described the target's bytes, and any
    // later "delete the source" step would act on a file outside the inbox through the link. The
    // daemon logs once why it skips the link; whoever made it can copy the file in instead.
    [Fact]
    public async Task A_symlink_to_a_photo_outside_the_inbox_is_left_alone_and_the_photo_untouched()
    {
        byte[] bytes = File.ReadAllBytes(fixture.FreshPhoto());
        string target = Path.Combine(fixture.Outside, "outside.jpg");
        File.WriteAllBytes(target, bytes);
        string link = Path.Combine(fixture.Daemon.Inbox, "link.jpg");
        File.CreateSymbolicLink(link, target);
        string after = fixture.Drop("after-link.jpg", File.ReadAllBytes(fixture.FreshPhoto()));

        await fixture.WaitPlacedAsync(after);
        // Two scan periods more: the link had every chance to be taken.
        await Task.Delay(TimeSpan.FromSeconds(4));

        File.ReadAllBytes(target).Should().Equal(bytes, "the file outside the inbox is untouched");
        new FileInfo(link).LinkTarget.Should().Be(target, "the link stays where it was");
        (await fixture.FindAsync(link)).Should().BeNull("a link is not catalogued");
        Directory.GetFiles(fixture.Daemon.Output, "*", SearchOption.AllDirectories).Should().NotContain(f => Path.GetFileName(f) == "link.jpg");
        fixture.Daemon.Log.Should().Contain("symbolic link").And.Contain(link);
    }

    // The same rule for a linked folder: a file inside it lives outside the inbox, and filing it
    // would unlink it from the folder the link points at.
    [Fact]
    public async Task A_symlink_to_a_folder_outside_the_inbox_is_left_alone_and_its_photos_untouched()
    {
        byte[] bytes = File.ReadAllBytes(fixture.FreshPhoto());
        string album = Path.Combine(fixture.Outside, "album");
        Directory.CreateDirectory(album);
        string target = Path.Combine(album, "in-album.jpg");
        File.WriteAllBytes(target, bytes);
        string link = Path.Combine(fixture.Daemon.Inbox, "linked-album");
        Directory.CreateSymbolicLink(link, album);
        string after = fixture.Drop("after-folder-link.jpg", File.ReadAllBytes(fixture.FreshPhoto()));

        await fixture.WaitPlacedAsync(after);
        await Task.Delay(TimeSpan.FromSeconds(4));

        File.ReadAllBytes(target).Should().Equal(bytes, "the file outside the inbox is untouched");
        (await fixture.FindAsync(Path.Combine(link, "in-album.jpg"))).Should().BeNull("nothing through a link is catalogued");
        Directory.GetFiles(fixture.Daemon.Output, "*", SearchOption.AllDirectories).Should().NotContain(f => Path.GetFileName(f) == "in-album.jpg");
    }
}
