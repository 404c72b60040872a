using System.Threading.Channels;

namespace Watcher.Service.Clustering;

/// <summary>
/// Asks the scheduler for a re-clustering (enough new images, or a person asked). Requests made
/// while one is pending collapse into it: ten requests during a run mean one more run, not ten.
/// </summary>
public sealed class ReclusterSignal
{
    private readonly Channel<string> _requests = Channel.CreateBounded<string>(
        new BoundedChannelOptions(1) { FullMode = BoundedChannelFullMode.DropWrite, SingleReader = true });

    public void Request(string reason) => _requests.Writer.TryWrite(reason);

    public ChannelReader<string> Requests => _requests.Reader;
}
