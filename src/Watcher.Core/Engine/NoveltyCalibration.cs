namespace Watcher.Core.Engine;

// How "unlike everything known" is turned into one number and a yes/no. Two signals, each
// measured against the pool it was calibrated on:
//   - distance to the nearest known image inside the projection (a new kind of image sits far
//     from every known one), and
//   - the PCA residual, i.e. what the projection throws away (PCA keeps the directions in which
//     the known classes differ; a new class often differs in the others: FINDINGS.md section 3).
// Both are log-distances standardised by the pool's own mean and spread, then added, so neither
// unit dominates and the sum means the same on any encoder.
public sealed record NoveltyCalibration(
    double MeanLogDistance,
    double StdLogDistance,
    double MeanLogResidual,
    double StdLogResidual,
    double Threshold,
    double FlagShare,
    IReadOnlyList<double> ClusterThresholds)
{
    // Keeps log() finite for exact duplicates (distance 0) without changing any real distance.
    private const double Floor = 1e-6;

    public double Score(double nearestSquaredDistance, double squaredResidual)
    {
        double d = (Math.Log(Math.Sqrt(Math.Max(nearestSquaredDistance, 0)) + Floor) - MeanLogDistance) / StdLogDistance;
        double r = (Math.Log(Math.Sqrt(Math.Max(squaredResidual, 0)) + Floor) - MeanLogResidual) / StdLogResidual;
        return d + r;
    }

    // A cluster without enough calibration images of its own (NaN) uses the global threshold.
    public double ThresholdFor(int cluster) =>
        cluster >= 0 && cluster < ClusterThresholds.Count && !double.IsNaN(ClusterThresholds[cluster])
            ? ClusterThresholds[cluster]
            : Threshold;

    public static NoveltyCalibration Fit(
        ReadOnlySpan<double> nearestSquaredDistances,
        ReadOnlySpan<double> squaredResiduals,
        ReadOnlySpan<int> clusters,
        int clusterCount,
        double flagShare,
        int perClusterMinimum)
    {
        int n = nearestSquaredDistances.Length;
        if (n < 2 || squaredResiduals.Length != n || clusters.Length != n)
        {
            throw new ArgumentException("Calibration needs at least two images with a distance, a residual and a cluster each.");
        }

        var logD = new double[n];
        var logR = new double[n];
        for (int i = 0; i < n; i++)
        {
            logD[i] = Math.Log(Math.Sqrt(Math.Max(nearestSquaredDistances[i], 0)) + Floor);
            logR[i] = Math.Log(Math.Sqrt(Math.Max(squaredResiduals[i], 0)) + Floor);
        }

        (double md, double sd) = MeanStd(logD);
        (double mr, double sr) = MeanStd(logR);
        var provisional = new NoveltyCalibration(md, sd, mr, sr, 0, flagShare, []);
        var scores = new double[n];
        for (int i = 0; i < n; i++)
        {
            scores[i] = provisional.Score(nearestSquaredDistances[i], squaredResiduals[i]);
        }

        double global = UpperQuantile(scores, flagShare);
        var perCluster = new double[clusterCount];
        Array.Fill(perCluster, double.NaN);
        if (perClusterMinimum > 0)
        {
            var own = new List<double>[clusterCount];
            for (int c = 0; c < clusterCount; c++)
            {
                own[c] = [];
            }

            for (int i = 0; i < n; i++)
            {
                own[clusters[i]].Add(scores[i]);
            }

            for (int c = 0; c < clusterCount; c++)
            {
                if (own[c].Count >= perClusterMinimum)
                {
                    perCluster[c] = UpperQuantile(own[c].ToArray(), flagShare);
                }
            }
        }

        return provisional with { Threshold = global, ClusterThresholds = perCluster };
    }

    // The score above which `share` of the values lie (linear interpolation, like numpy's
    // default quantile). A share of 0 flags nothing.
    internal static double UpperQuantile(double[] values, double share)
    {
        if (share <= 0)
        {
            return double.PositiveInfinity;
        }

        double[] sorted = (double[])values.Clone();
        Array.Sort(sorted);
        double position = (1 - share) * (sorted.Length - 1);
        int lower = (int)Math.Floor(position);
        int upper = Math.Min(lower + 1, sorted.Length - 1);
        return sorted[lower] + ((position - lower) * (sorted[upper] - sorted[lower]));
    }

    private static (double Mean, double Std) MeanStd(double[] values)
    {
        double mean = values.Average();
        double variance = values.Sum(v => (v - mean) * (v - mean)) / Math.Max(1, values.Length - 1);

        // A pool of identical images has no spread; 1 keeps the score defined (and large for
        // anything different) instead of dividing by zero.
        return (mean, variance > 1e-12 ? Math.Sqrt(variance) : 1.0);
    }
}
