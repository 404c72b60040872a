using Watcher.Core.Graphs;
using Watcher.Core.Maths;
using Watcher.Core.Tests.TestData;

namespace Watcher.Core.Tests.Graphs;

public class NearestNeighboursTests
{
    // Sizes straddle the 4-row kernel tile, the 64-row query block, the 256-row self-join tile (odd
    // and even numbers of tiles, so the round-robin schedule runs with and without a bye) and the
    // 1024-row reference chunk.
    [Theory]
    [InlineData(2, 1, 1)]
    [InlineData(7, 3, 3)]
    [InlineData(63, 5, 4)]
    [InlineData(65, 17, 10)]
    [InlineData(130, 64, 15)]
    [InlineData(513, 4, 5)]
    [InlineData(1024, 12, 6)]
    [InlineData(1030, 8, 15)]
    [InlineData(2100, 33, 7)]
    public void SelfJoin_matches_brute_force(int rows, int cols, int k)
    {
        VectorSet data = Blobs.Uniform(rows, cols, seed: rows + cols);

        NeighbourLists result = NearestNeighbours.SelfJoin(data, k);

        result.Count.Should().Be(rows);
        result.K.Should().Be(k);
        for (int i = 0; i < rows; i++)
        {
            AssertExact(data.Row(i), data, result, i, exclude: i);
        }
    }

    [Fact]
    public void SelfJoin_clamps_k_to_the_other_rows()
    {
        VectorSet data = Blobs.Uniform(9, 4, seed: 5);

        NeighbourLists result = NearestNeighbours.SelfJoin(data, 50);

        result.K.Should().Be(8);
        for (int i = 0; i < data.Rows; i++)
        {
            result.IndicesOf(i).ToArray().Should().BeEquivalentTo(Enumerable.Range(0, 9).Where(j => j != i));
            AssertExact(data.Row(i), data, result, i, exclude: i);
        }
    }

    [Fact]
    public void SelfJoin_of_a_single_row_has_no_neighbours()
    {
        NeighbourLists result = NearestNeighbours.SelfJoin(Blobs.Uniform(1, 3, seed: 1), 5);

        result.Count.Should().Be(1);
        result.K.Should().Be(0);
        result.Indices.Should().BeEmpty();
    }

    [Fact]
    public void SelfJoin_excludes_the_row_itself_but_keeps_its_duplicates()
    {
        // Ten distinct points, each present three times (rows p, p+10, p+20).
        VectorSet distinct = Blobs.Uniform(10, 6, seed: 8, scale: 10);
        VectorSet data = distinct.Select([.. Enumerable.Range(0, 30).Select(r => r % 10)]);

        NeighbourLists result = NearestNeighbours.SelfJoin(data, 3);

        for (int i = 0; i < data.Rows; i++)
        {
            int[] copies = [.. Enumerable.Range(0, 3).Select(c => (i % 10) + (10 * c)).Where(r => r != i)];
            result.IndicesOf(i)[..2].ToArray().Should().Equal(copies, $"row {i}'s two copies come first, lower index first");
            result.DistancesOf(i)[..2].ToArray().Should().Equal(0f, 0f);
            result.IndicesOf(i).ToArray().Should().NotContain(i);
            result.DistancesOf(i)[2].Should().BeGreaterThan(0f);
            AssertExact(data.Row(i), data, result, i, exclude: i);
        }
    }

    [Fact]
    public void SelfJoin_gives_identical_results_on_one_thread()
    {
        VectorSet data = Blobs.Generate(5, 300, 20, spread: 3, noise: 1, seed: 4).Data;

        NeighbourLists parallel = NearestNeighbours.SelfJoin(data, 12);
        NeighbourLists serial = NearestNeighbours.SelfJoin(data, 12, maxDegreeOfParallelism: 1);

        serial.Indices.Should().Equal(parallel.Indices);
        serial.SquaredDistances.Should().Equal(parallel.SquaredDistances);
    }

    [Theory]
    [InlineData(1, 5, 2, 3)]
    [InlineData(70, 1100, 19, 9)]
    [InlineData(33, 7, 64, 20)]
    public void Query_matches_brute_force(int queryRows, int referenceRows, int cols, int k)
    {
        VectorSet queries = Blobs.Uniform(queryRows, cols, seed: 21);
        VectorSet references = Blobs.Uniform(referenceRows, cols, seed: 22);

        NeighbourLists result = NearestNeighbours.Query(queries, references, k);

        result.Count.Should().Be(queryRows);
        result.K.Should().Be(Math.Min(k, referenceRows));
        for (int i = 0; i < queryRows; i++)
        {
            AssertExact(queries.Row(i), references, result, i, exclude: -1);
        }
    }

    [Fact]
    public void Query_finds_a_reference_equal_to_the_query_at_distance_zero()
    {
        VectorSet references = Blobs.Uniform(50, 12, seed: 3);
        VectorSet queries = references.Select([7, 42]);

        NeighbourLists result = NearestNeighbours.Query(queries, references, 4);

        result.IndicesOf(0)[0].Should().Be(7);
        result.IndicesOf(1)[0].Should().Be(42);
        result.DistancesOf(0)[0].Should().Be(0f);
        result.DistancesOf(1)[0].Should().Be(0f);
    }

    [Fact]
    public void Rejects_mismatched_dimensions_and_values_that_cannot_be_ranked()
    {
        VectorSet references = Blobs.Uniform(5, 3, seed: 1);
        var bad = new VectorSet([1, float.NaN, 0, 1, 2, 3], 2, 3);
        var huge = new VectorSet([1e20f, 0, 0, 0, 0, 0], 2, 3);

        FluentActions.Invoking(() => NearestNeighbours.Query(Blobs.Uniform(2, 4, seed: 2), references, 1))
            .Should().Throw<ArgumentException>();
        FluentActions.Invoking(() => NearestNeighbours.Query(bad, references, 1)).Should().Throw<ArgumentException>();
        FluentActions.Invoking(() => NearestNeighbours.SelfJoin(bad, 1)).Should().Throw<ArgumentException>();
        FluentActions.Invoking(() => NearestNeighbours.SelfJoin(huge, 1)).Should().Throw<ArgumentException>();
    }

    // The returned row must be a valid k-nearest list: distinct indices, never the excluded row,
    // reported distances equal to the true ones, ascending, and no closer row left out (compared
    // by distance, so float near-ties between equally good rows cannot make the test flaky).
    private static void AssertExact(ReadOnlySpan<float> query, VectorSet references, NeighbourLists result, int row, int exclude)
    {
        double[] truth = new double[references.Rows];
        for (int j = 0; j < references.Rows; j++)
        {
            truth[j] = BruteDistance(query, references.Row(j));
        }

        double[] expected = [.. Enumerable.Range(0, references.Rows).Where(j => j != exclude).Select(j => truth[j]).Order().Take(result.K)];
        int[] indices = result.IndicesOf(row).ToArray();
        float[] distances = result.DistancesOf(row).ToArray();

        indices.Should().OnlyHaveUniqueItems();
        indices.Should().NotContain(exclude);
        distances.Should().BeInAscendingOrder();
        for (int t = 0; t < result.K; t++)
        {
            double tolerance = 1e-5 * Math.Max(1, expected[t]);
            ((double)distances[t]).Should().BeApproximately(truth[indices[t]], tolerance, $"row {row}, neighbour {t}");
            ((double)distances[t]).Should().BeApproximately(expected[t], tolerance, $"row {row}, rank {t}");
        }
    }

    private static double BruteDistance(ReadOnlySpan<float> a, ReadOnlySpan<float> b)
    {
        double sum = 0;
        for (int c = 0; c < a.Length; c++)
        {
            double diff = (double)a[c] - b[c];
            sum += diff * diff;
        }

        return sum;
    }
}
