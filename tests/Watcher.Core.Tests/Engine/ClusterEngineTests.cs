using FluentAssertions;
using Watcher.Core.Engine;
using Watcher.Core.Maths;
using Watcher.Core.Metrics;
using Watcher.Core.Tests.TestData;
using Xunit;

namespace Watcher.Core.Tests.Engine;

public sealed class ClusterEngineTests
{
    private const int Clusters = 6;

    private static (VectorSet Data, int[] Labels, VectorSet Centres) Pool(int perCluster = 80, int seed = 3) =>
        Blobs.Generate(Clusters, perCluster, dim: 48, spread: 1.0, noise: 0.15, seed);

    private static string[] Keys(int n) => Enumerable.Range(0, n).Select(i => $"img-{i}").ToArray();

    [Fact]
    public void Finds_well_separated_groups_as_pure_clusters()
    {
        var (data, truth, _) = Pool();

        EngineResult result = new ClusterEngine(new EngineOptions()).Fit(data, Keys(data.Rows), "test-encoder");

        result.ClusterCount.Should().BeInRange(Clusters, Clusters + 2, "over-clustering a little is allowed, merging groups is not");
        ClusteringMetrics.Purity(truth, result.Labels).Should().BeGreaterThan(0.98);
        result.Curve.Should().HaveCount(new EngineOptions().Resolutions.Count);
        result.Model.Clusters.Sum(c => c.Size).Should().Be(data.Rows);
    }

    [Fact]
    public void Number_of_clusters_is_the_same_on_different_subsamples()
    {
        var (data, _, _) = Pool(perCluster: 120, seed: 5);
        var counts = new List<int>();
        for (int s = 0; s < 3; s++)
        {
            int[] rows = Enumerable.Range(0, data.Rows).Where(i => new Random(100 + s).NextDouble() < 0.7 || i % 7 == s).ToArray();
            var subset = data.Select(rows);
            counts.Add(new ClusterEngine(new EngineOptions { Seed = 11 + s }).Fit(subset, Keys(subset.Rows), "test-encoder").ClusterCount);
        }

        counts.Distinct().Should().HaveCount(1, $"K found on three subsamples was {string.Join(", ", counts)}");
    }

    [Fact]
    public void Review_samples_are_distinct_members_starting_with_the_most_typical()
    {
        var (data, _, _) = Pool();
        EngineResult result = new ClusterEngine(new EngineOptions { ReviewSamples = 4 }).Fit(data, Keys(data.Rows), "test-encoder");

        for (int c = 0; c < result.ClusterCount; c++)
        {
            int[] samples = result.ReviewSamples[c];
            samples.Should().HaveCount(4).And.OnlyHaveUniqueItems();
            samples.Should().OnlyContain(i => result.Labels[i] == c);
            result.Model.Clusters[c].ReviewSamples.Should().Equal(samples.Select(i => $"img-{i}"));
        }
    }

    [Fact]
    public void New_images_from_known_groups_are_filed_to_their_group_and_a_new_group_is_flagged()
    {
        var (data, truth, centres) = Pool();
        EngineResult result = new ClusterEngine(new EngineOptions()).Fit(data, Keys(data.Rows), "test-encoder");

        // Fresh draws from the same centres (another seed), and a blob around a centre nobody has seen.
        var (fresh, freshTruth, _) = Blobs.Generate(Clusters, 40, 48, 1.0, 0.15, seed: 3);
        var random = new Random(99);
        var novel = new VectorSet(100, 48);
        var centre = Enumerable.Range(0, 48).Select(_ => (float)((random.NextDouble() * 2) - 1)).ToArray();
        for (int i = 0; i < novel.Data.Length; i++)
        {
            novel.Data[i] = centre[i % 48] + (float)(Blobs.Gaussian(random) * 0.15);
        }

        // Map each pool cluster to the true group most of its members come from.
        int[] majority = Enumerable.Range(0, result.ClusterCount)
            .Select(c => Enumerable.Range(0, data.Rows).Where(i => result.Labels[i] == c).GroupBy(i => truth[i]).MaxBy(g => g.Count())!.Key)
            .ToArray();
        Placement[] known = result.Model.Classify(fresh);
        Placement[] unknown = result.Model.Classify(novel);

        known.Select((p, i) => majority[p.Cluster] == freshTruth[i]).Count(ok => ok).Should().BeGreaterThan((int)(0.98 * known.Length));
        known.Count(p => p.IsUnknown).Should().BeLessThan((int)(0.12 * known.Length), "calibration aims at 5% of known images");
        unknown.Count(p => p.IsUnknown).Should().BeGreaterThan(95);
    }

    [Fact]
    public void Clusters_with_the_same_name_vote_together()
    {
        var (data, _, _) = Pool();
        EngineResult result = new ClusterEngine(new EngineOptions()).Fit(data, Keys(data.Rows), "test-encoder");
        foreach (ModelCluster c in result.Model.Clusters)
        {
            c.Name = "everything";
        }

        Placement[] placed = result.Model.Classify(data.Select([0, 1, 2, 3]));

        placed.Should().OnlyContain(p => p.Name == "everything" && p.Agreement == 1.0);
    }

    [Fact]
    public void Too_few_images_is_a_clear_error()
    {
        var (data, _, _) = Pool(perCluster: 2);

        var act = () => new ClusterEngine(new EngineOptions()).Fit(data, Keys(data.Rows), "test-encoder");

        act.Should().Throw<ArgumentException>().WithMessage("*at least 20 images*");
    }

    [Fact]
    public void Invalid_options_are_refused_with_the_setting_name()
    {
        var act = () => new ClusterEngine(new EngineOptions { FlagShare = 1.5 });

        act.Should().Throw<ArgumentException>().WithMessage("*FlagShare*");
    }
}
