using FluentAssertions;
using Watcher.Core.Engine;
using Watcher.Core.Maths;
using Xunit;

namespace Watcher.Core.Tests.Engine;

public sealed class ReviewSamplerTests
{
    [Fact]
    public void First_sample_is_nearest_the_centre_and_the_rest_spread_out_without_outliers()
    {
        // One cluster on a line: a tight middle, a wide body and two far outliers.
        float[] xs = [0.0f, 0.1f, -0.1f, 1f, -1f, 2f, -2f, 3f, -3f, 50f, -50f];
        var data = new VectorSet(xs, xs.Length, 1);
        int[] labels = new int[xs.Length];

        int[] chosen = ReviewSampler.Choose(data, labels, 1, 4)[0];

        chosen[0].Should().Be(0, "x = 0 is the most typical");
        chosen.Should().OnlyHaveUniqueItems().And.HaveCount(4);
        chosen.Should().NotContain([9, 10], "outliers would make a pure cluster look mixed");
        chosen.Select(i => Math.Abs(xs[i])).Max().Should().BeGreaterThanOrEqualTo(1f, "samples spread beyond the tight middle");
    }

    [Fact]
    public void Small_clusters_show_what_they_have()
    {
        var data = new VectorSet([0f, 1f, 5f], 3, 1);

        int[][] chosen = ReviewSampler.Choose(data, [0, 0, 1], 2, 4);

        chosen[0].Should().BeEquivalentTo([0, 1]);
        chosen[1].Should().Equal(2);
    }
}
