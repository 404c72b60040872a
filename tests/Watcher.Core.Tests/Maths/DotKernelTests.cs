using Watcher.Core.Maths;
using Watcher.Core.Tests.TestData;

namespace Watcher.Core.Tests.Maths;

public class DotKernelTests
{
    // Sizes straddle the 4×4 tile and the SIMD width so every tail path runs.
    [Theory]
    [InlineData(1, 1, 1)]
    [InlineData(1, 5, 3)]
    [InlineData(4, 4, 8)]
    [InlineData(5, 7, 13)]
    [InlineData(9, 3, 17)]
    [InlineData(13, 6, 64)]
    [InlineData(8, 12, 576)]
    public void MatchesNaiveDotProducts(int aRows, int bRows, int length)
    {
        VectorSet a = Blobs.Uniform(aRows, length, seed: 1);
        VectorSet b = Blobs.Uniform(bRows, length, seed: 2);
        int stride = bRows + 3;
        var dest = new float[aRows * stride];

        DotKernel.MultiplyTransposed(a.Data, aRows, b.Data, bRows, length, dest, stride);

        for (int i = 0; i < aRows; i++)
        {
            for (int j = 0; j < bRows; j++)
            {
                double expected = 0;
                for (int k = 0; k < length; k++)
                {
                    expected += (double)a.Data[i * length + k] * b.Data[j * length + k];
                }

                dest[i * stride + j].Should().BeApproximately((float)expected, 1e-4f, $"entry ({i}, {j})");
            }
        }
    }

    [Fact]
    public void LeavesPaddingColumnsOfTheDestinationAlone()
    {
        var a = new float[] { 1, 2, 3, 4 };
        var dest = new float[] { -1, -1, -1, -1 };

        DotKernel.MultiplyTransposed(a, 2, a, 1, 2, dest, 2);

        dest.Should().Equal(5f, -1f, 11f, -1f);
    }
}
