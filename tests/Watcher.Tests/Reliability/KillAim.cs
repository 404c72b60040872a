using Watcher.Tests.Support;

namespace Watcher.Tests.Reliability;

/// <summary>What a running daemon was doing when it was killed.</summary>
public enum KillPhase
{
    /// <summary>Nothing under way: every image was placed and no clustering ran.</summary>
    Idle,

    /// <summary>Intake: identifying, embedding, recording and moving a batch of new files.</summary>
    Filing,

    /// <summary>A clustering (the bootstrap or a re-clustering) fitting its model; nothing of it saved yet.</summary>
    Reclustering,

    /// <summary>The new model file being written, or written while the catalog still names the old version.</summary>
    SavingModel,

    /// <summary>After the catalog switched to the new model: cluster records and the moves to new folders.</summary>
    Refiling,
}

/// <summary>
/// Waits for the moment a phase is under way in a running daemon, then SIGKILLs it. The moment is
/// read from what the daemon does, not from a clock, so the kill lands in the same phase on a fast
/// machine and a loaded one: a log line it prints (a batch filed, a clustering stage begun), or a
/// file event in data/models (a model's temporary file created, or renamed into place). The
/// seeded delay after the trigger spreads kills across each phase.
/// </summary>
internal sealed class KillAim : IDisposable
{
    private readonly DaemonProcess _daemon;
    private readonly TaskCompletionSource<string> _triggered = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly FileSystemWatcher? _models;
    private readonly Action<string>? _onLine;

    private KillAim(DaemonProcess daemon, KillPhase phase, int stage, int delayMs, string modelsDir)
    {
        _daemon = daemon;
        Phase = phase;
        DelayMs = delayMs;
        switch (phase)
        {
            case KillPhase.Filing:
                Trigger = "the first \"Batch of\" line";
                _onLine = line => Fire(line, line.Contains("] Batch of ", StringComparison.Ordinal));
                break;
            case KillPhase.Reclustering:
                Trigger = $"\"Clustering: stage {stage}/\"";
                _onLine = line => Fire(line, line.Contains($"Clustering: stage {stage}/", StringComparison.Ordinal));
                break;
            case KillPhase.SavingModel:
                // No delay at all: the model file is written and renamed within milliseconds.
                Trigger = "a model-N.wmdl.tmp created";
                _models = Watch(modelsDir, (_, e) =>
                {
                    if (e.Name?.EndsWith(".tmp", StringComparison.Ordinal) == true)
                    {
                        _daemon.KillNow();
                        _triggered.TrySetResult($"created {e.Name}");
                    }
                });
                break;
            case KillPhase.Refiling:
                Trigger = "a model-N.wmdl renamed into place";
                _models = Watch(modelsDir, (_, e) =>
                {
                    if (e is RenamedEventArgs r && r.Name?.EndsWith(".wmdl", StringComparison.Ordinal) == true)
                    {
                        _triggered.TrySetResult($"renamed to {r.Name}");
                    }
                });
                break;
            default:
                throw new ArgumentOutOfRangeException(nameof(phase));
        }

        if (_onLine is not null)
        {
            daemon.LineLogged += _onLine;
        }
    }

    public KillPhase Phase { get; }

    public string Trigger { get; } = "";

    public int DelayMs { get; }

    /// <summary>
    /// Arms before the images are dropped, so no trigger is missed. Draws the same numbers from
    /// <paramref name="random"/> whatever the phase, so one seed gives one sequence of kills.
    /// </summary>
    public static KillAim Arm(DaemonProcess daemon, KillPhase phase, Random random, string modelsDir)
    {
        int stage = random.Next(1, 6);
        double spread = random.NextDouble();
        int delayMs = phase switch
        {
            // A burst of 100-180 files is 4-6 batches of 32; with batches embedded back to back
            // (the daemon's pipeline, issue 4) each takes about 30-40 ms on 2 cores.
            KillPhase.Filing => (int)(spread * 60),
            KillPhase.Reclustering => (int)(spread * 40),
            // Re-filing 100-300 images after a swap takes a few tens of ms, then a full GC runs.
            KillPhase.Refiling => (int)(spread * 40),
            _ => 0,
        };
        return new KillAim(daemon, phase, stage, delayMs, modelsDir);
    }

    /// <summary>Waits for the trigger (or gives up after <paramref name="timeout"/>), waits the delay, kills; returns what fired.</summary>
    public async Task<string> FireAsync(TimeSpan timeout)
    {
        Task done = await Task.WhenAny(_triggered.Task, Task.Delay(timeout));
        string what = done == _triggered.Task ? await _triggered.Task : $"no trigger within {timeout.TotalSeconds} s";
        if (DelayMs > 0)
        {
            await Task.Delay(DelayMs);
        }

        _daemon.KillNow();
        await _daemon.KillAsync();
        return what;
    }

    public void Dispose()
    {
        if (_onLine is not null)
        {
            _daemon.LineLogged -= _onLine;
        }

        _models?.Dispose();
    }

    private void Fire(string line, bool matches)
    {
        if (matches)
        {
            _triggered.TrySetResult(line.Trim());
        }
    }

    private static FileSystemWatcher Watch(string dir, Action<object, FileSystemEventArgs> handler)
    {
        Directory.CreateDirectory(dir);
        var watcher = new FileSystemWatcher(dir, "model-*") { NotifyFilter = NotifyFilters.FileName };
        watcher.Created += (s, e) => handler(s, e);
        watcher.Renamed += (s, e) => handler(s, e);
        watcher.EnableRaisingEvents = true;
        return watcher;
    }
}
