using FluentAssertions;
using Watcher.Core.Evaluation;
using Xunit;

namespace Watcher.Core.Tests.Evaluation;

public sealed class EffortCurveTests
{
    // Ten images. Cluster 0 "cat" holds cat, cat, dog (3 images, 2 right), naming costs 2.
    // Cluster 1 "dog" holds dog x4 and a cat (5 images, 4 right), naming costs 3.
    // The queue holds a cat and a fish.
    private static EffortSetup TwoClustersAndAQueue() => new(
        [
            new("cat", 0, false), new("cat", 0, false), new("dog", 0, false),
            new("dog", 1, false), new("dog", 1, false), new("dog", 1, false), new("dog", 1, false), new("cat", 1, false),
            new("cat", 0, true), new("fish", 1, true),
        ],
        ["cat", "dog"],
        [2, 3]);

    [Fact]
    public void Names_the_largest_cluster_first_then_reviews_the_queue()
    {
        EffortResult result = EffortCurve.Simulate(TwoClustersAndAQueue(), budget: 100);

        result.Points.Should().Equal(
            new EffortPoint(0, 0), new EffortPoint(3, 0.4), new EffortPoint(5, 0.6), new EffortPoint(6, 0.7), new EffortPoint(7, 0.8));
        result.Population.Should().Be(10);
        result.ClustersNamed.Should().Be(2);
        result.NamingImages.Should().Be(5);
        result.QueueLength.Should().Be(2);
        result.QueueReviewed.Should().Be(2);
        result.CompleteShare.Should().Be(0.8);
        result.CompleteCost.Should().Be(7);
    }

    [Fact]
    public void Stops_at_the_first_step_that_does_not_fit_the_budget()
    {
        // Naming cluster 1 (3) fits in 4; naming cluster 0 (2 more) would not, so nothing more is done.
        EffortResult result = EffortCurve.Simulate(TwoClustersAndAQueue(), budget: 4);

        result.Points.Should().Equal(new EffortPoint(0, 0), new EffortPoint(3, 0.4));
        result.ClustersNamed.Should().Be(1);
        result.QueueReviewed.Should().Be(0);
        result.CompleteShare.Should().Be(0.8, "the ceiling does not depend on the budget");
        result.CompleteCost.Should().Be(7);
    }

    [Fact]
    public void Every_queue_review_files_one_image_whatever_its_class()
    {
        // Naming both clusters takes 5 of the 6; the one review left files one queued image,
        // even the fish, whose class no cluster is named after.
        EffortResult result = EffortCurve.Simulate(TwoClustersAndAQueue(), budget: 6);

        result.QueueReviewed.Should().Be(1);
        result.Points[^1].Should().Be(new EffortPoint(6, 0.7));

        var onlyFish = new EffortSetup([new("fish", 0, true), new("fish", 0, true), new("cat", 0, false)], ["cat"], [4]);
        EffortCurve.Simulate(onlyFish, budget: 100).Points.Should().Equal(
            new EffortPoint(0, 0), new EffortPoint(4, 1 / 3.0), new EffortPoint(5, 2 / 3.0), new EffortPoint(6, 1.0));
    }

    [Fact]
    public void A_cluster_named_after_another_class_files_nothing_correctly()
    {
        var setup = TwoClustersAndAQueue() with { ClusterNames = ["bird", "dog"] };

        EffortResult result = EffortCurve.Simulate(setup, budget: 5);

        result.Points.Should().Equal(new EffortPoint(0, 0), new EffortPoint(3, 0.4), new EffortPoint(5, 0.4));
    }

    [Fact]
    public void Without_a_queue_the_curve_is_flat_after_naming()
    {
        var setup = TwoClustersAndAQueue();
        var forced = setup with { Images = setup.Images.Select(i => i with { Queued = false }).ToArray() };

        EffortResult result = EffortCurve.Simulate(forced, budget: 300);

        // The queued cat joins cluster 0 (named cat, right), the fish joins cluster 1 (named dog, wrong);
        // cluster 1 now has 6 images and cluster 0 four, so cluster 1 still goes first.
        result.Points.Should().Equal(new EffortPoint(0, 0), new EffortPoint(3, 0.4), new EffortPoint(5, 0.7));
        result.QueueLength.Should().Be(0);
        result.ShareAt(300).Should().Be(0.7);
        result.CompleteShare.Should().Be(0.7);
    }

    [Fact]
    public void Equal_sizes_are_named_in_id_order()
    {
        var setup = new EffortSetup(
            [new("x", 0, false), new("y", 1, false), new("y", 1, false), new("x", 0, false)],
            ["x", "y"],
            [1, 3]);

        EffortCurve.Simulate(setup, budget: 10).Points.Should().Equal(new EffortPoint(0, 0), new EffortPoint(1, 0.5), new EffortPoint(4, 1.0));
    }

    [Theory]
    [InlineData(0, 0.0)]
    [InlineData(2, 0.0)]
    [InlineData(3, 0.4)]
    [InlineData(4, 0.4)]
    [InlineData(5, 0.6)]
    [InlineData(6, 0.7)]
    [InlineData(1000, 0.8)]
    public void Share_at_a_budget_is_the_last_step_that_fits(int reviewed, double share)
    {
        EffortCurve.Simulate(TwoClustersAndAQueue(), budget: 100).ShareAt(reviewed).Should().Be(share);
    }

    [Fact]
    public void An_empty_population_gives_a_single_zero_point()
    {
        EffortResult result = EffortCurve.Simulate(new EffortSetup([], [], []), budget: 10);

        result.Points.Should().Equal(new EffortPoint(0, 0));
        result.CompleteShare.Should().Be(0);
    }

    [Fact]
    public void Inconsistent_setups_are_refused()
    {
        var setup = TwoClustersAndAQueue();

        FluentActions.Invoking(() => EffortCurve.Simulate(setup with { NamingCost = [2] }, 10)).Should().Throw<ArgumentException>();
        FluentActions.Invoking(() => EffortCurve.Simulate(setup with { NamingCost = [2, -1] }, 10)).Should().Throw<ArgumentException>();
        FluentActions.Invoking(() => EffortCurve.Simulate(setup with { Images = [new("cat", 2, false)] }, 10))
            .Should().Throw<ArgumentException>().WithMessage("*cluster 2*");
        FluentActions.Invoking(() => EffortCurve.Simulate(setup, -1)).Should().Throw<ArgumentOutOfRangeException>();
    }

    [Theory]
    [InlineData(300, new[] { 50, 100, 200, 300 })]
    [InlineData(100, new[] { 50, 100 })]
    [InlineData(30, new[] { 30 })]
    [InlineData(0, new int[0])]
    public void Checkpoints_are_round_budgets_below_the_budget_and_the_budget(int budget, int[] expected)
    {
        EffortCurve.Checkpoints(budget).Should().Equal(expected);
    }
}
