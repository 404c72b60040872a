using Watcher.Core.Clustering;
using Watcher.Core.Maths;
using Watcher.Core.Tests.TestData;

namespace Watcher.Core.Tests.Clustering;

public class SilhouetteTests
{
    [Fact]
    public void OneDimensionalCaseMatchesHandComputation()
    {
        // A = {0, 1}, B = {4, 5, 6}.
        //   0: a = 1,   b = (4+5+6)/3 = 5   -> 4/5
        //   1: a = 1,   b = (3+4+5)/3 = 4   -> 3/4
        //   4: a = 1.5, b = (4+3)/2   = 3.5 -> 4/7
        //   5: a = 1,   b = (5+4)/2   = 4.5 -> 7/9
        //   6: a = 1.5, b = (6+5)/2   = 5.5 -> 8/11
        var data = new VectorSet([0, 1, 4, 5, 6], 5, 1);
        int[] labels = [0, 0, 1, 1, 1];
        double[] expected = [4 / 5.0, 3 / 4.0, 4 / 7.0, 7 / 9.0, 8 / 11.0];

        double[] samples = Silhouette.Samples(data, labels);

        for (int i = 0; i < 5; i++)
        {
            samples[i].Should().BeApproximately(expected[i], 1e-12);
        }

        Silhouette.Score(data, labels).Should().BeApproximately(expected.Average(), 1e-12);
    }

    [Fact]
    public void LabelValuesDoNotMatter()
    {
        var data = new VectorSet([0, 1, 4, 5, 6], 5, 1);

        Silhouette.Score(data, [7, 7, -2, -2, -2]).Should().Be(Silhouette.Score(data, [0, 0, 1, 1, 1]));
    }

    [Fact]
    public void APointAloneInItsClusterScoresZero()
    {
        // 0: a = 1, b = 10 -> 0.9;  1: a = 1, b = 9 -> 8/9;  10: singleton -> 0.
        var data = new VectorSet([0, 1, 10], 3, 1);

        double[] samples = Silhouette.Samples(data, [0, 0, 1]);

        samples.Should().Equal(new[] { 0.9, 8 / 9.0, 0.0 }, (x, y) => Math.Abs(x - y) < 1e-12);
    }

    [Fact]
    public void CosineCaseMatchesHandComputation()
    {
        // A = {(1,0), (1,1)}, B = {(0,2), (-1,0)}; with c = 1 - 1/√2 the pairwise cosine distances are
        // A0–A1 c, A0–B0 1, A0–B1 2, A1–B0 c, A1–B1 1 + 1/√2, B0–B1 1.
        var data = new VectorSet([1, 0, 1, 1, 0, 2, -1, 0], 4, 2);
        double c = 1 - 1 / Math.Sqrt(2);
        double[] expected =
        [
            (1.5 - c) / 1.5,
            ((c + 1 + 1 / Math.Sqrt(2)) / 2 - c) / ((c + 1 + 1 / Math.Sqrt(2)) / 2),
            ((1 + c) / 2 - 1) / 1,
            (1.5 + 1 / Math.Sqrt(2) / 2 - 1) / (1.5 + 1 / Math.Sqrt(2) / 2),
        ];

        double[] samples = Silhouette.Samples(data, [0, 0, 1, 1], DistanceMetric.Cosine);

        for (int i = 0; i < 4; i++)
        {
            samples[i].Should().BeApproximately(expected[i], 1e-6, $"sample {i}");
        }
    }

    [Fact]
    public void MatchesTheDefinitionOnDataLargerThanOneBlock()
    {
        // 700 rows cross the row-block and column-chunk boundaries, with clusters of unequal size.
        (VectorSet data, int[] labels, _) = Blobs.Generate(4, 175, 10, spread: 2, noise: 1, seed: 21);
        labels[0] = 3;
        labels[1] = 3;

        double[] samples = Silhouette.Samples(data, labels);
        double[] cosine = Silhouette.Samples(data, labels, DistanceMetric.Cosine);

        double[] expected = NaiveSamples(data, labels, Euclidean);
        double[] expectedCosine = NaiveSamples(data, labels, Cosine);
        for (int i = 0; i < data.Rows; i++)
        {
            samples[i].Should().BeApproximately(expected[i], 1e-4);
            cosine[i].Should().BeApproximately(expectedCosine[i], 1e-4);
        }
    }

    [Fact]
    public void SampledScoreIsCloseToTheExactScore()
    {
        (VectorSet data, int[] labels, _) = Blobs.Generate(5, 400, 8, spread: 3, noise: 1, seed: 22);

        double exact = Silhouette.Score(data, labels);
        double sampled = Silhouette.SampledScore(data, labels, sampleSize: 600, seed: 1);

        sampled.Should().NotBe(exact);
        sampled.Should().BeApproximately(exact, 0.03);
        Silhouette.SampledScore(data, labels, sampleSize: 600, seed: 1).Should().Be(sampled);
    }

    [Fact]
    public void SampleAsLargeAsTheDataIsTheExactScore()
    {
        (VectorSet data, int[] labels, _) = Blobs.Generate(3, 30, 4, spread: 3, noise: 1, seed: 23);

        Silhouette.SampledScore(data, labels, sampleSize: 500, seed: 1).Should().Be(Silhouette.Score(data, labels));
    }

    [Theory]
    [InlineData(new[] { 0, 0, 0, 0 })]
    [InlineData(new[] { 0, 1, 2, 3 })]
    public void NeedsBetweenTwoAndNMinusOneClusters(int[] labels)
    {
        var data = new VectorSet([0, 1, 2, 3], 4, 1);

        Action act = () => Silhouette.Score(data, labels);

        act.Should().Throw<ArgumentException>();
    }

    private static double Euclidean(ReadOnlySpan<float> x, ReadOnlySpan<float> y)
    {
        double sum = 0;
        for (int i = 0; i < x.Length; i++)
        {
            sum += (x[i] - (double)y[i]) * (x[i] - (double)y[i]);
        }

        return Math.Sqrt(sum);
    }

    private static double Cosine(ReadOnlySpan<float> x, ReadOnlySpan<float> y)
    {
        double dot = 0, xx = 0, yy = 0;
        for (int i = 0; i < x.Length; i++)
        {
            dot += x[i] * (double)y[i];
            xx += x[i] * (double)x[i];
            yy += y[i] * (double)y[i];
        }

        return 1 - dot / Math.Sqrt(xx * yy);
    }

    private delegate double Distance(ReadOnlySpan<float> x, ReadOnlySpan<float> y);

    private static double[] NaiveSamples(VectorSet data, int[] labels, Distance distance)
    {
        int n = data.Rows;
        var result = new double[n];
        int[] clusters = labels.Distinct().ToArray();
        for (int i = 0; i < n; i++)
        {
            double a = 0, b = double.PositiveInfinity;
            foreach (int c in clusters)
            {
                double sum = 0;
                int count = 0;
                for (int j = 0; j < n; j++)
                {
                    if (labels[j] == c && j != i)
                    {
                        sum += distance(data.Row(i), data.Row(j));
                        count++;
                    }
                }

                if (c == labels[i])
                {
                    a = sum / count;
                }
                else
                {
                    b = Math.Min(b, sum / count);
                }
            }

            result[i] = (b - a) / Math.Max(a, b);
        }

        return result;
    }
}
