namespace Watcher.Core.Evaluation;

// One image as the effort simulation sees it: its true class, the cluster whose folder it sits in
// (ignored while Queued), and whether it waits in the unknown review queue instead.
public readonly record struct EffortImage(string Truth, int Cluster, bool Queued);

// What the simulated person works on for one method: every image eval handles, and per cluster
// the name the person gives it and how many review samples it takes to give it.
public sealed record EffortSetup(IReadOnlyList<EffortImage> Images, IReadOnlyList<string> ClusterNames, IReadOnlyList<int> NamingCost);

// After Reviewed images looked at by a person, this share of all images sits under its true name.
public readonly record struct EffortPoint(int Reviewed, double Correct);

public sealed class EffortResult
{
    public required int Budget { get; init; }

    public required int Population { get; init; }

    // (0, 0) first, then one point per step taken within the budget.
    public required IReadOnlyList<EffortPoint> Points { get; init; }

    public required int ClustersNamed { get; init; }

    public required int NamingImages { get; init; }

    public required int QueueLength { get; init; }

    public required int QueueReviewed { get; init; }

    // Where the curve ends once every cluster is named and the whole queue reviewed, and what
    // that costs: the ceiling a larger budget could reach.
    public required double CompleteShare { get; init; }

    public required int CompleteCost { get; init; }

    // The curve is a step function: the share reached by the last step that fitted in `reviewed`.
    public double ShareAt(int reviewed)
    {
        double share = 0;
        foreach (EffortPoint point in Points)
        {
            if (point.Reviewed > reviewed)
            {
                break;
            }

            share = point.Correct;
        }

        return share;
    }
}

// The effort curve (issue 5): how much of the collection is filed under its true name against how
// many images a person has looked at. The simulated person names clusters largest first (naming
// costs the cluster's review samples, and files the cluster's images under that name), then works
// through the unknown queue, filing each image under its true class. The daemon lists the queue
// most novel first, but every queue review files exactly one image, so the order the person takes
// it in cannot change the curve and is not modelled.
// Images keep the cluster the finished model puts them in; the person only changes what its folder
// is called, which is what `watcher label` does to a running daemon.
public static class EffortCurve
{
    private static readonly int[] RoundBudgets = [50, 100, 200, 500, 1000];

    public static EffortResult Simulate(EffortSetup setup, int budget)
    {
        ArgumentNullException.ThrowIfNull(setup);
        ArgumentOutOfRangeException.ThrowIfNegative(budget);
        IReadOnlyList<EffortImage> images = setup.Images;
        int k = setup.ClusterNames.Count;
        if (setup.NamingCost.Count != k)
        {
            throw new ArgumentException($"{k} cluster names but {setup.NamingCost.Count} naming costs.", nameof(setup));
        }

        if (setup.NamingCost.Any(c => c < 0))
        {
            throw new ArgumentException("A naming cost is negative.", nameof(setup));
        }

        // Per cluster: images sitting in its folder, and how many of them carry its name as truth.
        var size = new int[k];
        var right = new int[k];
        int queue = 0;
        for (int i = 0; i < images.Count; i++)
        {
            EffortImage image = images[i];
            if (image.Queued)
            {
                queue++;
                continue;
            }

            if (image.Cluster < 0 || image.Cluster >= k)
            {
                throw new ArgumentException($"Image {i} sits in cluster {image.Cluster}; there are {k}.", nameof(setup));
            }

            size[image.Cluster]++;
            if (string.Equals(image.Truth, setup.ClusterNames[image.Cluster], StringComparison.Ordinal))
            {
                right[image.Cluster]++;
            }
        }

        // The person sees the biggest folders first; equal sizes in id order so the curve is reproducible.
        int[] naming = Enumerable.Range(0, k).OrderByDescending(c => size[c]).ThenBy(c => c).ToArray();

        var steps = new List<(int Cost, int Gained, bool IsNaming)>(k + queue);
        steps.AddRange(naming.Select(c => (setup.NamingCost[c], right[c], true)));
        steps.AddRange(Enumerable.Repeat((1, 1, false), queue));

        int population = images.Count;
        double Share(int correct) => population == 0 ? 0 : correct / (double)population;
        var points = new List<EffortPoint> { new(0, 0) };
        int reviewed = 0, correctNow = 0, named = 0, namingImages = 0, queueReviewed = 0;
        bool stopped = false;
        int total = 0, totalCorrect = 0;
        foreach ((int cost, int gained, bool isNaming) in steps)
        {
            total += cost;
            totalCorrect += gained;

            // Steps are done in order: once one does not fit, the person has stopped.
            stopped |= reviewed + cost > budget;
            if (stopped)
            {
                continue;
            }

            reviewed += cost;
            correctNow += gained;
            named += isNaming ? 1 : 0;
            namingImages += isNaming ? cost : 0;
            queueReviewed += isNaming ? 0 : 1;
            points.Add(new EffortPoint(reviewed, Share(correctNow)));
        }

        return new EffortResult
        {
            Budget = budget,
            Population = population,
            Points = points,
            ClustersNamed = named,
            NamingImages = namingImages,
            QueueLength = queue,
            QueueReviewed = queueReviewed,
            CompleteShare = Share(totalCorrect),
            CompleteCost = total,
        };
    }

    // Round budgets below the chosen one, then the budget itself: the few numbers a table reports.
    public static IReadOnlyList<int> Checkpoints(int budget) =>
        [.. RoundBudgets.Where(b => b < budget), .. budget > 0 ? new[] { budget } : []];
}
