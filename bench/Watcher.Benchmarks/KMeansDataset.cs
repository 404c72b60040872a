using Watcher.Embedding.Storage;

namespace Watcher.Benchmarks;

// Builds the k-means benchmark set from real embeddings. The shared photos give about 14k real
// vectors; the benchmark wants a fixed, larger n (25,000 by default), so the rest are jittered
// copies of randomly chosen real rows: Gaussian noise of sigma per coordinate (0.02 by default,
// which puts a copy at cosine ~0.9 from its source, about as close as a real nearest neighbour),
// then L2-renormalised. System.Random with a seed is the same sequence on every .NET, so the
// file is identical on every machine that has the same embeddings.
internal static class KMeansDataset
{
    public static int Run(BenchArguments args)
    {
        string output = args.Text("out");
        int rows = args.Int("rows", 25_000);
        double sigma = args.Double("sigma", 0.02);
        int seed = args.Int("seed", 1);
        if (args.Positional.Count == 0)
        {
            throw new ArgumentException("kmeans-data needs at least one input .npy of real embeddings.");
        }

        List<float[]> real = [];
        int cols = 0;
        foreach (string input in args.Positional)
        {
            (float[] data, int n, int d) = NpyReader.Read(input);
            if (cols != 0 && d != cols)
            {
                throw new ArgumentException($"{input} has {d} columns, the others {cols}.");
            }

            cols = d;
            for (int r = 0; r < n; r++)
            {
                real.Add(data.AsSpan(r * d, d).ToArray());
            }
        }

        if (real.Count > rows)
        {
            throw new ArgumentException($"{real.Count} real rows are more than --rows {rows}.");
        }

        var random = new Random(seed);
        var row = new float[cols];
        using var writer = new NpyWriter(output, cols);
        foreach (float[] source in real)
        {
            source.CopyTo(row, 0);
            WriteNormalised(writer, row);
        }

        for (int r = real.Count; r < rows; r++)
        {
            float[] source = real[random.Next(real.Count)];
            for (int c = 0; c < cols; c++)
            {
                row[c] = (float)(source[c] + (sigma * Gaussian(random)));
            }

            WriteNormalised(writer, row);
        }

        writer.Complete();
        Console.Error.WriteLine($"{output}: {rows} x {cols} ({real.Count} real, {rows - real.Count} jittered with sigma {sigma}, seed {seed})");
        return 0;
    }

    // The real rows are already unit length; renormalising them too makes "every row has norm 1"
    // true by construction instead of by trust in the inputs.
    private static void WriteNormalised(NpyWriter writer, float[] row)
    {
        double squares = 0;
        foreach (float v in row)
        {
            squares += v * (double)v;
        }

        float inverse = squares > 0 ? (float)(1 / Math.Sqrt(squares)) : 0f;
        for (int c = 0; c < row.Length; c++)
        {
            row[c] *= inverse;
        }

        writer.WriteRow(row);
    }

    // Box-Muller; one of the pair is dropped, which keeps the sequence simple to reproduce.
    private static double Gaussian(Random random)
    {
        double u1 = 1.0 - random.NextDouble();
        double u2 = random.NextDouble();
        return Math.Sqrt(-2.0 * Math.Log(u1)) * Math.Cos(2.0 * Math.PI * u2);
    }
}
