using FluentAssertions;
using Watcher.Core.Engine;
using Watcher.Core.Maths;
using Xunit;

namespace Watcher.Core.Tests.Engine;

public sealed class ReviewSamplerTests
{
    [Fact]
    public void Samples_are_the_most_typical_in_order_and_never_the_outliers()
    {
        // One cluster on a line around 0, evenly spaced, with two far outliers.
        float[] xs = [3f, -3f, 0f, 1f, -1f, 2f, -2f, 50f, -50f];
        var data = new VectorSet(xs, xs.Length, 1);

        int[] chosen = ReviewSampler.Choose(data, new int[xs.Length], 1, 4)[0];

        chosen.Select(i => xs[i]).Should().Equal(0f, 1f, -1f, 2f);
    }

    [Fact]
    public void Near_copies_of_a_chosen_image_are_skipped()
    {
        // A burst of three near-identical shots at the centre of a cluster whose images are
        // otherwise about one unit apart: one of the burst is enough.
        float[] xs = [0f, 0.01f, -0.01f, 1f, -1f, 2f, -2f, 3f, -3f];
        var data = new VectorSet(xs, xs.Length, 1);

        int[] chosen = ReviewSampler.Choose(data, new int[xs.Length], 1, 4)[0];

        chosen.Should().HaveCount(4).And.OnlyHaveUniqueItems();
        chosen[0].Should().Be(0, "x = 0 is the most typical");
        chosen.Count(i => Math.Abs(xs[i]) < 0.5f).Should().Be(1, "the other shots of the burst add nothing");
    }

    [Fact]
    public void A_cluster_of_copies_still_shows_four_images()
    {
        var data = new VectorSet(new float[10], 10, 1);

        int[] chosen = ReviewSampler.Choose(data, new int[10], 1, 4)[0];

        chosen.Should().HaveCount(4).And.OnlyHaveUniqueItems();
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
