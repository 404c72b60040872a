using System.Diagnostics;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Watcher.Catalog;
using Watcher.Service.Clustering;
using Watcher.Service.Ingest;

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
}
