using Watcher.Core.Metrics;

namespace Watcher.Core.Tests.Metrics;

public class HungarianTests
{
    [Fact]
    public void SquareMatrixWithKnownOptimum()
    {
        // The textbook example: rows take columns 1, 0, 2 for a total of 1 + 2 + 2 = 5.
        double[][] cost = [[4, 1, 3], [2, 0, 5], [3, 2, 2]];

        int[] assignment = Hungarian.Solve(cost);

        assignment.Should().Equal(1, 0, 2);
        Hungarian.TotalCost(cost, assignment).Should().Be(5);
    }

    [Fact]
    public void WideMatrixGivesEveryRowAColumn()
    {
        double[][] cost = [[10, 1, 10], [10, 10, 2]];

        Hungarian.Solve(cost).Should().Equal(1, 2);
    }

    [Fact]
    public void TallMatrixLeavesTheMostExpensiveRowOut()
    {
        double[][] cost = [[10, 10], [1, 10], [10, 2]];

        Hungarian.Solve(cost).Should().Equal(-1, 0, 1);
    }

    [Fact]
    public void GreedyChoiceIsNotOptimalHere()
    {
        // Greedy takes the 1 and is then forced into 100; the optimum is 2 + 2.
        double[][] cost = [[1, 2], [2, 100]];

        Hungarian.Solve(cost).Should().Equal(1, 0);
    }

    [Theory]
    [InlineData(5, 5, 1)]
    [InlineData(4, 6, 2)]
    [InlineData(6, 4, 3)]
    [InlineData(1, 4, 4)]
    [InlineData(7, 7, 5)]
    public void MatchesBruteForceOnRandomMatrices(int rows, int cols, int seed)
    {
        var random = new Random(seed);
        double[][] cost = Enumerable.Range(0, rows)
            .Select(_ => Enumerable.Range(0, cols).Select(_ => (double)random.Next(-20, 50)).ToArray())
            .ToArray();

        int[] assignment = Hungarian.Solve(cost);

        assignment.Where(c => c >= 0).Should().OnlyHaveUniqueItems().And.HaveCount(Math.Min(rows, cols));
        Hungarian.TotalCost(cost, assignment).Should().Be(BruteForce(cost));
    }

    [Fact]
    public void EmptyMatrixGivesEmptyAssignment()
    {
        Hungarian.Solve([]).Should().BeEmpty();
    }

    private static double BruteForce(double[][] cost)
    {
        int rows = cost.Length, cols = cost[0].Length;
        bool transposed = rows > cols;
        int n = Math.Min(rows, cols), m = Math.Max(rows, cols);
        double Cost(int i, int j) => transposed ? cost[j][i] : cost[i][j];

        double best = double.PositiveInfinity;
        void Search(int i, bool[] used, double total)
        {
            if (i == n)
            {
                best = Math.Min(best, total);
                return;
            }

            for (int j = 0; j < m; j++)
            {
                if (!used[j])
                {
                    used[j] = true;
                    Search(i + 1, used, total + Cost(i, j));
                    used[j] = false;
                }
            }
        }

        Search(0, new bool[m], 0);
        return best;
    }
}
