using FluentAssertions;
using Watcher.Core.Evaluation;
using Xunit;

namespace Watcher.Core.Tests.Evaluation;

public sealed class SimulatedReviewerTests
{
    [Fact]
    public void Names_by_majority_and_breaks_ties_by_the_first_sample()
    {
        string[] truth = ["cat", "dog", "cat", "dog", "fish", "cat"];
        int[][] samples = [[1, 0, 2, 5], [1, 0, 3, 2], [4], []];

        string[] names = SimulatedReviewer.Name(samples, truth);

        names.Should().Equal("cat", "dog", "fish", "cluster-03");
    }
}
