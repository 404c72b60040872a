using Watcher.Core.Metrics;

namespace Watcher.Core.Tests.Metrics;

public class ClusteringMetricsTests
{
    // truth, predicted, accuracy (best one-to-one mapping), purity (majority class per cluster).
    [Theory]
    [InlineData(new[] { 0, 0, 1, 1 }, new[] { 1, 1, 0, 0 }, 1.0, 1.0)]
    [InlineData(new[] { 0, 0, 1, 1 }, new[] { 0, 0, 1, 2 }, 0.75, 1.0)]
    [InlineData(new[] { 0, 0, 1, 2 }, new[] { 0, 0, 1, 1 }, 0.75, 0.75)]
    [InlineData(new[] { 0, 0, 1, 1 }, new[] { 0, 1, 0, 1 }, 0.5, 0.5)]
    [InlineData(new[] { 0, 0, 0, 0 }, new[] { 0, 1, 2, 3 }, 0.25, 1.0)]
    [InlineData(new[] { 5, 5, 5, 5 }, new[] { 9, 9, 9, 9 }, 1.0, 1.0)]
    // More clusters than classes: cluster 1 cannot be matched, so its item counts as wrong.
    [InlineData(new[] { 0, 0, 0, 1, 1, 1 }, new[] { 0, 0, 1, 2, 2, 2 }, 5.0 / 6, 1.0)]
    // Fewer clusters than classes: one class is left without a cluster.
    [InlineData(new[] { 0, 0, 1, 1, 2, 2 }, new[] { 0, 0, 0, 0, 1, 1 }, 4.0 / 6, 4.0 / 6)]
    // Greedy would map cluster 0 to class 0 (3 items) and leave 0; the optimum crosses over for 2 + 2.
    [InlineData(new[] { 0, 0, 0, 1, 1, 0, 0 }, new[] { 0, 0, 0, 0, 0, 1, 1 }, 4.0 / 7, 5.0 / 7)]
    public void AccuracyAndPurityMatchHandCounts(int[] truth, int[] predicted, double accuracy, double purity)
    {
        ClusteringMetrics.Accuracy(truth, predicted).Should().BeApproximately(accuracy, 1e-12);
        ClusteringMetrics.Purity(truth, predicted).Should().BeApproximately(purity, 1e-12);
    }

    [Theory]
    [InlineData(new[] { 0, 0, 1, 1 }, new[] { 1, 1, 0, 0 }, 1.0)]
    [InlineData(new[] { 0, 0, 1, 1 }, new[] { 0, 0, 1, 2 }, 0.8)]
    [InlineData(new[] { 0, 0, 1, 2 }, new[] { 0, 0, 1, 1 }, 0.8)]
    [InlineData(new[] { 0, 0, 1, 1 }, new[] { 0, 1, 0, 1 }, 0.0)]
    [InlineData(new[] { 0, 0, 0, 0 }, new[] { 0, 1, 2, 3 }, 0.0)]
    [InlineData(new[] { 5, 5, 5, 5 }, new[] { 9, 9, 9, 9 }, 1.0)]
    public void NormalizedMutualInformationUsesTheArithmeticMean(int[] truth, int[] predicted, double expected)
    {
        ClusteringMetrics.NormalizedMutualInformation(truth, predicted).Should().BeApproximately(expected, 1e-12);
    }

    [Fact]
    public void NormalizedMutualInformationOfAnUnevenCase()
    {
        // truth {0,0,0,1,1,1}, predicted {0,0,1,1,2,2}: H(truth) = ln 2, H(pred) = ln 3,
        // MI = (2/6)ln 2 + 2·(1/6)ln 1 + (2/6)ln 2 = (2/3) ln 2.
        double expected = (2.0 / 3 * Math.Log(2)) / ((Math.Log(2) + Math.Log(3)) / 2);

        ClusteringMetrics.NormalizedMutualInformation([0, 0, 0, 1, 1, 1], [0, 0, 1, 1, 2, 2])
            .Should().BeApproximately(expected, 1e-12);
    }

    [Theory]
    [InlineData(new[] { 0, 0, 1, 1 }, new[] { 1, 1, 0, 0 }, 1.0)]
    [InlineData(new[] { 0, 0, 1, 1 }, new[] { 0, 0, 1, 2 }, 0.5714285714285715)]
    [InlineData(new[] { 0, 0, 1, 2 }, new[] { 0, 0, 1, 1 }, 0.5714285714285715)]
    [InlineData(new[] { 0, 0, 1, 1 }, new[] { 0, 1, 0, 1 }, -0.5)]
    [InlineData(new[] { 0, 0, 0, 0 }, new[] { 0, 1, 2, 3 }, 0.0)]
    [InlineData(new[] { 5, 5, 5, 5 }, new[] { 9, 9, 9, 9 }, 1.0)]
    public void AdjustedRandIndexMatchesScikitLearn(int[] truth, int[] predicted, double expected)
    {
        ClusteringMetrics.AdjustedRandIndex(truth, predicted).Should().BeApproximately(expected, 1e-12);
    }

    [Fact]
    public void RenamingClustersChangesNoScore()
    {
        var random = new Random(3);
        int[] truth = Enumerable.Range(0, 200).Select(_ => random.Next(4)).ToArray();
        int[] predicted = truth.Select(t => random.NextDouble() < 0.7 ? t : random.Next(5)).ToArray();
        int[] renamed = predicted.Select(p => 10 * (4 - p) + 1).ToArray();

        ClusteringMetrics.Accuracy(truth, renamed).Should().Be(ClusteringMetrics.Accuracy(truth, predicted));
        ClusteringMetrics.Purity(truth, renamed).Should().Be(ClusteringMetrics.Purity(truth, predicted));
        ClusteringMetrics.AdjustedRandIndex(truth, renamed).Should().BeApproximately(ClusteringMetrics.AdjustedRandIndex(truth, predicted), 1e-12);
        ClusteringMetrics.NormalizedMutualInformation(truth, renamed)
            .Should().BeApproximately(ClusteringMetrics.NormalizedMutualInformation(truth, predicted), 1e-12);
        ClusteringMetrics.Accuracy(truth, predicted).Should().BeInRange(0.7, 0.9);
    }

    [Fact]
    public void MismatchedLengthsAreRejected()
    {
        Action act = () => ClusteringMetrics.Accuracy([0, 1], [0]);

        act.Should().Throw<ArgumentException>();
    }
}
