using FluentAssertions;
using Watcher.Core.Engine;
using Watcher.Core.Evaluation;
using Watcher.Core.Tests.TestData;
using Xunit;

namespace Watcher.Core.Tests.Evaluation;

public sealed class EvalRunnerTests
{
    [Fact]
    public void Scores_both_methods_on_the_same_split()
    {
        // Six known groups and a seventh that only ever arrives as "new images".
        var (data, truth, _) = Blobs.Generate(7, 60, 40, 1.0, 0.2, seed: 21);
        string[] labels = Array.ConvertAll(truth, t => $"class{t}");
        string[] paths = labels.Select((l, i) => $"{l}/img{i:0000}.jpg").ToArray();

        EvalOutcome outcome = new EvalRunner(new EngineOptions()).Run(data, paths, labels, ["class6"], "enc");

        int unknown = labels.Count(l => l == "class6");
        outcome.UnknownScoresRaw.Should().HaveCount(unknown);
        (outcome.Pool.Length + outcome.HeldOutScores.Length + unknown).Should().Be(data.Rows);
        outcome.Pool.Should().OnlyContain(i => labels[i] != "class6");

        MethodScores w = outcome.Watcher;
        w.SortedAccuracy.Should().BeGreaterThan(0.95);
        w.Unknown!.Auroc.Should().BeGreaterThan(0.95);
        (w.Filing.Correct + w.Filing.Wrong + w.Filing.ToReview).Should().BeApproximately(1.0, 1e-9);
        w.ReviewImages.Should().Be(outcome.Engine.ReviewSamples.Sum(s => s.Length));
        outcome.Baseline.KFound.Should().BeInRange(PublishedRecipe.MinClusters, PublishedRecipe.MaxClusters);
        outcome.Baseline.Unknown.Should().NotBeNull();
        outcome.ClusterNames.Should().OnlyContain(n => n.StartsWith("class", StringComparison.Ordinal));
    }

    [Fact]
    public void Effort_setups_hold_every_image_and_only_watcher_queues_any()
    {
        var (data, truth, _) = Blobs.Generate(7, 60, 40, 1.0, 0.2, seed: 21);
        string[] labels = Array.ConvertAll(truth, t => $"class{t}");
        string[] paths = labels.Select((l, i) => $"{l}/img{i:0000}.jpg").ToArray();

        EvalOutcome outcome = new EvalRunner(new EngineOptions()).Run(data, paths, labels, ["class6"], "enc");

        foreach (EffortSetup setup in new[] { outcome.WatcherEffort, outcome.RecipeEffort })
        {
            setup.Images.Select(i => i.Truth).Should().BeEquivalentTo(labels, "pool, held-out and unknown images are all scored");
        }

        outcome.RecipeEffort.Images.Should().OnlyContain(i => !i.Queued, "the recipe forces every image into a cluster");
        outcome.RecipeEffort.NamingCost.Sum().Should().Be(outcome.Baseline.ReviewImages);
        outcome.WatcherEffort.NamingCost.Sum().Should().Be(outcome.Watcher.ReviewImages);
        outcome.WatcherEffort.ClusterNames.Should().Equal(outcome.ClusterNames);

        // The queue is exactly what the filing scores sent to review: flagged held-out and flagged unknown images.
        int held = outcome.HeldOutScores.Length, unknown = outcome.UnknownScoresRaw.Length;
        int flagged = (int)Math.Round(outcome.Watcher.Filing.ToReview * held) + (int)Math.Round(outcome.Watcher.Unknown!.Flagged * unknown);
        outcome.WatcherEffort.Images.Count(i => i.Queued).Should().Be(flagged).And.BeGreaterThan(0);

        // Everything reviewed, Watcher files the unknown class too; the recipe never can.
        EffortResult ours = EffortCurve.Simulate(outcome.WatcherEffort, int.MaxValue);
        EffortResult recipe = EffortCurve.Simulate(outcome.RecipeEffort, int.MaxValue);
        ours.CompleteShare.Should().BeGreaterThan(0.95);
        recipe.CompleteShare.Should().BeLessThanOrEqualTo(1 - unknown / (double)data.Rows);
    }

    [Fact]
    public void Without_unknown_classes_there_are_no_unknown_scores()
    {
        var (data, truth, _) = Blobs.Generate(4, 50, 20, 1.0, 0.2, seed: 2);
        string[] labels = Array.ConvertAll(truth, t => $"c{t}");
        string[] paths = labels.Select((l, i) => $"{l}/{i}.png").ToArray();

        EvalOutcome outcome = new EvalRunner(new EngineOptions()).Run(data, paths, labels, [], "enc");

        outcome.Watcher.Unknown.Should().BeNull();
        outcome.Baseline.Unknown.Should().BeNull();
    }
}
