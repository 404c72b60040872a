using Watcher.Core.Maths;
using Watcher.Core.Tests.TestData;

namespace Watcher.Core.Tests.Maths;

public class PcaTests
{
    // N equally spaced points on an ellipse with semi-axes a, b, rotated by phi and shifted.
    // Σcos²θ = Σsin²θ = N/2 and Σcosθ·sinθ = 0, so with the n-1 denominator the variances
    // along the axes are exactly a²N/(2(N-1)) and b²N/(2(N-1)).
    private static VectorSet Ellipse(int count, double a, double b, double phi)
    {
        var set = new VectorSet(count, 2);
        for (int i = 0; i < count; i++)
        {
            double t = 2 * Math.PI * i / count;
            double u = a * Math.Cos(t), v = b * Math.Sin(t);
            set.Data[2 * i] = (float)(5 + u * Math.Cos(phi) - v * Math.Sin(phi));
            set.Data[2 * i + 1] = (float)(-3 + u * Math.Sin(phi) + v * Math.Cos(phi));
        }

        return set;
    }

    [Fact]
    public void EllipseGivesItsAxesAndTheirVariances()
    {
        const int n = 360;
        double phi = Math.PI / 6;

        Pca pca = Pca.Fit(Ellipse(n, 3, 1, phi), 2);

        double scale = n / (2.0 * (n - 1));
        pca.ExplainedVariance[0].Should().BeApproximately(9 * scale, 1e-4);
        pca.ExplainedVariance[1].Should().BeApproximately(1 * scale, 1e-4);
        pca.ExplainedVarianceRatio()[0].Should().BeApproximately(0.9, 1e-6);
        pca.ExplainedVarianceRatio()[1].Should().BeApproximately(0.1, 1e-6);
        pca.Mean[0].Should().BeApproximately(5f, 1e-4f);
        pca.Mean[1].Should().BeApproximately(-3f, 1e-4f);

        // Sign rule: the largest entry of each component is positive.
        pca.Components[0].Should().BeApproximately((float)Math.Cos(phi), 1e-4f);
        pca.Components[1].Should().BeApproximately((float)Math.Sin(phi), 1e-4f);
        Math.Abs(pca.Components[2]).Should().BeApproximately((float)Math.Sin(phi), 1e-4f);
        Math.Abs(pca.Components[3]).Should().BeApproximately((float)Math.Cos(phi), 1e-4f);
    }

    [Fact]
    public void PointsOnALineHaveOneComponentAndZeroResidual()
    {
        // x = (1,1,1) + t(1,2,2)/3 for t = 0..9: sample variance of t is 55/6, the rest is zero.
        var data = new VectorSet(10, 3);
        for (int t = 0; t < 10; t++)
        {
            data.Row(t)[0] = 1 + t / 3f;
            data.Row(t)[1] = 1 + 2 * t / 3f;
            data.Row(t)[2] = 1 + 2 * t / 3f;
        }

        Pca pca = Pca.Fit(data, 1);

        pca.ExplainedVariance[0].Should().BeApproximately(55.0 / 6, 1e-4);
        pca.ExplainedVarianceRatio()[0].Should().BeApproximately(1, 1e-6);
        pca.Components.ToArray().Should().Equal(new[] { 1 / 3f, 2 / 3f, 2 / 3f }, (x, y) => Math.Abs(x - y) < 1e-5f);
        pca.Residuals(data).Should().OnlyContain(r => r < 1e-8);

        // (2,-1,0) is orthogonal to the line, so (1,1,1) + (2,-1,0) sits at squared distance 5.
        pca.Residual([3f, 0f, 1f]).Should().BeApproximately(5, 1e-5);
    }

    [Theory]
    [InlineData(50, 5)]
    [InlineData(300, 37)]
    public void AllComponentsReconstructExactlyAndRatiosSumToOne(int n, int d)
    {
        VectorSet data = Blobs.Uniform(n, d, seed: d, scale: 3);

        Pca pca = Pca.Fit(data, d);
        VectorSet restored = pca.InverseTransform(pca.Transform(data));

        pca.ExplainedVarianceRatio().Sum().Should().BeApproximately(1, 1e-9);
        for (int i = 0; i < data.Data.Length; i++)
        {
            restored.Data[i].Should().BeApproximately(data.Data[i], 1e-4f);
        }

        pca.Residuals(data).Should().OnlyContain(r => r < 1e-6);
    }

    [Fact]
    public void ComponentsAreOrthonormalAndSortedByVariance()
    {
        VectorSet data = Blobs.Generate(4, 50, 20, spread: 5, noise: 1, seed: 3).Data;

        Pca pca = Pca.Fit(data, 20);

        for (int i = 0; i < 20; i++)
        {
            for (int j = 0; j < 20; j++)
            {
                double dot = 0;
                for (int c = 0; c < 20; c++)
                {
                    dot += pca.Components[i * 20 + c] * pca.Components[j * 20 + c];
                }

                dot.Should().BeApproximately(i == j ? 1 : 0, 1e-5);
            }
        }

        pca.ExplainedVariance.ToArray().Should().BeInDescendingOrder();
    }

    [Fact]
    public void ResidualIsTheSquaredDistanceToTheReconstruction()
    {
        VectorSet data = Blobs.Generate(3, 40, 12, spread: 4, noise: 1, seed: 5).Data;
        Pca pca = Pca.Fit(data, 4);

        double[] residuals = pca.Residuals(data);
        VectorSet restored = pca.InverseTransform(pca.Transform(data));

        for (int r = 0; r < data.Rows; r++)
        {
            double expected = 0;
            for (int c = 0; c < data.Cols; c++)
            {
                double diff = data.Row(r)[c] - restored.Row(r)[c];
                expected += diff * diff;
            }

            residuals[r].Should().BeApproximately(expected, 1e-3 + 1e-4 * expected);
            pca.Residual(data.Row(r)).Should().BeApproximately(residuals[r], 1e-6 + 1e-6 * expected);
        }

        residuals.Should().Contain(r => r > 1, "with 4 of 12 components kept something must be discarded");
    }

    [Fact]
    public void ModelRebuiltFromItsArraysTransformsIdentically()
    {
        VectorSet data = Blobs.Uniform(80, 9, seed: 8);
        Pca fitted = Pca.Fit(data, 3);

        var rebuilt = new Pca(fitted.Mean.ToArray(), fitted.Components.ToArray(), fitted.ExplainedVariance.ToArray(), fitted.TotalVariance);

        rebuilt.Transform(data).Data.Should().Equal(fitted.Transform(data).Data);
        rebuilt.ExplainedVarianceRatio().Should().Equal(fitted.ExplainedVarianceRatio());
        var single = new float[3];
        rebuilt.Transform(data.Row(7), single);
        single.Should().Equal(fitted.Transform(data).Row(7).ToArray());
    }

    [Fact]
    public void ConstructorRejectsMismatchedArrays()
    {
        Action act = () => _ = new Pca(new float[4], new float[7], new double[2], 1);
        act.Should().Throw<ArgumentException>();
    }

    [Fact]
    public void CovarianceMatchesANaiveDoubleComputation()
    {
        // 600 rows and 70 columns exercise the short final row block and the short final panel.
        VectorSet data = Blobs.Generate(3, 200, 70, spread: 2, noise: 1, seed: 9).Data;
        var parallel = new ParallelOptions();
        double[] mean = new double[70];
        for (int r = 0; r < data.Rows; r++)
        {
            for (int c = 0; c < 70; c++)
            {
                mean[c] += data.Row(r)[c] / (double)data.Rows;
            }
        }

        double[] cov = Covariance.Compute(data, mean, parallel);

        for (int i = 0; i < 70; i += 3)
        {
            for (int j = 0; j < 70; j += 5)
            {
                double expected = 0;
                for (int r = 0; r < data.Rows; r++)
                {
                    expected += (data.Row(r)[i] - mean[i]) * (data.Row(r)[j] - mean[j]);
                }

                cov[i * 70 + j].Should().BeApproximately(expected / (data.Rows - 1), 1e-4, $"entry ({i}, {j})");
            }
        }
    }
}
