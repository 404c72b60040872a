using System.Diagnostics;
using Microsoft.Extensions.Logging;
using Spectre.Console;

namespace Watcher.Cli;

/// <summary>
/// A progress bar on stderr when it is a terminal; otherwise a structured log line every few
/// seconds, so a service log or CI output still shows long work moving.
/// </summary>
public static class ProgressDisplay
{
    public static async Task<T> RunAsync<T>(string title, int total, ILogger logger, Func<IProgress<int>, Task<T>> work)
    {
        if (!Console.IsErrorRedirected && total > 0)
        {
            var console = AnsiConsole.Create(new AnsiConsoleSettings { Out = new AnsiConsoleOutput(Console.Error) });
            T result = default!;
            await console.Progress()
                .Columns(new TaskDescriptionColumn(), new ProgressBarColumn(), new PercentageColumn(),
                    new RemainingTimeColumn(), new SpinnerColumn())
                .StartAsync(async ctx =>
                {
                    var task = ctx.AddTask(title, maxValue: total);
                    result = await work(new Progress<int>(done => task.Value = done)).ConfigureAwait(false);
                    task.Value = total;
                }).ConfigureAwait(false);
            return result;
        }
        var clock = Stopwatch.StartNew();
        var lastLog = TimeSpan.Zero;
        var reporter = new SyncProgress(done =>
        {
            if (clock.Elapsed - lastLog < TimeSpan.FromSeconds(5) && done < total) return;
            lastLog = clock.Elapsed;
            logger.LogInformation("{Task}: {Done}/{Total} images ({Rate:F0}/s)", title, done, total, done / Math.Max(clock.Elapsed.TotalSeconds, 1e-3));
        });
        return await work(reporter).ConfigureAwait(false);
    }

    // Progress<T> posts to the thread pool; a log line must not arrive after the summary.
    private sealed class SyncProgress(Action<int> report) : IProgress<int>
    {
        public void Report(int value) => report(value);
    }
}
