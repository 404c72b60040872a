using Watcher.Service.Inbox;

namespace Watcher.Service.Tests.Inbox;

public sealed class FolderWatcherTests
{
    private static readonly DateTimeOffset T0 = new(2025, 1, 1, 12, 0, 0, TimeSpan.Zero);
    private static readonly TimeSpan Max = TimeSpan.FromSeconds(30);

    [Fact]
    public void Restarts_happen_at_once_first_then_back_off_while_failures_keep_coming()
    {
        using var inbox = new TempFolder();
        using var folder = new FolderWatcher(inbox.Path, 8192, new NoEvents());
        folder.Start();

        folder.NextRestartDelay(T0, Max).Should().Be(TimeSpan.Zero);
        folder.Restart(T0);
        var delays = new List<double>();
        var now = T0;
        for (int i = 0; i < 6; i++)
        {
            var delay = folder.NextRestartDelay(now, Max);
            delays.Add(delay.TotalSeconds);
            now += delay;
            folder.Restart(now);
        }

        delays.Should().Equal(2, 4, 8, 16, 30, 30);
    }

    [Fact]
    public void A_failure_after_a_quiet_spell_restarts_at_once_again()
    {
        using var inbox = new TempFolder();
        using var folder = new FolderWatcher(inbox.Path, 8192, new NoEvents());
        folder.Restart(T0);
        folder.NextRestartDelay(T0, Max).Should().Be(TimeSpan.FromSeconds(2));

        folder.NextRestartDelay(T0.AddMinutes(10), Max).Should().Be(TimeSpan.Zero);
    }

    private sealed class NoEvents : IFolderEvents
    {
        public void Touched(string root, string path)
        {
        }

        public void Gone(string root, string path)
        {
        }

        public void FolderAppeared(string root, string path)
        {
        }

        public void Failed(FolderWatcher folder, Exception error)
        {
        }
    }
}
