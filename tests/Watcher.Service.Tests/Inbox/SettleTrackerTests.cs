using Watcher.Service.Inbox;

namespace Watcher.Service.Tests.Inbox;

public sealed class SettleTrackerTests
{
    private static readonly DateTimeOffset T0 = new(2025, 1, 1, 12, 0, 0, TimeSpan.Zero);
    private static readonly DateTime Mtime = new(2025, 1, 1, 11, 59, 0, DateTimeKind.Utc);
    private static readonly TimeSpan Settle = TimeSpan.FromSeconds(1);

    private static SettleTracker NewTracker() => new(Settle, StringComparison.Ordinal);

    private static DateTimeOffset At(double seconds) => T0.AddSeconds(seconds);

    [Fact]
    public void A_new_file_is_due_once_it_has_been_unchanged_for_the_settle_period()
    {
        var tracker = NewTracker();
        tracker.Observe("/in/a.jpg", 10, Mtime, At(0));

        tracker.Due(At(0.99)).Should().BeEmpty();
        tracker.Due(At(1)).Should().Equal(new SettledFile("/in/a.jpg", 10, Mtime));
    }

    [Fact]
    public void A_file_noticed_by_an_event_counts_from_the_event_or_its_last_write_whichever_is_later()
    {
        var tracker = NewTracker();
        // Noticed at 0 (the event), read at the check 0.25 s later; its last write was long before.
        tracker.Observe("/in/a.jpg", 10, Mtime, At(0.25), noticed: At(0));
        // Written at 0.1, after the event that announced it: unchanged only since then.
        tracker.Observe("/in/b.jpg", 10, At(0.1).UtcDateTime, At(0.25), noticed: At(0));
        // A clock that says the write is in the future: never before the read itself.
        tracker.Observe("/in/c.jpg", 10, At(9).UtcDateTime, At(0.25), noticed: At(0));

        tracker.Due(At(0.99)).Should().BeEmpty();
        tracker.Due(At(1)).Select(f => f.Path).Should().Equal("/in/a.jpg");
        tracker.Due(At(1.1)).Select(f => f.Path).Should().Equal("/in/a.jpg", "/in/b.jpg");
        tracker.Due(At(1.25)).Select(f => f.Path).Should().Equal("/in/a.jpg", "/in/b.jpg", "/in/c.jpg");
    }

    [Fact]
    public void A_change_in_length_or_mtime_restarts_the_settle_period()
    {
        var tracker = NewTracker();
        tracker.Observe("/in/a.jpg", 10, Mtime, At(0));
        tracker.Observe("/in/a.jpg", 20, Mtime, At(0.8));
        tracker.Observe("/in/a.jpg", 20, Mtime.AddSeconds(1), At(1.6));

        tracker.Due(At(2.5)).Should().BeEmpty();
        tracker.Due(At(2.6)).Should().Equal(new SettledFile("/in/a.jpg", 20, Mtime.AddSeconds(1)));
    }

    [Fact]
    public void Seeing_a_file_again_unchanged_does_not_restart_its_settle_period()
    {
        var tracker = NewTracker();
        tracker.Observe("/in/a.jpg", 10, Mtime, At(0));
        tracker.Observe("/in/a.jpg", 10, Mtime, At(0.9));

        tracker.Due(At(1)).Should().ContainSingle();
    }

    [Fact]
    public void An_emitted_file_is_not_due_again_while_it_stays_unchanged()
    {
        var tracker = NewTracker();
        tracker.Observe("/in/a.jpg", 10, Mtime, At(0));
        var file = tracker.Due(At(1)).Single();

        tracker.MarkEmitted(file).Should().BeTrue();
        tracker.MarkEmitted(file).Should().BeFalse();
        tracker.Observe("/in/a.jpg", 10, Mtime, At(5));

        tracker.Due(At(60)).Should().BeEmpty();
    }

    [Fact]
    public void An_emitted_file_that_is_rewritten_is_due_again_after_settling()
    {
        var tracker = NewTracker();
        tracker.Observe("/in/a.jpg", 10, Mtime, At(0));
        tracker.MarkEmitted(tracker.Due(At(1)).Single());

        tracker.Observe("/in/a.jpg", 12, Mtime.AddSeconds(5), At(5));

        tracker.Due(At(5.5)).Should().BeEmpty();
        tracker.Due(At(6)).Should().Equal(new SettledFile("/in/a.jpg", 12, Mtime.AddSeconds(5)));
    }

    [Fact]
    public void A_file_that_changed_after_it_was_found_due_is_not_marked_emitted()
    {
        var tracker = NewTracker();
        tracker.Observe("/in/a.jpg", 10, Mtime, At(0));
        var stale = tracker.Due(At(1)).Single();
        tracker.Observe("/in/a.jpg", 11, Mtime, At(1.1));

        tracker.MarkEmitted(stale).Should().BeFalse();
    }

    [Fact]
    public void Ignored_paths_are_never_due_until_every_ignore_is_released()
    {
        var tracker = NewTracker();
        tracker.Observe("/in/a.jpg", 10, Mtime, At(0));
        tracker.Ignore("/in/a.jpg");
        tracker.Ignore("/in/a.jpg");

        tracker.Due(At(5)).Should().BeEmpty();
        tracker.MarkEmitted(new SettledFile("/in/a.jpg", 10, Mtime)).Should().BeFalse();
        tracker.Release("/in/a.jpg");
        tracker.IsIgnored("/in/a.jpg").Should().BeTrue();
        tracker.Due(At(5)).Should().BeEmpty();
        tracker.Release("/in/a.jpg");

        tracker.Due(At(5)).Should().ContainSingle();
    }

    [Fact]
    public void A_forgotten_file_is_due_again_once_it_is_seen_again()
    {
        var tracker = NewTracker();
        tracker.Observe("/in/a.jpg", 10, Mtime, At(0));
        tracker.MarkEmitted(tracker.Due(At(1)).Single());

        tracker.Remove("/in/a.jpg").Should().BeTrue();
        tracker.Observe("/in/a.jpg", 10, Mtime, At(2));

        tracker.Due(At(2.5)).Should().BeEmpty();
        tracker.Due(At(3)).Should().ContainSingle();
    }

    [Fact]
    public void A_postponed_file_is_not_due_before_its_retry_time()
    {
        var tracker = NewTracker();
        tracker.Observe("/in/a.jpg", 10, Mtime, At(0));
        tracker.Postpone("/in/a.jpg", At(3));

        tracker.Due(At(2.9)).Should().BeEmpty();
        tracker.Due(At(3)).Should().ContainSingle();
    }

    [Fact]
    public void Due_files_come_oldest_settled_first()
    {
        var tracker = NewTracker();
        tracker.Observe("/in/c.jpg", 1, Mtime, At(2));
        tracker.Observe("/in/a.jpg", 1, Mtime, At(0));
        tracker.Observe("/in/b.jpg", 1, Mtime, At(1));

        tracker.Due(At(10)).Select(f => f.Path).Should().Equal("/in/a.jpg", "/in/b.jpg", "/in/c.jpg");
    }

    [Fact]
    public void A_sweep_drops_files_it_did_not_see_but_keeps_files_seen_while_it_ran()
    {
        var tracker = NewTracker();
        tracker.Observe("/in/gone.jpg", 1, Mtime, At(0));
        tracker.Observe("/in/kept.jpg", 1, Mtime, At(0));

        long sweep = tracker.BeginSweep();
        tracker.Observe("/in/kept.jpg", 1, Mtime, At(1));
        tracker.Observe("/in/new-during-sweep.jpg", 1, Mtime, At(1));

        tracker.EndSweep(sweep).Should().Be(1);
        tracker.Due(At(10)).Select(f => f.Path).Should().BeEquivalentTo("/in/kept.jpg", "/in/new-during-sweep.jpg");
    }

    [Fact]
    public void Removing_a_folder_drops_every_file_under_it_and_nothing_beside_it()
    {
        var tracker = NewTracker();
        tracker.Observe("/in/album/a.jpg", 1, Mtime, At(0));
        tracker.Observe("/in/album/sub/b.jpg", 1, Mtime, At(0));
        tracker.Observe("/in/album2/c.jpg", 1, Mtime, At(0));

        tracker.RemoveUnder("/in/album").Should().Be(2);
        tracker.Count.Should().Be(1);
    }
}
