using System.Threading.Channels;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;
using Watcher.Service.Inbox;

namespace Watcher.Service.Tests.Inbox;

// Shared plumbing for the watcher tests: waiting on the channel with a deadline (never sleeping to
// assert timing) and stepping a fake clock.
internal static class InboxTestKit
{
    public static readonly TimeSpan Patience = TimeSpan.FromSeconds(10);

    public static InboxWatcher Start(TimeProvider time, double settleSeconds, double scanIntervalSeconds, params string[] inboxes) =>
        Start(new InboxOptions { Paths = inboxes, SettleSeconds = settleSeconds, ScanIntervalSeconds = scanIntervalSeconds }, time);

    public static InboxWatcher Start(InboxOptions options, TimeProvider time)
    {
        var watcher = new InboxWatcher(options, time, NullLogger<InboxWatcher>.Instance);
        watcher.Start();
        return watcher;
    }

    // Moves the fake clock on (its timers fire inside Advance) and then runs one more check at
    // the final time, so the outcome does not depend on how the timer ticks fell.
    public static void Advance(this InboxWatcher watcher, FakeTimeProvider clock, double seconds)
    {
        clock.Advance(TimeSpan.FromSeconds(seconds));
        watcher.CheckSettledNow();
    }

    public static List<SettledFile> Drain(this InboxWatcher watcher)
    {
        var items = new List<SettledFile>();
        while (watcher.Settled.TryRead(out var item))
        {
            items.Add(item);
        }

        return items;
    }

    // Reads until `count` files arrived or the deadline passed; the caller asserts on what came.
    public static async Task<List<SettledFile>> ReadAsync(this ChannelReader<SettledFile> reader, int count, TimeSpan? timeout = null)
    {
        using var deadline = new CancellationTokenSource(timeout ?? Patience);
        var items = new List<SettledFile>();
        try
        {
            while (items.Count < count)
            {
                items.Add(await reader.ReadAsync(deadline.Token));
            }
        }
        catch (OperationCanceledException)
        {
        }

        return items;
    }

    public static async Task<bool> WaitUntilAsync(Func<bool> condition, TimeSpan? timeout = null)
    {
        using var deadline = new CancellationTokenSource(timeout ?? Patience);
        while (!condition())
        {
            if (deadline.IsCancellationRequested)
            {
                return false;
            }

            await Task.Delay(10, CancellationToken.None);
        }

        return true;
    }

    public static SettledFile AsSettled(string path) =>
        new(path, new FileInfo(path).Length, File.GetLastWriteTimeUtc(path));
}
