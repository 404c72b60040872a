using System.Security.Cryptography;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Watcher.Catalog;
using Watcher.Core.Engine;
using Watcher.Core.Maths;
using Watcher.Service.Filing;
using Watcher.Service.Sorting;

namespace Watcher.Service.Ingest;

/// <summary>
/// Runs the filing path once at start on a scratch catalog and scratch files in the data folder,
/// then removes them: lookups by path and hash, a batch of journaled moves, the record writes,
/// and the model's vote. The daemon runs without tiered compilation (every method is compiled
/// once, fully optimised, on its first call), so without this the first burst after a start paid
/// for compiling about 640 methods of LiteDB, the mover and the collections around them while
/// the files waited: its first batch took 0.42 s to file against 0.15 s for the next ones.
/// Nothing here touches the real catalog, the inbox or the output folder.
/// </summary>
internal static class IngestWarmUp
{
    private const int Files = 8;

    public static void Run(string dataDir, ClusterState state, TimeProvider time, ILogger logger)
    {
        long started = time.GetTimestamp();
        string scratch = Path.Combine(dataDir, $"warm-up-{Environment.ProcessId}");
        try
        {
            FileAll(scratch, time);
            if (state.Current is { } snapshot)
            {
                // The vote over the model's references, on a made-up vector.
                var vectors = new VectorSet(Files, snapshot.Model.EncoderDimension);
                vectors.Data.AsSpan().Fill(1f / MathF.Sqrt(snapshot.Model.EncoderDimension));
                foreach (Core.Engine.Placement placement in snapshot.Model.Classify(vectors))
                {
                    _ = ClusterState.Place(snapshot, placement);
                }
            }

            logger.LogDebug("Filing path warmed up in {Ms} ms", (long)time.GetElapsedTime(started).TotalMilliseconds);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or InvalidOperationException)
        {
            // Only a little slower on the first batch: never a reason not to start.
            logger.LogInformation("Skipped warming up the filing path: {Reason}", ex.Message);
        }
        finally
        {
            try
            {
                Directory.Delete(scratch, recursive: true);
            }
            catch (DirectoryNotFoundException)
            {
            }
        }
    }

    private static void FileAll(string scratch, TimeProvider time)
    {
        string inbox = Path.Combine(scratch, "inbox");
        Directory.CreateDirectory(inbox);
        var records = new List<ImageRecord>();
        for (int i = 0; i < Files; i++)
        {
            string path = Path.Combine(inbox, $"warm-up-{i}.jpg");
            byte[] bytes = RandomNumberGenerator.GetBytes(512);
            File.WriteAllBytes(path, bytes);
            (string sha, long length) = FileSha256.Hash(path);
            records.Add(new ImageRecord
            {
                Sha256 = sha, Length = length, OriginalPath = path, CurrentPath = path, Status = ImageStatus.Waiting, EmbeddingRow = i,
            });
        }

        using var catalog = CatalogDb.Open(Path.Combine(scratch, "data"), time);
        foreach (ImageRecord record in records)
        {
            _ = catalog.FindByPath(record.CurrentPath) ?? catalog.FindOriginal(record.Sha256);
        }

        // As ingest does: some recorded before their move (rejected, or left waiting), most at its end.
        catalog.AddImages(records.Take(2).ToList());
        var mover = new SafeMover(catalog, time, NullLogger<SafeMover>.Instance);
        var target = new MoveTarget(Path.Combine(scratch, "output", "cluster-01"), "", ImageStatus.Filed, "cluster-01", 0, 0.5);
        mover.MoveMany(records.Select(r => (r, target with { FileName = Path.GetFileName(r.CurrentPath) })).ToList());
        catalog.UpdateImages(records.Where(r => r.Id > 0).ToList());
        _ = catalog.FindByPath(records[0].CurrentPath);
        _ = catalog.CountImages(ImageStatus.Waiting);
    }
}
