using Microsoft.Extensions.Time.Testing;
using Watcher.Service.Inbox;

namespace Watcher.Service.Tests.Inbox;

// The settle rules end to end on real folders, with a fake clock: each test forces a scan so the
// watcher has seen the files, then steps the clock. Watcher events still arrive, but they are only
// hints and cannot change the outcome while the clock stands still.
public sealed class InboxWatcherTests : IDisposable
{
    private const double Settle = 1;
    private readonly TempFolder _inbox = new();
    private readonly FakeTimeProvider _clock = new();

    public void Dispose() => _inbox.Dispose();

    private InboxWatcher StartWatcher() => InboxTestKit.Start(_clock, Settle, scanIntervalSeconds: 3600, _inbox.Path);

    [Fact]
    public async Task A_file_written_in_one_go_settles_and_is_emitted_exactly_once()
    {
        await using var watcher = StartWatcher();
        var path = _inbox.Write("a.jpg", [1, 2, 3]);
        await watcher.RescanNowAsync(default);

        watcher.Advance(_clock, Settle / 2);
        watcher.Drain().Should().BeEmpty();
        watcher.Advance(_clock, Settle);
        watcher.Drain().Should().Equal(InboxTestKit.AsSettled(path));

        for (int i = 0; i < 3; i++)
        {
            await watcher.RescanNowAsync(default);
            watcher.Advance(_clock, 2 * Settle);
        }

        watcher.Drain().Should().BeEmpty();
    }

    [Fact]
    public async Task A_file_still_being_written_is_not_taken_until_the_writes_stop()
    {
        await using var watcher = StartWatcher();
        var path = _inbox.Write("growing.jpg", new byte[100]);
        await watcher.RescanNowAsync(default);

        for (int i = 0; i < 5; i++)
        {
            watcher.Advance(_clock, 0.6 * Settle);
            using (var stream = new FileStream(path, FileMode.Append, FileAccess.Write))
            {
                stream.Write(new byte[100]);
            }

            await watcher.RescanNowAsync(default);
            watcher.Drain().Should().BeEmpty("append {0} came before the settle period ran out", i + 1);
        }

        watcher.Advance(_clock, 0.6 * Settle);
        watcher.Drain().Should().BeEmpty();
        watcher.Advance(_clock, 0.6 * Settle);
        watcher.Drain().Should().ContainSingle().Which.Length.Should().Be(600);
    }

    [Fact]
    public async Task A_file_held_open_exclusively_is_not_taken_until_it_is_released()
    {
        await using var watcher = StartWatcher();
        var path = _inbox.File("held.jpg");
        using (var held = new FileStream(path, FileMode.CreateNew, FileAccess.Write, FileShare.None))
        {
            held.Write([1, 2, 3]);
            held.Flush();
            await watcher.RescanNowAsync(default);

            watcher.Advance(_clock, 1.5 * Settle);
            watcher.Drain().Should().BeEmpty();
            watcher.Advance(_clock, 1.5 * Settle);
            watcher.Drain().Should().BeEmpty();
        }

        watcher.Advance(_clock, 1.5 * Settle);
        watcher.Drain().Should().Equal(InboxTestKit.AsSettled(path));
    }

    [Fact]
    public async Task A_zero_byte_file_is_emitted_after_settling_so_the_consumer_can_reject_it()
    {
        await using var watcher = StartWatcher();
        var path = _inbox.Write("empty.jpg", []);
        await watcher.RescanNowAsync(default);

        watcher.Advance(_clock, 1.5 * Settle);

        watcher.Drain().Should().ContainSingle().Which.Should().Be(new SettledFile(path, 0, File.GetLastWriteTimeUtc(path)));
    }

    [Fact]
    public async Task Ignored_paths_are_not_emitted_until_released()
    {
        await using var watcher = StartWatcher();
        var path = _inbox.File("moving.jpg");
        watcher.Ignore(path);
        _inbox.Write("moving.jpg", [1, 2, 3]);
        await watcher.RescanNowAsync(default);

        watcher.Advance(_clock, 1.5 * Settle);
        watcher.Advance(_clock, 1.5 * Settle);
        watcher.Drain().Should().BeEmpty();

        watcher.Release(path);
        watcher.Advance(_clock, 0.1 * Settle);
        watcher.Drain().Should().Equal(InboxTestKit.AsSettled(path));
    }

    [Fact]
    public async Task Temporary_download_names_are_never_emitted_but_the_final_rename_is()
    {
        await using var watcher = StartWatcher();
        foreach (var name in new[] { "x.part", ".hidden.jpg", "~$x.jpg", "a.crdownload", "a.jpg.part", Path.Combine(".sync", "b.jpg") })
        {
            _inbox.Write(name, [1, 2, 3]);
        }

        await watcher.RescanNowAsync(default);
        watcher.Advance(_clock, 1.5 * Settle);
        watcher.Advance(_clock, 1.5 * Settle);
        watcher.Drain().Should().BeEmpty();

        File.Move(_inbox.File("a.jpg.part"), _inbox.File("a.jpg"));
        await watcher.RescanNowAsync(default);
        watcher.Advance(_clock, 1.5 * Settle);

        watcher.Drain().Select(f => f.Path).Should().Equal(_inbox.File("a.jpg"));
    }

    // Behind a link lies a file outside the inbox: taking it would let the mover unlink it there.
    [Fact]
    public async Task Files_reached_through_a_symbolic_link_are_never_emitted_but_real_files_beside_them_are()
    {
        using var outside = new TempFolder();
        var photo = outside.Write("photo.jpg", [1, 2, 3]);
        outside.Write(Path.Combine("album", "in-album.jpg"), [4, 5]);
        await using var watcher = StartWatcher();
        File.CreateSymbolicLink(_inbox.File("link.jpg"), photo);
        Directory.CreateSymbolicLink(_inbox.File("linked-album"), outside.File("album"));
        var real = _inbox.Write("real.jpg", [6]);
        await watcher.RescanNowAsync(default);

        watcher.Advance(_clock, 1.5 * Settle);
        watcher.Advance(_clock, 1.5 * Settle);

        watcher.Drain().Select(f => f.Path).Should().Equal(real);
    }

    [Fact]
    public async Task Files_in_nested_sub_folders_are_found_by_the_scan()
    {
        await using var watcher = StartWatcher();
        var deep = _inbox.Write(Path.Combine("2024", "summer", "beach", "deep.jpg"), [1]);
        var shallow = _inbox.Write(Path.Combine("2024", "top.jpg"), [2]);
        await watcher.RescanNowAsync(default);

        watcher.Advance(_clock, 1.5 * Settle);

        watcher.Drain().Select(f => f.Path).Should().BeEquivalentTo(deep, shallow);
    }

    [Fact]
    public async Task A_forgotten_file_is_emitted_again_after_the_next_scan()
    {
        await using var watcher = StartWatcher();
        var path = _inbox.Write("waiting.jpg", [1, 2, 3]);
        await watcher.RescanNowAsync(default);
        watcher.Advance(_clock, 1.5 * Settle);
        watcher.Drain().Should().ContainSingle();

        watcher.Forget(path);
        await watcher.RescanNowAsync(default);
        watcher.Advance(_clock, 1.5 * Settle);

        watcher.Drain().Should().Equal(InboxTestKit.AsSettled(path));
    }

    [Fact]
    public async Task Several_inboxes_are_watched_and_a_missing_one_is_created()
    {
        using var second = new TempFolder();
        var missing = Path.Combine(second.Path, "not", "yet");
        await using var watcher = InboxTestKit.Start(_clock, Settle, 3600, _inbox.Path, missing);

        Directory.Exists(missing).Should().BeTrue();
        var a = _inbox.Write("a.jpg", [1]);
        var b = Path.Combine(missing, "b.jpg");
        File.WriteAllBytes(b, [2]);
        await watcher.RescanNowAsync(default);
        watcher.Advance(_clock, 1.5 * Settle);

        watcher.Drain().Select(f => f.Path).Should().BeEquivalentTo(a, b);
    }

    [Fact]
    public async Task The_periodic_full_scan_runs_on_the_injected_clock()
    {
        await using var watcher = InboxTestKit.Start(_clock, Settle, scanIntervalSeconds: 30, _inbox.Path);
        (await InboxTestKit.WaitUntilAsync(() => watcher.Rescans >= 1)).Should().BeTrue("the start-up scan runs at once");
        long before = watcher.Rescans;

        _clock.Advance(TimeSpan.FromSeconds(30));

        (await InboxTestKit.WaitUntilAsync(() => watcher.Rescans > before)).Should().BeTrue();
    }
}
