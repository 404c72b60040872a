namespace Watcher.Core.Metrics;

// Kuhn-Munkres with row/column potentials, O(n²m) for n ≤ m. Rectangular problems are solved
// on the orientation with fewer rows, so every row (or every column) gets exactly one partner.
public static class Hungarian
{
    // Minimum-cost assignment: result[row] is the chosen column, or -1 when there are more rows
    // than columns and the row is left out.
    public static int[] Solve(double[][] cost)
    {
        ArgumentNullException.ThrowIfNull(cost);
        int rows = cost.Length;
        int cols = rows == 0 ? 0 : cost[0].Length;
        foreach (double[] row in cost)
        {
            ArgumentNullException.ThrowIfNull(row, nameof(cost));
            if (row.Length != cols)
            {
                throw new ArgumentException("Cost matrix rows must all have the same length.", nameof(cost));
            }

            foreach (double v in row)
            {
                if (!double.IsFinite(v))
                {
                    throw new ArgumentException("Costs must be finite.", nameof(cost));
                }
            }
        }

        var result = new int[rows];
        Array.Fill(result, -1);
        if (rows == 0 || cols == 0)
        {
            return result;
        }

        bool transposed = rows > cols;
        int n = Math.Min(rows, cols), m = Math.Max(rows, cols);
        int[] match = SolveWide(n, m, transposed ? (i, j) => cost[j][i] : (i, j) => cost[i][j]);
        for (int j = 0; j < m; j++)
        {
            if (match[j] < 0)
            {
                continue;
            }

            if (transposed)
            {
                result[j] = match[j];
            }
            else
            {
                result[match[j]] = j;
            }
        }

        return result;
    }

    public static double TotalCost(double[][] cost, int[] assignment)
    {
        ArgumentNullException.ThrowIfNull(cost);
        ArgumentNullException.ThrowIfNull(assignment);
        double total = 0;
        for (int i = 0; i < assignment.Length; i++)
        {
            if (assignment[i] >= 0)
            {
                total += cost[i][assignment[i]];
            }
        }

        return total;
    }

    // n rows, m ≥ n columns; returns for each column its row, or -1.
    private static int[] SolveWide(int n, int m, Func<int, int, double> cost)
    {
        // 1-based with index 0 as the virtual start column of each augmenting path.
        var u = new double[n + 1];
        var v = new double[m + 1];
        var owner = new int[m + 1];
        var way = new int[m + 1];
        var minSlack = new double[m + 1];
        var used = new bool[m + 1];

        for (int i = 1; i <= n; i++)
        {
            owner[0] = i;
            int j0 = 0;
            Array.Fill(minSlack, double.PositiveInfinity);
            Array.Clear(used);
            do
            {
                used[j0] = true;
                int i0 = owner[j0];
                double delta = double.PositiveInfinity;
                int j1 = 0;
                for (int j = 1; j <= m; j++)
                {
                    if (used[j])
                    {
                        continue;
                    }

                    double slack = cost(i0 - 1, j - 1) - u[i0] - v[j];
                    if (slack < minSlack[j])
                    {
                        minSlack[j] = slack;
                        way[j] = j0;
                    }

                    if (minSlack[j] < delta)
                    {
                        delta = minSlack[j];
                        j1 = j;
                    }
                }

                for (int j = 0; j <= m; j++)
                {
                    if (used[j])
                    {
                        u[owner[j]] += delta;
                        v[j] -= delta;
                    }
                    else
                    {
                        minSlack[j] -= delta;
                    }
                }

                j0 = j1;
            }
            while (owner[j0] != 0);

            // Flip the augmenting path back to the start.
            do
            {
                int j1 = way[j0];
                owner[j0] = owner[j1];
                j0 = j1;
            }
            while (j0 != 0);
        }

        var match = new int[m];
        for (int j = 1; j <= m; j++)
        {
            match[j - 1] = owner[j] - 1;
        }

        return match;
    }
}
