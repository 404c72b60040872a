namespace Watcher.Core.Engine;

// Where the model would file one image: the cluster and its name (null while unnamed), the
// novelty score and the threshold it was held against, and the share of the voting neighbours
// that agreed on the name.
public readonly record struct Placement(int Cluster, string? Name, double Score, double Threshold, double Agreement)
{
    public bool IsUnknown => Score > Threshold;
}
