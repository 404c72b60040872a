using System.Globalization;

namespace Watcher.Review;

/// <summary>What the person did in this review, for the summary at the end.</summary>
internal sealed class ReviewTally
{
    public int ClustersNamed { get; set; }

    /// <summary>Images that moved because their cluster was named.</summary>
    public int MovedByNaming { get; set; }

    /// <summary>Images from the unknown queue filed under a name by hand.</summary>
    public int Filed { get; set; }

    public int Ignored { get; set; }

    public IEnumerable<string> Summary(int? stillUnknown) =>
    [
        "Summary",
        string.Create(CultureInfo.InvariantCulture, $"  clusters named:  {ClustersNamed} ({MovedByNaming} images moved)"),
        string.Create(CultureInfo.InvariantCulture, $"  images filed:    {Filed}"),
        string.Create(CultureInfo.InvariantCulture, $"  images ignored:  {Ignored}"),
        "  still unknown:   " + (stillUnknown?.ToString(CultureInfo.InvariantCulture) ?? "(the daemon did not say)"),
    ];
}
