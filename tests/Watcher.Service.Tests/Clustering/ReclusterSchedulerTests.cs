using System.Diagnostics;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Watcher.Catalog;
using Watcher.Service.Clustering;
using Watcher.Service.Ingest;
using Watcher.Service.Tests.Filing;

namespace Watcher.Service.Tests.Clustering;

// A re-clustering that was due when the daemon died runs when it starts again. Found by the kill
// test (issue 6): the request lived only in memory, so after a kill during a re-clustering (or
// during the re-filing after one, which leaves images in the old model's folders) nothing asked
// again until new images arrived, up to a day later by the period.
public sealed class ReclusterSchedulerTests : IDisposable
{
    private const int Images = 60;
    private readonly TempFolder _root = new();

    public void Dispose() => _root.Dispose();

    [Fact]
    public async Task A_reclustering_due_when_the_last_run_died_runs_at_the_next_start()
    {
        var files = DaemonParts.DropPhotos(_root.Path, Images);

        // The first run bootstraps, counts enough new images for a re-clustering, and dies before it ends.
        await using (ServiceProvider first = DaemonParts.Build(_root.Path, minImages: Images, afterNewImages: 100))
        {
            await first.GetRequiredService<BatchIngest>().RunAsync(files, CancellationToken.None);
            first.GetRequiredService<CatalogDb>().SetMeta(Reclusterer.SinceKey, 100);
        }

        await using ServiceProvider second = DaemonParts.Build(_root.Path, minImages: Images, afterNewImages: 100);
        var hosted = second.GetServices<IHostedService>().ToList();
        await hosted.OfType<StartupRecovery>().Single().StartAsync(CancellationToken.None);
        var scheduler = hosted.OfType<ReclusterScheduler>().Single();
        await scheduler.StartAsync(CancellationToken.None);
        try
        {
            // A real clustering of 60 images: about half a second here; polled with a deadline.
            var catalog = second.GetRequiredService<CatalogDb>();
            var clock = Stopwatch.StartNew();
            while (catalog.GetMeta("model_version") < 2 && clock.Elapsed < TimeSpan.FromSeconds(30))
            {
                await Task.Delay(50);
            }

            catalog.GetMeta("model_version").Should().Be(2, "the re-clustering left from the last run ran without a new image");
            catalog.GetMeta(Reclusterer.SinceKey).Should().Be(0);
        }
        finally
        {
            await scheduler.StopAsync(CancellationToken.None);
        }
    }

    // Images that arrive during a run are placed by its model but not clustered by it: they stay
    // counted. A request for images the run did cluster is answered by it and starts nothing;
    // found when the kill test caught a redundant second run that, killed, was never run again.
    [Fact]
    public async Task A_run_counts_off_only_the_images_it_clustered_and_a_request_it_answered_starts_nothing()
    {
        var files = DaemonParts.DropPhotos(_root.Path, Images);
        var log = new RecordingLogger<Reclusterer>();
        await using ServiceProvider daemon = DaemonParts.Build(_root.Path, minImages: Images, afterNewImages: 100,
            also: s => s.AddSingleton<ILogger<Reclusterer>>(log));
        await daemon.GetRequiredService<BatchIngest>().RunAsync(files, CancellationToken.None);
        var catalog = daemon.GetRequiredService<CatalogDb>();
        var signal = daemon.GetRequiredService<ReclusterSignal>();
        catalog.SetMeta(Reclusterer.SinceKey, 130);

        var reclusterer = daemon.GetRequiredService<Reclusterer>();
        Task run = reclusterer.RunAsync("130 new images", CancellationToken.None);
        // Past its snapshot of the catalog once the fit reports its first stage.
        int fits = log.Lines.Count(l => l.Message.StartsWith("Clustering: stage 1/", StringComparison.Ordinal));
        var started = Stopwatch.StartNew();
        while (log.Lines.Count(l => l.Message.StartsWith("Clustering: stage 1/", StringComparison.Ordinal)) == fits && !run.IsCompleted &&
               started.Elapsed < TimeSpan.FromSeconds(10))
        {
            await Task.Delay(1);
        }

        // 40 more arrive while it runs (a real clustering of 60 images takes a few hundred ms).
        catalog.AddToMeta(Reclusterer.SinceKey, 40);
        run.IsCompleted.Should().BeFalse("the arrival must land during the run, or this test proves nothing");
        await run;
        catalog.GetMeta(Reclusterer.SinceKey).Should().Be(40, "the 130 it clustered are counted off, not what came during it");
        int version = (int)catalog.GetMeta("model_version");

        // Asked for while that run went on; answered by it.
        signal.RequestWhenDue("130 new images");
        var scheduler = daemon.GetServices<IHostedService>().OfType<ReclusterScheduler>().Single();
        await scheduler.StartAsync(CancellationToken.None);
        try
        {
            var clock = Stopwatch.StartNew();
            while (signal.IsPending && clock.Elapsed < TimeSpan.FromSeconds(10))
            {
                await Task.Delay(20);
            }

            await Task.Delay(300);
            signal.IsPending.Should().BeFalse("the scheduler took the request");
            daemon.GetRequiredService<Reclusterer>().IsRunning.Should().BeFalse();
            catalog.GetMeta("model_version").Should().Be(version, "40 new images are not enough for another run");

            // A person's request always runs.
            signal.Request("asked by a person");
            clock.Restart();
            while (catalog.GetMeta("model_version") == version && clock.Elapsed < TimeSpan.FromSeconds(30))
            {
                await Task.Delay(50);
            }

            catalog.GetMeta("model_version").Should().Be(version + 1);
        }
        finally
        {
            await scheduler.StopAsync(CancellationToken.None);
        }
    }
}
