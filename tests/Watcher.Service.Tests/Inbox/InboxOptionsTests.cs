using Watcher.Service.Inbox;

namespace Watcher.Service.Tests.Inbox;

public sealed class InboxOptionsTests
{
    [Fact]
    public void The_defaults_are_valid() => new InboxOptions().Invoking(o => o.Validate()).Should().NotThrow();

    [Theory]
    [InlineData(0, 30, "SettleSeconds")]
    [InlineData(-1, 30, "SettleSeconds")]
    [InlineData(double.NaN, 30, "SettleSeconds")]
    [InlineData(1, 0, "ScanIntervalSeconds")]
    [InlineData(1, -5, "ScanIntervalSeconds")]
    [InlineData(1, double.PositiveInfinity, "ScanIntervalSeconds")]
    public void Validate_rejects_periods_that_are_not_positive(double settle, double scan, string setting)
    {
        var options = new InboxOptions { SettleSeconds = settle, ScanIntervalSeconds = scan };

        options.Invoking(o => o.Validate()).Should().Throw<InvalidOperationException>()
            .WithMessage($"Watcher:Inbox:{setting} must be > 0*");
    }

    [Fact]
    public void Validate_rejects_an_empty_folder_list()
    {
        var options = new InboxOptions { Paths = [] };

        options.Invoking(o => o.Validate()).Should().Throw<InvalidOperationException>().WithMessage("Watcher:Inbox:Paths*");
    }

    [Fact]
    public void Validate_rejects_a_blank_folder()
    {
        var options = new InboxOptions { Paths = ["inbox", " "] };

        options.Invoking(o => o.Validate()).Should().Throw<InvalidOperationException>().WithMessage("Watcher:Inbox:Paths*");
    }

    [Fact]
    public void Validate_rejects_a_watcher_buffer_below_the_system_minimum()
    {
        var options = new InboxOptions { WatcherBufferBytes = 1024 };

        options.Invoking(o => o.Validate()).Should().Throw<InvalidOperationException>().WithMessage("Watcher:Inbox:WatcherBufferBytes*");
    }

    [Fact]
    public void The_watcher_refuses_invalid_options_up_front()
    {
        var act = () => new InboxWatcher(new InboxOptions { SettleSeconds = 0 }, TimeProvider.System,
            Microsoft.Extensions.Logging.Abstractions.NullLogger<InboxWatcher>.Instance);

        act.Should().Throw<InvalidOperationException>();
    }
}
