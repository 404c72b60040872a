using FluentAssertions;
using Watcher.Core.Engine;
using Xunit;

namespace Watcher.Core.Tests.Engine;

public sealed class NoveltyCalibrationTests
{
    private static (double[] Distances, double[] Residuals, int[] Clusters) Sample(int n, int seed)
    {
        var random = new Random(seed);
        return (
            Enumerable.Range(0, n).Select(_ => Math.Pow(0.5 + random.NextDouble(), 2)).ToArray(),
            Enumerable.Range(0, n).Select(_ => Math.Pow(0.2 + (0.3 * random.NextDouble()), 2)).ToArray(),
            Enumerable.Range(0, n).Select(i => i % 2).ToArray());
    }

    [Theory]
    [InlineData(0.05)]
    [InlineData(0.10)]
    [InlineData(0.25)]
    public void Flags_the_configured_share_of_the_calibration_images(double share)
    {
        var (d, r, c) = Sample(2000, 1);

        var calibration = NoveltyCalibration.Fit(d, r, c, 2, share, perClusterMinimum: 0);

        int flagged = Enumerable.Range(0, d.Length).Count(i => calibration.Score(d[i], r[i]) > calibration.Threshold);
        (flagged / 2000.0).Should().BeApproximately(share, 0.002);
    }

    [Fact]
    public void Score_grows_with_either_distance_or_residual()
    {
        var (d, r, c) = Sample(500, 2);
        var calibration = NoveltyCalibration.Fit(d, r, c, 2, 0.05, 0);

        calibration.Score(4.0, 0.1).Should().BeGreaterThan(calibration.Score(1.0, 0.1));
        calibration.Score(1.0, 0.4).Should().BeGreaterThan(calibration.Score(1.0, 0.1));
        double.IsFinite(calibration.Score(0, 0)).Should().BeTrue("an exact duplicate has distance 0");
    }

    [Fact]
    public void Per_cluster_thresholds_only_where_a_cluster_has_enough_images()
    {
        var (d, r, _) = Sample(300, 3);
        int[] clusters = Enumerable.Range(0, 300).Select(i => i < 250 ? 0 : 1).ToArray();

        var calibration = NoveltyCalibration.Fit(d, r, clusters, 3, 0.05, perClusterMinimum: 100);

        double.IsNaN(calibration.ClusterThresholds[0]).Should().BeFalse();
        calibration.ThresholdFor(1).Should().Be(calibration.Threshold, "50 images are too few for a threshold of their own");
        calibration.ThresholdFor(2).Should().Be(calibration.Threshold);
        calibration.ThresholdFor(0).Should().Be(calibration.ClusterThresholds[0]);
    }

    [Fact]
    public void A_share_of_zero_flags_nothing()
    {
        var (d, r, c) = Sample(100, 4);

        NoveltyCalibration.Fit(d, r, c, 2, 0, 0).Threshold.Should().Be(double.PositiveInfinity);
    }
}
