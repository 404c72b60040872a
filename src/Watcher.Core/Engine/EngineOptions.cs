namespace Watcher.Core.Engine;

// Every knob of the clustering engine, with the defaults that docs/decisions.md justifies.
// Bound from the "Clustering" section of appsettings.json, so each has a setter.
public sealed class EngineOptions
{
    // The projection keeps the fewest leading PCA components that explain this share of the
    // variance, clamped to [MinProjection, MaxProjection]. The discarded rest still counts
    // towards novelty through the residual.
    public double VarianceToKeep { get; set; } = 0.85;

    public int MinProjection { get; set; } = 16;

    public int MaxProjection { get; set; } = 128;

    // The neighbour graph uses only this many leading components: clustering quality was the
    // same at 32-128 (decisions.md) and the graph is the most expensive step.
    public int GraphDimensions { get; set; } = 64;

    public int GraphNeighbours { get; set; } = 15;

    // Louvain resolutions tried; the most stable across subsamples wins.
    public IList<double> Resolutions { get; } = [0.5, 0.75, 1.0, 1.25, 1.5, 2.0, 3.0];

    public int Subsamples { get; set; } = 4;

    public double SubsampleFraction { get; set; } = 0.8;

    // Resolutions whose stability is within this share of the best count as a tie, broken
    // towards more clusters. Zero (the most stable resolution wins) measured best on every set
    // and encoder we have; a margin over-splits classes (decisions.md).
    public double StabilityTolerance { get; set; }

    public int FinalRuns { get; set; } = 3;

    // Communities below max(MinClusterSize, MinClusterShare × n) are folded into their
    // best-connected neighbour: nobody wants to name a cluster of three images.
    public int MinClusterSize { get; set; } = 5;

    public double MinClusterShare { get; set; } = 0.001;

    public int MaxClusters { get; set; } = 40;

    public int ReviewSamples { get; set; } = 4;

    // New images are filed by a vote of this many nearest reference images.
    public int FilingNeighbours { get; set; } = 10;

    // Share of known images the novelty threshold flags (calibrated on the pool).
    public double FlagShare { get; set; } = 0.05;

    // Per-cluster thresholds for clusters with at least this many calibration images; 0 turns
    // them off. Off by default: on imagenette they flagged 6.5-7% of known images instead of 5%
    // without catching more unknowns (decisions.md).
    public int PerClusterCalibrationMin { get; set; }

    public int CalibrationSample { get; set; } = 5000;

    // At most this many pool images are kept in the model as references for filing and novelty.
    public int MaxReferences { get; set; } = 20000;

    public int Seed { get; set; } = 1;

    public int MaxDegreeOfParallelism { get; set; }

    public void Validate()
    {
        static void Check(bool ok, string message)
        {
            if (!ok)
            {
                throw new ArgumentException(message);
            }
        }

        Check(VarianceToKeep is > 0 and <= 1, "Clustering.VarianceToKeep must be in (0, 1].");
        Check(MinProjection >= 1 && MaxProjection >= MinProjection, "Clustering.MinProjection/MaxProjection must satisfy 1 <= min <= max.");
        Check(GraphDimensions >= 1 && GraphNeighbours >= 1, "Clustering.GraphDimensions and GraphNeighbours must be positive.");
        Check(Resolutions.Count > 0 && Resolutions.All(r => r > 0), "Clustering.Resolutions must be a non-empty list of positive numbers.");
        Check(Subsamples >= 2 && SubsampleFraction is > 0.1 and < 1, "Clustering.Subsamples must be >= 2 and SubsampleFraction in (0.1, 1).");
        Check(FinalRuns >= 1 && MaxClusters >= 1 && ReviewSamples >= 1 && FilingNeighbours >= 1, "Clustering counts must be positive.");
        Check(FlagShare is >= 0 and < 1, "Clustering.FlagShare must be in [0, 1).");
        Check(StabilityTolerance is >= 0 and < 1, "Clustering.StabilityTolerance must be in [0, 1).");
        Check(CalibrationSample >= 10 && MaxReferences >= 10, "Clustering.CalibrationSample and MaxReferences must be >= 10.");
    }
}
