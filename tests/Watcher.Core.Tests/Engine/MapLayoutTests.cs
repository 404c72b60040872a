using FluentAssertions;
using Watcher.Core.Engine;
using Watcher.Core.Tests.TestData;
using Xunit;

namespace Watcher.Core.Tests.Engine;

public sealed class MapLayoutTests
{
    [Fact]
    public void Separated_clusters_stay_apart_on_the_map()
    {
        var (data, labels, _) = Blobs.Generate(4, 50, 30, 1.0, 0.1, seed: 6);

        var (x, y) = MapLayout.Discriminant(data, labels);

        // Every point is nearer its own cluster's map centre than any other cluster's.
        var centres = Enumerable.Range(0, 4).Select(c =>
            (X: labels.Select((l, i) => (l, i)).Where(p => p.l == c).Average(p => x[p.i]),
             Y: labels.Select((l, i) => (l, i)).Where(p => p.l == c).Average(p => y[p.i]))).ToArray();
        int nearestOwn = Enumerable.Range(0, data.Rows).Count(i =>
            Enumerable.Range(0, 4).MinBy(c => Math.Pow(x[i] - centres[c].X, 2) + Math.Pow(y[i] - centres[c].Y, 2)) == labels[i]);
        nearestOwn.Should().BeGreaterThan((int)(0.95 * data.Rows));
        x.Concat(y).Should().OnlyContain(v => float.IsFinite(v));
    }

    [Fact]
    public void Two_clusters_fall_back_to_the_leading_components()
    {
        var (data, labels, _) = Blobs.Generate(2, 10, 5, 1.0, 0.1, seed: 1);

        var (x, y) = MapLayout.Discriminant(data, labels);

        x[3].Should().Be(data.Row(3)[0]);
        y[3].Should().Be(data.Row(3)[1]);
    }
}
