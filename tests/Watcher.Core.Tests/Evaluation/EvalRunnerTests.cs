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
