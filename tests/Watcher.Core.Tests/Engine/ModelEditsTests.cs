using FluentAssertions;
using Watcher.Core.Engine;
using Watcher.Core.Maths;
using Watcher.Core.Tests.TestData;
using Xunit;

namespace Watcher.Core.Tests.Engine;

public sealed class ModelEditsTests
{
    // Seven blobs: the model is fitted on the first five; blobs 5 and 6 are kinds it never saw.
    private static readonly Lazy<(ClusterModel Model, VectorSet Data, int[] Labels)> Built = new(() =>
    {
        var (data, labels, _) = Blobs.Generate(7, 60, 32, 1.0, 0.12, seed: 21);
        int[] known = Enumerable.Range(0, data.Rows).Where(i => labels[i] < 5).ToArray();
        var fit = new ClusterEngine(new EngineOptions()).Fit(data.Select(known), known.Select(i => $"{i}").ToArray(), "enc");
        return (fit.Model, data, labels);
    });

    private static VectorSet Of(int blob, bool firstHalf)
    {
        var (_, data, labels) = Built.Value;
        int[] rows = Enumerable.Range(0, data.Rows).Where(i => labels[i] == blob).ToArray();
        return data.Select(firstHalf ? rows[..(rows.Length / 2)] : rows[(rows.Length / 2)..]);
    }

    [Fact]
    public void A_named_group_becomes_a_cluster_that_files_more_images_like_it()
    {
        ClusterModel model = Built.Value.Model;

        var (edited, id) = ModelEdits.AddCluster(model, Of(5, firstHalf: true), ["a", "b"], "new kind");

        id.Should().Be(model.Clusters.Count);
        edited.Clusters.Should().HaveCount(model.Clusters.Count + 1);
        edited.Clusters[id].Name.Should().Be("new kind");
        edited.Clusters[id].ReviewSamples.Should().Equal("a", "b");
        edited.Centroids.Rows.Should().Be(model.Centroids.Rows + 1);
        edited.Novelty.ThresholdFor(id).Should().Be(model.Novelty.Threshold, "a new cluster uses the global threshold until re-clustered");
        edited.Classify(Of(5, firstHalf: false)).Count(p => p.Cluster == id).Should().Be(30, "the rest of that kind now files under it");
        model.Classify(Of(5, firstHalf: false)).Should().NotContain(p => p.Cluster == id, "the original model is left as it was");
        edited.Classify(Of(0, firstHalf: false)).Select(p => p.Cluster).Should().Equal(model.Classify(Of(0, firstHalf: false)).Select(p => p.Cluster),
            "images of the old kinds file as before");
    }

    [Fact]
    public void Hand_filed_images_become_examples_of_their_cluster()
    {
        ClusterModel model = Built.Value.Model;
        int target = model.Classify(Of(1, firstHalf: true))[0].Cluster;

        ClusterModel edited = ModelEdits.AddExamples(model, Of(6, firstHalf: true), target);

        edited.References.Rows.Should().Be(model.References.Rows + 30);
        edited.ReferenceClusters.Skip(model.References.Rows).Should().OnlyContain(c => c == target);
        edited.Classify(Of(6, firstHalf: false)).Should().OnlyContain(p => p.Cluster == target, "the vote now finds the examples");
    }

    [Fact]
    public void A_split_cluster_is_replaced_by_its_parts()
    {
        VectorSet both = Concat(Of(5, firstHalf: true), Of(6, firstHalf: true));
        var (mixed, id) = ModelEdits.AddCluster(Built.Value.Model, both, [], "mixed");
        int[] parts = [.. Enumerable.Repeat(0, 30), .. Enumerable.Repeat(1, 30)];

        var (split, ids) = ModelEdits.Split(mixed, id, both, parts, [["p0"], ["p1"]]);

        ids.Should().Equal(id, mixed.Clusters.Count);
        split.Clusters[id].Name.Should().Be("mixed", "part 0 keeps the name");
        split.Clusters[ids[1]].Name.Should().BeNull("the other parts wait for names");
        split.Clusters[ids[1]].Size.Should().Be(30);
        split.Classify(Of(5, firstHalf: false)).Should().OnlyContain(p => p.Cluster == id);
        split.Classify(Of(6, firstHalf: false)).Should().OnlyContain(p => p.Cluster == ids[1]);
    }

    [Fact]
    public void An_edited_model_survives_saving_and_loading()
    {
        var (edited, _) = ModelEdits.AddCluster(Built.Value.Model, Of(5, firstHalf: true), ["x"], null);
        using var stream = new MemoryStream();

        ModelFile.Write(edited, stream);
        ClusterModel loaded = ModelFile.Read(new MemoryStream(stream.ToArray()));

        loaded.Classify(Built.Value.Data).Should().Equal(edited.Classify(Built.Value.Data));
    }

    [Fact]
    public void Bad_edits_are_refused()
    {
        ClusterModel model = Built.Value.Model;

        FluentActions.Invoking(() => ModelEdits.AddCluster(model, new VectorSet(0, 32), [], null)).Should().Throw<ArgumentException>();
        FluentActions.Invoking(() => ModelEdits.AddExamples(model, Of(5, true), model.Clusters.Count)).Should().Throw<ArgumentOutOfRangeException>();
        FluentActions.Invoking(() => ModelEdits.Split(model, 0, Of(5, true), new int[30], [[]])).Should().Throw<ArgumentException>("one part is no split");
    }

    private static VectorSet Concat(VectorSet a, VectorSet b)
    {
        var data = new float[(a.Rows + b.Rows) * a.Cols];
        a.Data.AsSpan(0, a.Rows * a.Cols).CopyTo(data);
        b.Data.AsSpan(0, b.Rows * b.Cols).CopyTo(data.AsSpan(a.Rows * a.Cols));
        return new VectorSet(data, a.Rows + b.Rows, a.Cols);
    }
}
