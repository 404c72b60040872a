using Watcher.Service.Inbox;

namespace Watcher.Service.Tests.Inbox;

// The watcher-event paths on the real clock: a short settle period, no periodic scan (unless the
// test is about it), and every wait bounded by a deadline rather than a sleep.
public sealed class InboxWatcherEventTests : IDisposable
{
    private const double Settle = 0.2;
    private const double NoPeriodicScan = 3600;
    private readonly TempFolder _inbox = new();

    public void Dispose() => _inbox.Dispose();

    private async Task<InboxWatcher> StartedAsync(double scanIntervalSeconds = NoPeriodicScan, int bufferBytes = 64 * 1024)
    {
        var options = new InboxOptions
        {
            Paths = [_inbox.Path],
            SettleSeconds = Settle,
            ScanIntervalSeconds = scanIntervalSeconds,
            WatcherBufferBytes = bufferBytes,
        };
        var watcher = InboxTestKit.Start(options, TimeProvider.System);
        // Past the start-up scan, whatever is found next was found by an event (or a later scan).
        (await InboxTestKit.WaitUntilAsync(() => watcher.Rescans >= 1)).Should().BeTrue();
        return watcher;
    }

    [Fact]
    public async Task A_file_dropped_into_a_nested_folder_is_noticed_by_its_events_alone()
    {
        await using var watcher = await StartedAsync();
        var path = _inbox.Write(Path.Combine("x", "y", "z.jpg"), [1, 2, 3]);

        var settled = await watcher.Settled.ReadAsync(1);

        settled.Should().Equal(InboxTestKit.AsSettled(path));
        watcher.Rescans.Should().Be(1);
    }

    [Fact]
    public async Task A_whole_folder_moved_into_the_inbox_is_found()
    {
        using var outside = new TempFolder();
        var a = outside.Write(Path.Combine("album", "1.jpg"), [1]);
        var b = outside.Write(Path.Combine("album", "sub", "2.jpg"), [2]);
        await using var watcher = await StartedAsync();

        Directory.Move(Path.Combine(outside.Path, "album"), _inbox.File("album"));

        var settled = await watcher.Settled.ReadAsync(2);
        settled.Select(f => f.Path).Should().BeEquivalentTo(
            _inbox.File(Path.Combine("album", "1.jpg")), _inbox.File(Path.Combine("album", "sub", "2.jpg")));
        File.Exists(a).Should().BeFalse();
        File.Exists(b).Should().BeFalse();
    }

    [Fact]
    public async Task A_file_taken_away_and_dropped_again_unchanged_is_emitted_again()
    {
        using var outside = new TempFolder();
        await using var watcher = await StartedAsync();
        var path = _inbox.Write("again.jpg", [1, 2, 3]);
        var first = (await watcher.Settled.ReadAsync(1)).Single();

        // What the ingest does, and then a user dropping the very same file (same size and mtime) back.
        var parked = outside.File("again.jpg");
        watcher.Ignore(path);
        File.Move(path, parked);
        watcher.Release(path);
        File.Move(parked, path);

        (await watcher.Settled.ReadAsync(1)).Should().Equal(first);
    }

    [Fact]
    public async Task Two_thousand_files_at_once_with_a_tiny_watcher_buffer_are_each_emitted_exactly_once()
    {
        await using var watcher = await StartedAsync(scanIntervalSeconds: 1, bufferBytes: 4096);
        var expected = Enumerable.Range(0, 2000)
            .Select(i => _inbox.Write(Path.Combine($"d{i % 10}", $"{i:D4}.jpg"), [(byte)i]))
            .ToList();

        var settled = await watcher.Settled.ReadAsync(2000, TimeSpan.FromSeconds(20));
        settled.Select(f => f.Path).Should().BeEquivalentTo(expected);

        // Whatever the events lost, a rescan now finds only files already emitted. Anything it
        // wrongly took for new would be due one settle period later, so wait for a check that
        // started after that before looking for duplicates.
        await watcher.RescanNowAsync(default);
        var rescanned = TimeProvider.System.GetTimestamp();
        (await InboxTestKit.WaitUntilAsync(() => TimeProvider.System.GetElapsedTime(rescanned).TotalSeconds > 2 * Settle)).Should().BeTrue();
        long checks = watcher.SettleChecks;
        (await InboxTestKit.WaitUntilAsync(() => watcher.SettleChecks >= checks + 2)).Should().BeTrue();
        watcher.Drain().Should().BeEmpty();
    }

    [Fact]
    public async Task An_inbox_deleted_while_watched_comes_back_and_keeps_working()
    {
        await using var watcher = await StartedAsync();

        Directory.Delete(_inbox.Path, recursive: true);
        await watcher.RescanNowAsync(default);

        (await InboxTestKit.WaitUntilAsync(() => watcher.WatcherRestarts >= 1 && Directory.Exists(_inbox.Path))).Should().BeTrue();
        var path = _inbox.Write("back.jpg", [1]);
        (await watcher.Settled.ReadAsync(1)).Should().Equal(InboxTestKit.AsSettled(path));
    }

    [Fact]
    public async Task A_watcher_error_recreates_the_watcher_and_rescans()
    {
        await using var watcher = await StartedAsync();
        long rescans = watcher.Rescans;

        watcher.SimulateWatcherError(_inbox.Path, new InternalBufferOverflowException());

        (await InboxTestKit.WaitUntilAsync(() => watcher.WatcherRestarts == 1 && watcher.Rescans > rescans)).Should().BeTrue();
        var path = _inbox.Write("after-restart.jpg", [1]);
        (await watcher.Settled.ReadAsync(1)).Should().Equal(InboxTestKit.AsSettled(path));
    }
}
