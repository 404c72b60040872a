using Microsoft.Extensions.Logging;

namespace Watcher.Service.Inbox;

// Fire-and-forget work (rescans, folder scans, watcher restarts) that disposal must still wait
// for, so that nothing touches the inbox or the channel once the watcher is gone. A failure is
// logged, never thrown: an unobserved background exception would otherwise vanish silently.
internal sealed class BackgroundWork : IAsyncDisposable
{
    private readonly CancellationTokenSource _stop = new();
    private readonly Lock _gate = new();
    private readonly List<Task> _running = [];
    private readonly ILogger _logger;
    private bool _stopped;

    public BackgroundWork(ILogger logger) => _logger = logger;

    public void Run(string what, Func<CancellationToken, Task> work)
    {
        lock (_gate)
        {
            if (_stopped)
            {
                return;
            }

            _running.RemoveAll(t => t.IsCompleted);
            _running.Add(Task.Run(() => GuardedAsync(what, work)));
        }
    }

    public async ValueTask DisposeAsync()
    {
        Task[] running;
        lock (_gate)
        {
            if (_stopped)
            {
                return;
            }

            _stopped = true;
            running = [.. _running];
            _running.Clear();
        }

        await _stop.CancelAsync();
        await Task.WhenAll(running);
        _stop.Dispose();
    }

    private async Task GuardedAsync(string what, Func<CancellationToken, Task> work)
    {
        try
        {
            await work(_stop.Token);
        }
        catch (OperationCanceledException) when (_stop.IsCancellationRequested)
        {
        }
        catch (Exception ex)
        {
            _logger.LogError(ex, "Inbox {Work} failed", what);
        }
    }
}
