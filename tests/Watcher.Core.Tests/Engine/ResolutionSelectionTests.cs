using FluentAssertions;
using Watcher.Core.Engine;
using Xunit;

namespace Watcher.Core.Tests.Engine;

public sealed class ResolutionSelectionTests
{
    private static ResolutionPoint P(double r, double k, double s) => new(r, k, s, [(int)k]);

    [Fact]
    public void Most_stable_wins_and_near_ties_go_to_more_clusters()
    {
        var curve = new[] { P(0.5, 2, 0.95), P(1.0, 9, 0.90), P(1.5, 12, 0.945), P(2.0, 16, 0.80) };

        ResolutionSelection.Choose(curve, new EngineOptions { StabilityTolerance = 0.01 }).Should().Be(2);
        ResolutionSelection.Choose(curve, new EngineOptions { StabilityTolerance = 0.0 }).Should().Be(0);
    }

    [Fact]
    public void Resolutions_over_the_review_budget_are_not_chosen()
    {
        var curve = new[] { P(1.0, 8, 0.7), P(2.0, 30, 0.9) };

        ResolutionSelection.Choose(curve, new EngineOptions { MaxClusters = 20 }).Should().Be(0);
        ResolutionSelection.Choose([P(2.0, 30, 0.9), P(3.0, 40, 0.95)], new EngineOptions { MaxClusters = 20 }).Should().Be(0,
            "when nothing fits the budget, the fewest clusters are taken");
    }
}
