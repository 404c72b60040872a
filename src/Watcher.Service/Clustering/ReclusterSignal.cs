using System.Threading.Channels;

namespace Watcher.Service.Clustering;

/// <summary>Why a re-clustering was asked for; <paramref name="WhenDue"/>: only if enough new images are still uncounted when it would start.</summary>
public sealed record ReclusterRequest(string Reason, bool WhenDue);

/// <summary>
/// Asks the scheduler for a re-clustering (enough new images, or a person asked). Requests made
/// while one is pending collapse into it: ten requests during a run mean one more run, not ten.
/// </summary>
public sealed class ReclusterSignal
{
    private readonly Channel<ReclusterRequest> _requests = Channel.CreateBounded<ReclusterRequest>(
        new BoundedChannelOptions(1) { FullMode = BoundedChannelFullMode.DropWrite, SingleReader = true });

    /// <summary>A person asked: it runs.</summary>
    public void Request(string reason) => _requests.Writer.TryWrite(new ReclusterRequest(reason, WhenDue: false));

    /// <summary>
    /// Enough new images arrived. Asked during a run, it may be answered by that run already (it
    /// counts the images it clustered), so the scheduler checks the count again before starting.
    /// </summary>
    public void RequestWhenDue(string reason) => _requests.Writer.TryWrite(new ReclusterRequest(reason, WhenDue: true));

    public ChannelReader<ReclusterRequest> Requests => _requests.Reader;

    /// <summary>A request waits for the scheduler (at start, one left from the last run may be queued).</summary>
    public bool IsPending => _requests.Reader.Count > 0;
}
