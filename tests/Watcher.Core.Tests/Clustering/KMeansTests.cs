using Watcher.Core.Clustering;
using Watcher.Core.Maths;
using Watcher.Core.Metrics;
using Watcher.Core.Tests.TestData;

namespace Watcher.Core.Tests.Clustering;

public class KMeansTests
{
    [Theory]
    [InlineData(5, 100, 16, 1)]
    [InlineData(8, 250, 67, 2)]
    [InlineData(3, 40, 2, 3)]
    public void RecoversWellSeparatedBlobsExactly(int clusters, int perCluster, int dim, int seed)
    {
        (VectorSet data, int[] truth, _) = Blobs.Generate(clusters, perCluster, dim, spread: 10, noise: 0.3, seed);

        KMeansResult result = new KMeans(new KMeansOptions { Clusters = clusters, Restarts = 3, Seed = seed }).Fit(data);

        ClusteringMetrics.Accuracy(truth, result.Labels).Should().Be(1.0);
        result.Converged.Should().BeTrue();
        result.Centroids.Rows.Should().Be(clusters);
    }

    [Fact]
    public void TwoPairsOnALineGiveTheirMidpoints()
    {
        var data = new VectorSet([0, 1, 10, 11], 4, 1);

        KMeansResult result = new KMeans(new KMeansOptions { Clusters = 2, Seed = 4 }).Fit(data);

        result.Centroids.Data.Order().Should().Equal(0.5f, 10.5f);
        result.Inertia.Should().BeApproximately(1.0, 1e-9);
        result.Labels[0].Should().Be(result.Labels[1]);
        result.Labels[2].Should().Be(result.Labels[3]);
        result.Labels[0].Should().NotBe(result.Labels[2]);
    }

    [Fact]
    public void SameSeedGivesIdenticalResultsOnAnyNumberOfThreads()
    {
        VectorSet data = Blobs.Generate(6, 150, 33, spread: 2, noise: 1, seed: 11).Data;
        var options = new KMeansOptions { Clusters = 6, Restarts = 2, Seed = 42 };

        KMeansResult first = new KMeans(options).Fit(data);
        KMeansResult second = new KMeans(options).Fit(data);
        KMeansResult serial = new KMeans(new KMeansOptions { Clusters = 6, Restarts = 2, Seed = 42, MaxDegreeOfParallelism = 1 }).Fit(data);

        foreach (KMeansResult other in new[] { second, serial })
        {
            other.Labels.Should().Equal(first.Labels);
            other.Centroids.Data.Should().Equal(first.Centroids.Data);
            other.Inertia.Should().Be(first.Inertia);
            other.Iterations.Should().Be(first.Iterations);
        }
    }

    [Fact]
    public void MoreRestartsNeverIncreaseInertia()
    {
        // Overlapping blobs have many local optima, so restarts matter.
        VectorSet data = Blobs.Generate(10, 60, 8, spread: 3, noise: 1.5, seed: 12).Data;

        double previous = double.PositiveInfinity;
        foreach (int restarts in new[] { 1, 2, 4, 8 })
        {
            double inertia = new KMeans(new KMeansOptions { Clusters = 10, Restarts = restarts, Seed = 7 }).Fit(data).Inertia;
            inertia.Should().BeLessThanOrEqualTo(previous);
            previous = inertia;
        }
    }

    [Fact]
    public void LabelsAreNearestCentroidsAndInertiaIsTheirSquaredDistance()
    {
        VectorSet data = Blobs.Generate(4, 120, 10, spread: 2, noise: 1, seed: 13).Data;

        KMeansResult result = new KMeans(new KMeansOptions { Clusters = 4, Seed = 1 }).Fit(data);

        double inertia = 0;
        for (int r = 0; r < data.Rows; r++)
        {
            double best = double.PositiveInfinity;
            for (int c = 0; c < 4; c++)
            {
                best = Math.Min(best, SquaredDistance(data.Row(r), result.Centroids.Row(c)));
            }

            double own = SquaredDistance(data.Row(r), result.Centroids.Row(result.Labels[r]));
            own.Should().BeApproximately(best, 1e-4);
            inertia += own;
        }

        result.Inertia.Should().BeApproximately(inertia, 1e-6 * inertia);
        KMeans.Predict(data, result.Centroids).Should().Equal(result.Labels);
    }

    [Fact]
    public void CentroidsAreTheMeansOfTheirMembersAfterConvergence()
    {
        VectorSet data = Blobs.Generate(3, 50, 5, spread: 5, noise: 1, seed: 14).Data;

        KMeansResult result = new KMeans(new KMeansOptions { Clusters = 3, Seed = 2, Tolerance = 0 }).Fit(data);

        for (int c = 0; c < 3; c++)
        {
            int[] members = Enumerable.Range(0, data.Rows).Where(r => result.Labels[r] == c).ToArray();
            for (int j = 0; j < 5; j++)
            {
                double mean = members.Average(r => data.Row(r)[j]);
                result.Centroids.Row(c)[j].Should().BeApproximately((float)mean, 1e-4f);
            }
        }
    }

    [Theory]
    [InlineData(6, 6)]
    [InlineData(6, 4)]
    [InlineData(1, 1)]
    public void DuplicatePointsWithAsManyClustersAsPointsDoNotBreak(int points, int clusters)
    {
        // Only three distinct positions, so most seeds coincide and clusters go empty.
        var data = new VectorSet(points, 2);
        for (int i = 0; i < points; i++)
        {
            data.Row(i)[0] = i % 3;
            data.Row(i)[1] = 1;
        }

        KMeansResult result = new KMeans(new KMeansOptions { Clusters = clusters, Restarts = 2, Seed = 3 }).Fit(data);

        result.Labels.Should().OnlyContain(l => l >= 0 && l < clusters);
        result.Centroids.Data.Should().OnlyContain(v => float.IsFinite(v));
        if (clusters >= 3)
        {
            result.Inertia.Should().Be(0);
        }
    }

    [Fact]
    public void AsManyClustersAsDistinctPointsGivesEachPointItsOwnCluster()
    {
        VectorSet data = Blobs.Uniform(12, 3, seed: 16);

        KMeansResult result = new KMeans(new KMeansOptions { Clusters = 12, Seed = 6 }).Fit(data);

        result.Labels.Should().OnlyHaveUniqueItems();
        result.Inertia.Should().Be(0);
    }

    [Fact]
    public void PredictMatchesBruteForceWithMoreCentroidsThanOneChunk()
    {
        // More than 256 centroids forces the assignment to combine several centroid chunks.
        VectorSet data = Blobs.Uniform(700, 9, seed: 17);
        VectorSet centroids = Blobs.Uniform(300, 9, seed: 18);

        int[] labels = KMeans.Predict(data, centroids);

        for (int r = 0; r < data.Rows; r++)
        {
            double best = Enumerable.Range(0, centroids.Rows).Min(c => SquaredDistance(data.Row(r), centroids.Row(c)));
            SquaredDistance(data.Row(r), centroids.Row(labels[r])).Should().BeApproximately(best, 1e-5);
        }
    }

    [Fact]
    public void IdenticalPointsGiveZeroInertia()
    {
        var data = new VectorSet(Enumerable.Repeat(2.5f, 20).ToArray(), 10, 2);

        KMeansResult result = new KMeans(new KMeansOptions { Clusters = 3, Seed = 5 }).Fit(data);

        result.Inertia.Should().Be(0);
        result.Centroids.Data.Should().OnlyContain(v => v == 2.5f);
    }

    [Fact]
    public void MoreClustersThanPointsIsRejected()
    {
        var data = new VectorSet(new float[6], 3, 2);

        Action act = () => new KMeans(new KMeansOptions { Clusters = 4 }).Fit(data);

        act.Should().Throw<ArgumentException>();
    }

    [Fact]
    public void StopsAtTheIterationLimit()
    {
        VectorSet data = Blobs.Generate(10, 50, 4, spread: 1, noise: 1, seed: 15).Data;

        KMeansResult result = new KMeans(new KMeansOptions { Clusters = 10, MaxIterations = 2, Tolerance = 0, Seed = 1 }).Fit(data);

        result.Iterations.Should().Be(2);
        result.Converged.Should().BeFalse();
        KMeans.Predict(data, result.Centroids).Should().Equal(result.Labels);
    }

    private static double SquaredDistance(ReadOnlySpan<float> a, ReadOnlySpan<float> b)
    {
        double sum = 0;
        for (int i = 0; i < a.Length; i++)
        {
            sum += (a[i] - (double)b[i]) * (a[i] - (double)b[i]);
        }

        return sum;
    }
}
