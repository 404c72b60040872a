using System.Numerics.Tensors;
using MathNet.Numerics.LinearAlgebra;
using MathNet.Numerics.LinearAlgebra.Factorization;

namespace Watcher.Core.Maths;

// A fitted PCA is nothing but plain arrays (mean, k×d components, per-component variance and
// the total variance), so it can be stored and rebuilt exactly with the public constructor.
public sealed class Pca
{
    private const int RowBlock = 128;

    private readonly float[] _mean;
    private readonly float[] _components;
    private readonly float[] _componentsByDimension;
    private readonly double[] _explainedVariance;

    public Pca(float[] mean, float[] components, double[] explainedVariance, double totalVariance)
    {
        ArgumentNullException.ThrowIfNull(mean);
        ArgumentNullException.ThrowIfNull(components);
        ArgumentNullException.ThrowIfNull(explainedVariance);
        if (mean.Length == 0 || explainedVariance.Length == 0)
        {
            throw new ArgumentException("A PCA needs at least one dimension and one component.");
        }

        if (explainedVariance.Length > mean.Length || (long)explainedVariance.Length * mean.Length != components.Length)
        {
            throw new ArgumentException(
                $"Expected {explainedVariance.Length}x{mean.Length} component values, got {components.Length}.", nameof(components));
        }

        ArgumentOutOfRangeException.ThrowIfNegative(totalVariance);

        // Copied so a caller reusing its buffers cannot desynchronise the cached transpose below.
        _mean = (float[])mean.Clone();
        _components = (float[])components.Clone();
        _explainedVariance = (double[])explainedVariance.Clone();
        TotalVariance = totalVariance;

        // The d×k transpose turns reconstruction (Y·C) into the same row-by-row dot products as
        // projection, so both run on the fast kernel.
        int k = explainedVariance.Length, d = mean.Length;
        _componentsByDimension = new float[d * k];
        for (int c = 0; c < k; c++)
        {
            for (int j = 0; j < d; j++)
            {
                _componentsByDimension[(j * k) + c] = components[(c * d) + j];
            }
        }
    }

    public int Dimension => _mean.Length;

    public int ComponentCount => _explainedVariance.Length;

    // Variance of the data over all d directions (trace of the covariance), kept so ratios stay
    // meaningful after the discarded components are gone.
    public double TotalVariance { get; }

    public ReadOnlySpan<float> Mean => _mean;

    // Row-major k×d, unit-length rows, strongest component first.
    public ReadOnlySpan<float> Components => _components;

    // Sample variance (n-1 denominator) along each component, as scikit-learn reports it.
    public ReadOnlySpan<double> ExplainedVariance => _explainedVariance;

    public double[] ExplainedVarianceRatio() =>
        Array.ConvertAll(_explainedVariance, v => TotalVariance > 0 ? v / TotalVariance : 0.0);

    public static Pca Fit(VectorSet data, int components, int maxDegreeOfParallelism = 0)
    {
        ArgumentNullException.ThrowIfNull(data);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(components);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(components, data.Cols);
        if (data.Rows < 2)
        {
            throw new ArgumentException("PCA needs at least two vectors.", nameof(data));
        }

        int d = data.Cols;
        ParallelOptions parallel = DenseOps.Parallelism(maxDegreeOfParallelism);
        double[] mean = DenseOps.ColumnMeans(data, parallel);
        double[] cov = Covariance.Compute(data, mean, parallel);

        double total = 0;
        for (int i = 0; i < d; i++)
        {
            total += cov[(i * d) + i];
        }

        Evd<double> evd = Matrix<double>.Build.DenseOfRowMajor(d, d, cov).Evd(Symmetricity.Symmetric);
        double[] values = evd.EigenValues.Real().ToArray();
        Matrix<double> vectors = evd.EigenVectors;
        int[] order = Enumerable.Range(0, d).OrderByDescending(i => values[i]).ThenBy(i => i).ToArray();

        var componentData = new float[components * d];
        var variance = new double[components];
        for (int c = 0; c < components; c++)
        {
            int source = order[c];
            // Eigenvalues of a covariance are non-negative; tiny negatives are rounding.
            variance[c] = Math.Max(0.0, values[source]);
            double[] column = vectors.Column(source).ToArray();

            // Eigenvectors are only defined up to sign; fixing the largest entry positive (as
            // scikit-learn does) makes fits reproducible across library versions.
            int largest = 0;
            for (int j = 1; j < d; j++)
            {
                if (Math.Abs(column[j]) > Math.Abs(column[largest]))
                {
                    largest = j;
                }
            }

            double sign = column[largest] < 0 ? -1.0 : 1.0;
            for (int j = 0; j < d; j++)
            {
                componentData[(c * d) + j] = (float)(sign * column[j]);
            }
        }

        return new Pca(Array.ConvertAll(mean, v => (float)v), componentData, variance, total);
    }

    public void Transform(ReadOnlySpan<float> vector, Span<float> destination)
    {
        CheckLength(vector.Length, Dimension, nameof(vector));
        CheckLength(destination.Length, ComponentCount, nameof(destination));
        float[] centred = new float[Dimension];
        TensorPrimitives.Subtract(vector, _mean, centred);
        DotKernel.MultiplyTransposed(centred, 1, _components, ComponentCount, Dimension, destination, ComponentCount);
    }

    public VectorSet Transform(VectorSet data, int maxDegreeOfParallelism = 0)
    {
        ArgumentNullException.ThrowIfNull(data);
        CheckLength(data.Cols, Dimension, nameof(data));
        var projected = new VectorSet(data.Rows, ComponentCount);
        ForEachBlock(data, maxDegreeOfParallelism, (r0, rows, centred) =>
            DotKernel.MultiplyTransposed(
                centred, rows, _components, ComponentCount, Dimension,
                projected.Data.AsSpan(r0 * ComponentCount, rows * ComponentCount), ComponentCount));
        return projected;
    }

    public void InverseTransform(ReadOnlySpan<float> projected, Span<float> destination)
    {
        CheckLength(projected.Length, ComponentCount, nameof(projected));
        CheckLength(destination.Length, Dimension, nameof(destination));
        Reconstruct(projected, 1, destination);
        TensorPrimitives.Add(destination, _mean, destination);
    }

    public VectorSet InverseTransform(VectorSet projected, int maxDegreeOfParallelism = 0)
    {
        ArgumentNullException.ThrowIfNull(projected);
        CheckLength(projected.Cols, ComponentCount, nameof(projected));
        int n = projected.Rows, k = ComponentCount, d = Dimension;
        var restored = new VectorSet(n, d);
        int blocks = (n + RowBlock - 1) / RowBlock;
        Parallel.For(0, blocks, DenseOps.Parallelism(maxDegreeOfParallelism), b =>
        {
            int r0 = b * RowBlock;
            int rows = Math.Min(RowBlock, n - r0);
            Span<float> target = restored.Data.AsSpan(r0 * d, rows * d);
            Reconstruct(projected.Data.AsSpan(r0 * k, rows * k), rows, target);
            for (int i = 0; i < rows; i++)
            {
                Span<float> row = target.Slice(i * d, d);
                TensorPrimitives.Add(row, _mean, row);
            }
        });
        return restored;
    }

    // Squared norm of the part of the vector that the kept components cannot express. It is
    // computed from the explicit remainder rather than ||x-μ||² - ||y||², which cancels badly
    // exactly when the residual is small (the in-distribution case we care about).
    public double Residual(ReadOnlySpan<float> vector)
    {
        CheckLength(vector.Length, Dimension, nameof(vector));
        float[] centred = new float[Dimension];
        TensorPrimitives.Subtract(vector, _mean, centred);
        var residual = new double[1];
        Residuals(centred, 1, residual);
        return residual[0];
    }

    public double[] Residuals(VectorSet data, int maxDegreeOfParallelism = 0)
    {
        ArgumentNullException.ThrowIfNull(data);
        CheckLength(data.Cols, Dimension, nameof(data));
        var residuals = new double[data.Rows];
        ForEachBlock(data, maxDegreeOfParallelism, (r0, rows, centred) => Residuals(centred, rows, residuals.AsSpan(r0, rows)));
        return residuals;
    }

    // Projects and reconstructs the centred rows, then measures what was lost row by row.
    private void Residuals(float[] centred, int rows, Span<double> destination)
    {
        int k = ComponentCount, d = Dimension;
        var projected = new float[rows * k];
        var reconstructed = new float[rows * d];
        DotKernel.MultiplyTransposed(centred, rows, _components, k, d, projected, k);
        Reconstruct(projected, rows, reconstructed);
        for (int i = 0; i < rows; i++)
        {
            destination[i] = DenseOps.SquaredDistance(centred.AsSpan(i * d, d), reconstructed.AsSpan(i * d, d));
        }
    }

    // destination (rows×d) = projected (rows×k) · components (k×d), without the mean.
    private void Reconstruct(ReadOnlySpan<float> projected, int rows, Span<float> destination) =>
        DotKernel.MultiplyTransposed(projected, rows, _componentsByDimension, Dimension, ComponentCount, destination, Dimension);

    // Hands each block of rows, already centred, to the action; blocks run in parallel.
    private void ForEachBlock(VectorSet data, int maxDegreeOfParallelism, Action<int, int, float[]> action)
    {
        int n = data.Rows, d = Dimension;
        int blocks = (n + RowBlock - 1) / RowBlock;
        Parallel.For(0, blocks, DenseOps.Parallelism(maxDegreeOfParallelism), () => new float[RowBlock * d], (b, _, centred) =>
        {
            int r0 = b * RowBlock;
            int rows = Math.Min(RowBlock, n - r0);
            for (int i = 0; i < rows; i++)
            {
                TensorPrimitives.Subtract(data.Row(r0 + i), _mean, centred.AsSpan(i * d, d));
            }

            action(r0, rows, centred);
            return centred;
        }, _ => { });
    }

    private static void CheckLength(int actual, int expected, string name)
    {
        if (actual != expected)
        {
            throw new ArgumentException($"Expected length {expected}, got {actual}.", name);
        }
    }
}
