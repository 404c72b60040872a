using Microsoft.Extensions.Logging;
using Watcher.Catalog;
using Watcher.Service.Filing;
using Watcher.Service.Options;

namespace Watcher.Service.Sorting;

/// <summary>
/// Puts images where they belong under output/ through the journaled mover. One gate serialises
/// every filing (intake, re-filing after a re-clustering, a person's label or assign), so two
/// writers never race for the same file or the same free name.
/// </summary>
public sealed class ImageFiler(SafeMover mover, OutputOptions output) : IDisposable
{
    private readonly SemaphoreSlim _gate = new(1, 1);

    public string OutputDir { get; } = Path.GetFullPath(output.Dir);

    public async Task<IDisposable> LockAsync(CancellationToken ct)
    {
        await _gate.WaitAsync(ct).ConfigureAwait(false);
        return new Releaser(_gate);
    }

    /// <summary>Moves the image into the destination's folder (keeping its file name unless told otherwise). Call under <see cref="LockAsync"/>.</summary>
    public string File(ImageRecord image, Destination destination, string? fileName = null)
    {
        ArgumentNullException.ThrowIfNull(image);
        var target = new MoveTarget(
            Path.Combine(OutputDir, destination.Folder), fileName ?? Path.GetFileName(image.CurrentPath),
            destination.Status, destination.Folder, destination.Cluster, destination.Score);
        return mover.Move(image, target);
    }

    /// <summary>
    /// Files many images at once (one journal commit and flush for all; see SafeMover.MoveMany).
    /// Failures are logged and leave the image where it was; returns how many moved.
    /// Call under <see cref="LockAsync"/>.
    /// </summary>
    public int FileMany(IReadOnlyList<(ImageRecord Image, Destination To)> images, ILogger logger)
    {
        ArgumentNullException.ThrowIfNull(images);
        ArgumentNullException.ThrowIfNull(logger);
        int moved = 0;
        foreach (var chunk in images.Chunk(256))
        {
            var moves = chunk.Select(m => (m.Image, new MoveTarget(
                Path.Combine(OutputDir, m.To.Folder), Path.GetFileName(m.Image.CurrentPath),
                m.To.Status, m.To.Folder, m.To.Cluster, m.To.Score))).ToList();
            foreach (MoveOutcome outcome in mover.MoveMany(moves))
            {
                if (outcome.Error is null)
                {
                    moved++;
                }
                else
                {
                    logger.LogError(outcome.Error, "Could not file {Path}; it stays where it is", outcome.Image.CurrentPath);
                }
            }
        }

        return moved;
    }

    /// <summary>Moves a file the encoder could not read to output/_rejected/, keeping the reason in the catalog.</summary>
    public string Reject(ImageRecord image) =>
        File(image, new Destination(FolderNames.Rejected, ImageStatus.Rejected, null, null));

    public void Dispose() => _gate.Dispose();

    private sealed class Releaser(SemaphoreSlim gate) : IDisposable
    {
        private int _released;

        public void Dispose()
        {
            if (Interlocked.Exchange(ref _released, 1) == 0)
            {
                gate.Release();
            }
        }
    }
}
