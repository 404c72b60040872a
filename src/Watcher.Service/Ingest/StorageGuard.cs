using Microsoft.Extensions.Logging;
using Watcher.Service.Api;
using Watcher.Service.Filing;
using Watcher.Service.Options;

namespace Watcher.Service.Ingest;

/// <summary>
/// Pauses intake while the output or data folder cannot take more: before each batch it checks the
/// free space of both volumes (so the catalog and embedding store are not the ones to meet a full
/// disk: a failed LiteDB write leaves the catalog unusable until a restart), and after a move that
/// failed on a full or read-only volume it stops at once. While paused, images stay in the inbox
/// untouched; a probe every few seconds tries to write in both folders and intake resumes by itself.
/// One log line when it pauses and one when it resumes, not one per image.
/// </summary>
public sealed class StorageGuard(OutputOptions output, DataFolder data, IngestOptions options, TimeProvider time, ILogger<StorageGuard> logger)
{
    private readonly Lock _gate = new();
    private string? _reason;
    private long _pausedAt;

    /// <summary>Why intake is paused, or null while it runs (the status API shows it).</summary>
    public string? PausedBecause
    {
        get
        {
            lock (_gate)
            {
                return _reason;
            }
        }
    }

    private IEnumerable<string> Folders => [Path.GetFullPath(output.Dir), data.Path];

    private long MinFreeBytes => (long)(options.MinFreeMegabytes * 1024 * 1024);

    /// <summary>Before a batch: true when both volumes have room; otherwise pauses and returns false.</summary>
    public bool ReadyForBatch()
    {
        if (PausedBecause is not null)
        {
            return false;
        }

        foreach (string folder in Folders)
        {
            long? free = StorageFault.FreeBytes(folder);
            if (free < MinFreeBytes)
            {
                Pause(StorageFault.Describe(StorageProblem.Full, folder, free) +
                    $", under the {options.MinFreeMegabytes:0.#} MB Watcher:Ingest:MinFreeMegabytes keeps free");
                return false;
            }
        }

        return true;
    }

    /// <summary>After a failed write: pauses intake and returns true when the volume, not the image, was the problem.</summary>
    public bool Report(Exception error, string folder)
    {
        StorageProblem problem = StorageFault.Of(error);
        if (problem == StorageProblem.None)
        {
            return false;
        }

        Pause(StorageFault.Describe(problem, folder, StorageFault.FreeBytes(folder)));
        return true;
    }

    /// <summary>Returns once both folders take a test write and have the configured room again.</summary>
    public async Task WaitUntilWritableAsync(CancellationToken ct)
    {
        while (PausedBecause is not null)
        {
            await Task.Delay(TimeSpan.FromSeconds(options.PausedProbeSeconds), time, ct).ConfigureAwait(false);
            if (Folders.All(Writable))
            {
                string? reason;
                lock (_gate)
                {
                    reason = _reason;
                    _reason = null;
                }

                logger.LogWarning("Intake resumed after {Seconds:F0} s: the output and data folders take writes again (paused because {Reason})",
                    time.GetElapsedTime(_pausedAt).TotalSeconds, reason);
            }
        }
    }

    private void Pause(string reason)
    {
        lock (_gate)
        {
            if (_reason is not null)
            {
                return;
            }

            _reason = reason;
            _pausedAt = time.GetTimestamp();
        }

        logger.LogError("Intake paused: {Reason}. Images stay in the inbox untouched; intake resumes by itself once there is room (checked every {Probe} s)",
            reason, options.PausedProbeSeconds);
    }

    private bool Writable(string folder)
    {
        if (StorageFault.FreeBytes(folder) < MinFreeBytes)
        {
            return false;
        }

        // Free space alone does not show a read-only mount or a folder that lost its permissions.
        string probe = Path.Combine(folder, $".watcher-probe-{Environment.ProcessId}");
        try
        {
            Directory.CreateDirectory(folder);
            using (var file = new FileStream(probe, FileMode.Create, FileAccess.Write, FileShare.None, 1, FileOptions.DeleteOnClose))
            {
                file.Write(new byte[4096]);
                file.Flush(flushToDisk: true);
            }

            return true;
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            logger.LogDebug("Still paused: {Folder} refuses a test write: {Reason}", folder, ex.Message);
            return false;
        }
    }
}
