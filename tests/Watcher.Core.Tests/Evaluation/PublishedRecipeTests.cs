using FluentAssertions;
using Watcher.Core.Evaluation;
using Watcher.Core.Metrics;
using Watcher.Core.Tests.TestData;
using Xunit;

namespace Watcher.Core.Tests.Evaluation;

public sealed class PublishedRecipeTests
{
    [Fact]
    public void Picks_dimension_and_K_by_silhouette_and_files_to_the_nearest_centroid()
    {
        var (data, truth, _) = Blobs.Generate(4, 60, 24, 1.0, 0.1, seed: 4);

        RecipeFit fit = PublishedRecipe.Fit(data, reviewSamples: 3, flagShare: 0.05, seed: 1);
        (int[] clusters, double[] distances) = PublishedRecipe.Place(fit, data);

        fit.Clusters.Should().Be(4, "four tight blobs are what silhouette is good at");
        fit.Dimension.Should().Be(PublishedRecipe.Dimensions[0], "silhouette prefers the smallest projection (FINDINGS.md 1)");
        fit.Curve.Max(p => p.Silhouette).Should().Be(fit.Silhouette);
        ClusteringMetrics.Accuracy(truth, clusters).Should().Be(1.0);
        clusters.Should().Equal(fit.Labels);
        fit.ReviewSamples.Should().OnlyContain(s => s.Length == 3);
        (distances.Count(d => d > fit.Threshold) / (double)data.Rows).Should().BeInRange(0.03, 0.07);
    }
}
