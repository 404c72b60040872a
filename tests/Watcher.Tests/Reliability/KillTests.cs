using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using Watcher.Tests.Support;
using Xunit.Abstractions;

namespace Watcher.Tests.Reliability;

// Issue 6, faults: SIGKILL at 20 moments of a real `watcher run` on one data folder, each cycle
// dropping new photos and aiming its kill at a phase (filing, a clustering's fit, the model's
// save, the re-filing after it; see KillAim), then restarting, waiting until the daemon is idle
// and checking the invariant: every image exactly once across inbox and output, the journal
// empty, every catalog record at its path with its bytes, no file under output/ unknown to the
// catalog; and a clustering the kill interrupted runs again. Where each kill landed is read from
// the evidence (KillLanding), recorded in TestResults/reliability/kills.json, and the 20 must
// cover filing, clustering and saving.
// RunCommandTests kills once in a plain 1,000-image filing; this test is about the moments between.
[Collection(nameof(RunsAlone))]
public sealed class KillTests(ITestOutputHelper output) : IDisposable
{
    public const string SeedVariable = "WATCHER_KILL_SEED";
    private const int Cycles = 20;
    private const int BootstrapImages = 100;
    private static readonly TimeSpan Minute = TimeSpan.FromMinutes(1);

    // Small numbers so that every cycle re-clusters (and re-files) and batches are many.
    private static readonly Dictionary<string, string> Settings = new()
    {
        ["Recluster:AfterNewImages"] = "100",
        ["Ingest:MaxBatch"] = "32",
    };

    // The first cycle aims at the bootstrap's clustering, with exactly the bootstrap's count of
    // images, so all of them are known when it dies; then the aims rotate.
    private static readonly KillPhase[] Aims = [KillPhase.Reclustering, KillPhase.Filing, KillPhase.SavingModel, KillPhase.Refiling];

    private readonly TempFolder _temp = new();

    public void Dispose() => _temp.Dispose();

    [Fact]
    public async Task Twenty_kills_at_random_moments_never_lose_or_duplicate_an_image()
    {
        int seed = Environment.GetEnvironmentVariable(SeedVariable) is { Length: > 0 } s ? int.Parse(s, CultureInfo.InvariantCulture) : 6;
        output.WriteLine($"seed {seed} (set {SeedVariable}={seed} to repeat this run)");
        var random = new Random(seed);
        var photos = SharedData.Sample(SharedData.Imagenette, int.MaxValue).Select(p => p.Path).ToArray();
        random.Shuffle(photos);

        string root = _temp.Path;
        string inbox = Path.Combine(root, "inbox"), outputDir = Path.Combine(root, "output"), data = Path.Combine(root, "data");
        string models = Path.Combine(data, "models");
        var dropped = new List<string>();
        var cycles = new List<KillCycle>();
        var total = Stopwatch.StartNew();
        int next = 0;
        for (int cycle = 0; cycle < Cycles; cycle++)
        {
            var clock = Stopwatch.StartNew();
            int count = cycle == 0 ? BootstrapImages : BootstrapImages + random.Next(0, 81);
            string[] batch = photos[next..(next + count)];
            next += count;
            KillPhase aim = Aims[cycle % Aims.Length];
            var modelsBefore = KillLanding.ModelFiles(models);

            string trigger, killedLog;
            int delayMs, inboxAtKill;
            await using (var daemon = DaemonProcess.Start(root, BootstrapImages, Settings))
            {
                await daemon.WaitForStatusAsync(_ => true, Minute, "the API");
                using var shot = KillAim.Arm(daemon, aim, random, models);
                Drop(batch, inbox);
                dropped.AddRange(batch.Select(DiskAudit.Sha));
                trigger = await shot.FireAsync(Minute);
                delayMs = shot.DelayMs;
                killedLog = daemon.Log;
                inboxAtKill = Directory.GetFiles(inbox).Length;
            }

            var modelsAfter = KillLanding.ModelFiles(models);
            string restartLog = await RestartUntilIdleAsync(root, dropped.Count);
            int restartVersion = KillLanding.LoadedVersion(restartLog);
            (KillPhase landed, string evidence) = KillLanding.Classify(killedLog, inboxAtKill, modelsBefore, modelsAfter, restartVersion);

            var result = new KillCycle(cycle, aim.ToString(), landed.ToString(), evidence, $"{trigger} + {delayMs} ms", count, dropped.Count,
                inboxAtKill, Tail(killedLog), restartVersion, KillLanding.Recovery(restartLog), KillLanding.Clusterings(restartLog),
                Math.Round(clock.Elapsed.TotalSeconds, 1));
            cycles.Add(result);
            Record(seed, dropped.Count, total, cycles);
            output.WriteLine($"cycle {cycle,2}: aimed {aim}, landed {landed} ({evidence}); recovery: {result.Recovery}; " +
                $"{result.RestartClusterings} clusterings after the restart; {result.Seconds} s");

            // The invariant, on the stopped daemon's folders.
            Directory.GetFiles(inbox, "*", SearchOption.AllDirectories).Should().BeEmpty($"cycle {cycle}: every image was taken after the restart");
            DiskAudit.EveryImageExactlyOnce(dropped, inbox, outputDir);
            DiskAudit.CatalogAgreesWithDisk(data, outputDir);
            if (landed is KillPhase.Reclustering or KillPhase.SavingModel)
            {
                // Its request died with the process; the count of new images that made it did not.
                result.RestartClusterings.Should().BeGreaterThan(0, $"cycle {cycle}: the clustering the kill interrupted runs again after the restart");
            }
        }

        var coverage = cycles.CountBy(c => c.Landed).ToDictionary(p => p.Key, p => p.Value);
        string json = Record(seed, dropped.Count, total, cycles);
        output.WriteLine($"{Cycles} kills in {total.Elapsed.TotalSeconds:F0} s, {dropped.Count} images; landed: " +
            string.Join(", ", coverage.Select(c => $"{c.Key} {c.Value}")) + $"; {json}");
        coverage.Keys.Should().Contain([nameof(KillPhase.Filing), nameof(KillPhase.Reclustering), nameof(KillPhase.SavingModel)],
            $"the kills must reach every phase that writes (seed {seed})");
    }

    /// <summary>One kill and its restart, as kills.json records it.</summary>
    public sealed record KillCycle(
        int Cycle, string Aimed, string Landed, string Evidence, string Trigger, int Images, int ImagesTotal, int InboxFilesAtKill,
        IReadOnlyList<string> LogTail, int RestartModelVersion, string Recovery, int RestartClusterings, double Seconds);

    // Restarts on the same folders, waits until everything dropped so far is placed and nothing is
    // running, stops the daemon cleanly (the catalog can only be opened once it has let go) and
    // returns its log.
    private static async Task<string> RestartUntilIdleAsync(string root, int expected)
    {
        await using var daemon = DaemonProcess.Start(root, BootstrapImages, Settings);
        string inbox = daemon.Inbox;
        bool Idle(JsonElement s) =>
            DaemonProcess.Placed(s) >= expected && DaemonProcess.Count(s, "waiting") == 0 && s.GetProperty("unfinished_moves").GetInt32() == 0 &&
            !s.GetProperty("clustering").GetBoolean() && Directory.GetFiles(inbox, "*", SearchOption.AllDirectories).Length == 0;
        await daemon.WaitForStatusAsync(Idle, Minute, $"{expected} images placed after the restart");
        // A re-clustering asked for by the last batch starts a moment after it: look again.
        await Task.Delay(300);
        var status = await daemon.WaitForStatusAsync(Idle, Minute, "the daemon idle");
        DaemonProcess.Placed(status).Should().Be(expected, daemon.Log);
        DaemonProcess.Count(status, "missing").Should().Be(0, daemon.Log);
        await daemon.StopAsync();
        daemon.ExitCode.Should().Be(0, daemon.Log);
        return daemon.Log;
    }

    // Written after every cycle, so a failing run leaves what happened before the failure.
    private static string Record(int seed, int images, Stopwatch total, List<KillCycle> cycles) =>
        TestResultsFile.Write(Path.Combine("reliability", "kills.json"), new
        {
            seed,
            kills = cycles.Count,
            images,
            seconds = Math.Round(total.Elapsed.TotalSeconds, 1),
            coverage = cycles.CountBy(c => c.Landed).ToDictionary(p => p.Key, p => p.Value),
            cycles,
        });

    private static void Drop(IEnumerable<string> photos, string inbox)
    {
        Directory.CreateDirectory(inbox);
        foreach (string photo in photos) File.Copy(photo, Path.Combine(inbox, Path.GetFileName(photo)));
    }

    private static List<string> Tail(string log) =>
        log.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).TakeLast(3)
            .Select(l => l.Length > 200 ? l[..200] : l).ToList();
}
