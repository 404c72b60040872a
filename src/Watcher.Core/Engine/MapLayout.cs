using MathNet.Numerics.LinearAlgebra;
using MathNet.Numerics.LinearAlgebra.Factorization;
using Watcher.Core.Maths;

namespace Watcher.Core.Engine;

// 2-D coordinates for a picture of the clusters. The first two PCA components mix most
// clusters into one cloud (they follow the largest variance, not the cluster structure), so the
// map uses the two directions that best separate the clusters relative to their spread
// (Fisher's linear discriminant). It is a linear view: what overlaps here may still be apart in
// the full space, and what is apart here is apart there.
public static class MapLayout
{
    public static (float[] X, float[] Y) Discriminant(VectorSet projected, int[] labels)
    {
        ArgumentNullException.ThrowIfNull(projected);
        ArgumentNullException.ThrowIfNull(labels);
        int n = projected.Rows, d = projected.Cols;
        int k = labels.Length == 0 ? 0 : labels.Max() + 1;
        if (n == 0 || d < 2 || k < 3)
        {
            return FirstTwo(projected);
        }

        var mean = new double[d];
        var sums = new double[k * d];
        var counts = new int[k];
        for (int i = 0; i < n; i++)
        {
            Span<float> row = projected.Row(i);
            counts[labels[i]]++;
            for (int j = 0; j < d; j++)
            {
                mean[j] += row[j] / n;
                sums[(labels[i] * d) + j] += row[j];
            }
        }

        Matrix<double> within = Matrix<double>.Build.Dense(d, d);
        Matrix<double> between = Matrix<double>.Build.Dense(d, d);
        var centred = Vector<double>.Build.Dense(d);
        for (int i = 0; i < n; i++)
        {
            Span<float> row = projected.Row(i);
            int c = labels[i];
            for (int j = 0; j < d; j++)
            {
                centred[j] = row[j] - (sums[(c * d) + j] / counts[c]);
            }

            within += centred.OuterProduct(centred);
        }

        for (int c = 0; c < k; c++)
        {
            for (int j = 0; j < d; j++)
            {
                centred[j] = counts[c] == 0 ? 0 : (sums[(c * d) + j] / counts[c]) - mean[j];
            }

            between += counts[c] * centred.OuterProduct(centred);
        }

        // A small ridge keeps the within-cluster scatter invertible when a direction has no spread.
        within += Matrix<double>.Build.DenseIdentity(d) * (1e-6 * within.Trace() / d);
        Evd<double> w = within.Evd(Symmetricity.Symmetric);
        Matrix<double> whiten = w.EigenVectors * Matrix<double>.Build.DenseOfDiagonalArray(
            w.EigenValues.Real().Select(v => 1 / Math.Sqrt(Math.Max(v, 1e-12))).ToArray()) * w.EigenVectors.Transpose();
        Evd<double> s = (whiten * between * whiten).Evd(Symmetricity.Symmetric);
        int[] order = Enumerable.Range(0, d).OrderByDescending(i => s.EigenValues[i].Real).ToArray();
        Vector<double> a = whiten * s.EigenVectors.Column(order[0]);
        Vector<double> b = whiten * s.EigenVectors.Column(order[1]);

        var x = new float[n];
        var y = new float[n];
        for (int i = 0; i < n; i++)
        {
            Span<float> row = projected.Row(i);
            double px = 0, py = 0;
            for (int j = 0; j < d; j++)
            {
                px += row[j] * a[j];
                py += row[j] * b[j];
            }

            x[i] = (float)px;
            y[i] = (float)py;
        }

        return (x, y);
    }

    private static (float[] X, float[] Y) FirstTwo(VectorSet projected)
    {
        var x = new float[projected.Rows];
        var y = new float[projected.Rows];
        for (int i = 0; i < projected.Rows; i++)
        {
            x[i] = projected.Row(i)[0];
            y[i] = projected.Cols > 1 ? projected.Row(i)[1] : 0;
        }

        return (x, y);
    }
}
