using Watcher.Core.Metrics;

namespace Watcher.Core.Tests.Metrics;

public class DetectionMetricsTests
{
    [Theory]
    [InlineData(new[] { false, false, true, true }, new[] { 0.1, 0.4, 0.35, 0.8 }, 0.75)]
    [InlineData(new[] { false, true, false, true }, new[] { 0.5, 0.5, 0.2, 0.9 }, 0.875)]
    [InlineData(new[] { false, true, false, true }, new[] { 0.3, 0.3, 0.3, 0.3 }, 0.5)]
    [InlineData(new[] { false, false, true }, new[] { 0.1, 0.2, 0.3 }, 1.0)]
    [InlineData(new[] { true, false, false }, new[] { 0.1, 0.2, 0.3 }, 0.0)]
    [InlineData(new[] { true, false, true, false, false }, new[] { 2.0, 1.0, 1.0, 1.0, 0.0 }, 5.0 / 6)]
    public void AreaUnderRocMatchesScikitLearn(bool[] isPositive, double[] scores, double expected)
    {
        DetectionMetrics.AreaUnderRoc(isPositive, scores).Should().BeApproximately(expected, 1e-12);
    }

    [Fact]
    public void AreaUnderRocEqualsTheShareOfCorrectlyOrderedPairs()
    {
        var random = new Random(9);
        bool[] isPositive = Enumerable.Range(0, 300).Select(_ => random.NextDouble() < 0.3).ToArray();

        // Coarse scores force many ties.
        double[] scores = isPositive.Select(p => Math.Round(random.NextDouble() + (p ? 0.4 : 0), 1)).ToArray();

        double wins = 0, pairs = 0;
        for (int i = 0; i < scores.Length; i++)
        {
            for (int j = 0; j < scores.Length; j++)
            {
                if (isPositive[i] && !isPositive[j])
                {
                    pairs++;
                    wins += scores[i] > scores[j] ? 1 : scores[i] == scores[j] ? 0.5 : 0;
                }
            }
        }

        DetectionMetrics.AreaUnderRoc(isPositive, scores).Should().BeApproximately(wins / pairs, 1e-12);
    }

    // Negatives score 0.1 … 1.0; positives score 0.95, 0.85 and 0.5.
    [Theory]
    [InlineData(0.0, 0.0, double.PositiveInfinity)]
    [InlineData(0.1, 1.0 / 3, 0.95)]
    [InlineData(0.15, 1.0 / 3, 0.95)]
    [InlineData(0.2, 2.0 / 3, 0.85)]
    [InlineData(0.5, 2.0 / 3, 0.6)]
    [InlineData(0.6, 1.0, 0.5)]
    [InlineData(1.0, 1.0, 0.1)]
    public void RecallAtFalsePositiveRateFlagsAtMostTheAllowedNegatives(double maxRate, double recall, double threshold)
    {
        double[] negatives = [0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 0.9, 1.0];
        double[] positives = [0.95, 0.85, 0.5];
        bool[] isPositive = negatives.Select(_ => false).Concat(positives.Select(_ => true)).ToArray();
        double[] scores = negatives.Concat(positives).ToArray();

        OperatingPoint point = DetectionMetrics.AtFalsePositiveRate(isPositive, scores, maxRate);

        point.Recall.Should().BeApproximately(recall, 1e-12);
        point.Threshold.Should().Be(threshold);
        point.FalsePositiveRate.Should().BeLessThanOrEqualTo(maxRate + 1e-12);
        DetectionMetrics.RecallAtFalsePositiveRate(isPositive, scores, maxRate).Should().Be(point.Recall);
    }

    [Theory]
    [InlineData(0.0, 0.0)]
    [InlineData(0.5, 0.5)]
    [InlineData(1.0, 1.0)]
    public void TiedScoresAreFlaggedTogether(double maxRate, double recall)
    {
        // The top score 0.9 is shared by a negative and a positive: both or neither.
        bool[] isPositive = [false, true, false, true];
        double[] scores = [0.9, 0.9, 0.5, 0.3];

        DetectionMetrics.RecallAtFalsePositiveRate(isPositive, scores, maxRate).Should().Be(recall);
    }

    [Fact]
    public void ASingleClassIsRejected()
    {
        Action auc = () => DetectionMetrics.AreaUnderRoc([true, true], [0.1, 0.2]);
        Action recall = () => DetectionMetrics.RecallAtFalsePositiveRate([false, false], [0.1, 0.2], 0.1);

        auc.Should().Throw<ArgumentException>();
        recall.Should().Throw<ArgumentException>();
    }
}
