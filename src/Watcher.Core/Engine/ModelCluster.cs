namespace Watcher.Core.Engine;

// One cluster as a person sees it: a number, a name once someone gives it one, its size when
// the model was built and the keys (relative paths or hashes, whatever the caller uses) of the
// images to show when asking for a name.
public sealed class ModelCluster
{
    public ModelCluster(int id, int size, IReadOnlyList<string> reviewSamples, string? name = null)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(id);
        ArgumentNullException.ThrowIfNull(reviewSamples);
        Id = id;
        Size = size;
        ReviewSamples = reviewSamples;
        Name = name;
    }

    public int Id { get; }

    public int Size { get; }

    public IReadOnlyList<string> ReviewSamples { get; }

    public string? Name { get; set; }

    // Unnamed clusters are filed under a stable placeholder until someone names them.
    public string DisplayName => Name ?? $"cluster-{Id:00}";
}
