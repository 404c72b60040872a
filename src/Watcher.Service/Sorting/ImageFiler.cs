using Microsoft.Extensions.Logging;
using Watcher.Catalog;
using Watcher.Service.Filing;
using Watcher.Service.Ingest;
using Watcher.Service.Options;

namespace Watcher.Service.Sorting;

/// <summary>
/// Puts images where they belong under output/ through the journaled mover. One gate serialises
/// every filing (intake, re-filing after a re-clustering, a person's label or assign), so two
/// writers never race for the same file or the same free name.
/// </summary>
public sealed class ImageFiler(SafeMover mover, OutputOptions output, StorageGuard storage) : IDisposable
{
    private readonly SemaphoreSlim _gate = new(1, 1);

    public string OutputDir { get; } = Path.GetFullPath(output.Dir);

    public async Task<IDisposable> LockAsync(CancellationToken ct)
    {
        await _gate.WaitAsync(ct).ConfigureAwait(false);
        return new Releaser(_gate);
    }

    /// <summary>Moves the image into the destination's folder (keeping its file name unless told otherwise). Call under <see cref="LockAsync"/>.</summary>
    public string File(ImageRecord image, Destination destination, string? fileName = null) =>
        mover.Move(image, Target(image, destination, fileName));

    /// <summary>
    /// <see cref="File"/> for callers that go on when one image cannot move: the failure is logged,
    /// the mover has put everything back, and false says the image is still where it was.
    /// </summary>
    public bool TryFile(ImageRecord image, Destination destination, ILogger logger, string? fileName = null)
    {
        ArgumentNullException.ThrowIfNull(logger);
        try
        {
            File(image, destination, fileName);
            return true;
        }
        catch (IOException ex)
        {
            if (!storage.Report(ex, OutputDir))
            {
                LogNotFiled(logger, ex, image);
            }

            return false;
        }
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
            var moves = chunk.Select(m => (m.Image, Target(m.Image, m.To, null))).ToList();
            foreach (MoveOutcome outcome in mover.MoveMany(moves))
            {
                if (outcome.Error is null)
                {
                    moved++;
                }
                else if (!storage.Report(outcome.Error, OutputDir))
                {
                    // A full or read-only disk is one line from the storage guard, not one per image.
                    LogNotFiled(logger, outcome.Error, outcome.Image);
                }
            }
        }

        return moved;
    }

    private MoveTarget Target(ImageRecord image, Destination destination, string? fileName)
    {
        ArgumentNullException.ThrowIfNull(image);
        return new MoveTarget(
            Path.Combine(OutputDir, destination.Folder), fileName ?? Path.GetFileName(image.CurrentPath),
            destination.Status, destination.Folder, destination.Cluster, destination.Score);
    }

    private static void LogNotFiled(ILogger logger, IOException error, ImageRecord image) =>
        logger.LogError(error, "Could not file {Path}; it stays where it is", image.CurrentPath);

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
