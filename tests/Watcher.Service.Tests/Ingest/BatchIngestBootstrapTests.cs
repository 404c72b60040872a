using Microsoft.Extensions.DependencyInjection;
using Watcher.Service.Ingest;
using Watcher.Service.Sorting;

namespace Watcher.Service.Tests.Ingest;

// The bootstrap must start from images the catalog already knows. Found by the kill test (issue 6):
// a daemon killed during its bootstrap clustering had every image embedded and recorded, and after
// the restart they came back from the inbox scan with nothing new among them, so the clustering
// was never started again and the images stayed in the inbox until someone dropped another one.
public sealed class BatchIngestBootstrapTests : IDisposable
{
    private const int Images = 60;
    private readonly TempFolder _root = new();

    public void Dispose() => _root.Dispose();

    [Fact]
    public async Task Images_recorded_before_a_crash_in_the_bootstrap_start_it_when_offered_again()
    {
        var files = DaemonParts.DropPhotos(_root.Path, Images);

        // The first run embedded and recorded every image, then died before a model was saved.
        await using (ServiceProvider first = DaemonParts.Build(_root.Path, minImages: Images))
        {
            var ingest = first.GetRequiredService<BatchIngest>();
            BatchIngest.Prepared prepared = await ingest.EmbedAsync(ingest.Identify(files), CancellationToken.None);
            prepared.New.Should().Be(Images);
        }

        // The next run's scan offers the same files: none is new.
        await using ServiceProvider second = DaemonParts.Build(_root.Path, minImages: Images);
        await second.GetRequiredService<BatchIngest>().RunAsync(files, CancellationToken.None);

        second.GetRequiredService<ClusterState>().HasModel.Should().BeTrue("the known images are enough for the bootstrap");
        Directory.GetFiles(Path.Combine(_root.Path, "inbox")).Should().BeEmpty("the bootstrap filed them");
        Directory.GetFiles(Path.Combine(_root.Path, "output"), "*", SearchOption.AllDirectories).Should().HaveCount(Images);
    }
}
