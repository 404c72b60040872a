using Watcher.Core.Engine;
using Watcher.Core.Maths;

namespace Watcher.Catalog.Tests;

public sealed class ModelStoreTests : IDisposable
{
    private readonly TempFolder _temp = new();

    public void Dispose() => _temp.Dispose();

    /// <summary>
    /// The smallest valid model, built from plain arrays: 4-d embeddings projected to 2-d, three
    /// clusters (one unnamed), one reference per cluster. The store only moves bytes, so the
    /// numbers need not come from a real fit.
    /// </summary>
    private static ClusterModel Model(string encoderId = "enc-a", int revision = 1, string? firstName = "cats")
    {
        var pca = new Pca(
            mean: [0.1f, 0.2f, 0.3f, 0.4f],
            components: [1, 0, 0, 0, 0, 1, 0, 0],
            explainedVariance: [2.0, 1.0],
            totalVariance: 3.5);
        var points = new VectorSet([0, 0, 5, 0, 0, 5], 3, 2);
        ModelCluster[] clusters = [new(0, 10, ["a/1.jpg", "a/2.jpg"], firstName), new(1, 7, ["b/1.jpg"]), new(2, 4, [], "dogs")];
        var novelty = new NoveltyCalibration(0.1, 1.2, -0.3, 0.9, 2.5, 0.05, [1.5, double.NaN, 2.0]);
        return new ClusterModel(encoderId, 4, pca, points, [0, 1, 2], points, clusters, novelty, 3, new DateTimeOffset(2024, 3, 1, 0, 0, 0, TimeSpan.Zero), revision);
    }

    [Fact]
    public void An_empty_store_has_version_zero()
    {
        new ModelStore(_temp.Path).LatestVersion().Should().Be(0, "the models folder does not exist yet");

        Directory.CreateDirectory(_temp.File("models"));
        new ModelStore(_temp.Path).LatestVersion().Should().Be(0, "the folder exists but holds no model");
    }

    [Fact]
    public void Saves_are_numbered_one_two_three()
    {
        var store = new ModelStore(_temp.Path);

        store.Save(Model(revision: 1)).Should().Be(1);
        store.Save(Model(revision: 2)).Should().Be(2);
        store.Save(Model(revision: 3)).Should().Be(3);

        store.LatestVersion().Should().Be(3);
        File.Exists(store.PathOf(1)).Should().BeTrue("old versions are kept");
        Directory.GetFiles(_temp.File("models"), "*.tmp").Should().BeEmpty();
    }

    [Fact]
    public void Load_returns_what_was_saved()
    {
        var store = new ModelStore(_temp.Path);
        ClusterModel saved = Model("enc-b", revision: 7, firstName: "cats & <dogs> \"ünïcode\"");
        int version = store.Save(saved);

        ClusterModel loaded = store.Load(version);

        loaded.EncoderId.Should().Be("enc-b");
        loaded.EncoderDimension.Should().Be(4);
        loaded.Revision.Should().Be(7);
        loaded.Clusters.Should().HaveCount(3);
        loaded.Clusters.Select(c => c.Name).Should().Equal("cats & <dogs> \"ünïcode\"", null, "dogs");
        loaded.Clusters.Select(c => c.Size).Should().Equal(10, 7, 4);
        loaded.Clusters[0].ReviewSamples.Should().Equal("a/1.jpg", "a/2.jpg");
        loaded.ReferenceClusters.Should().Equal(0, 1, 2);
        double.IsNaN(loaded.Novelty.ClusterThresholds[1]).Should().BeTrue();
    }

    [Fact]
    public void Each_version_loads_its_own_model()
    {
        var store = new ModelStore(_temp.Path);
        store.Save(Model(revision: 1, firstName: "first"));
        store.Save(Model(revision: 2, firstName: "second"));

        store.Load(1).Clusters[0].Name.Should().Be("first");
        store.Load(2).Clusters[0].Name.Should().Be("second");
    }

    [Fact]
    public void A_leftover_temporary_file_is_not_a_version()
    {
        // What a crash between writing and renaming leaves behind.
        var store = new ModelStore(_temp.Path);
        store.Save(Model(revision: 1));
        store.Save(Model(revision: 2));
        _temp.Write("models/model-3.wmdl.tmp", [1, 2, 3]);

        store.LatestVersion().Should().Be(2);
        store.Save(Model(revision: 3, firstName: "third")).Should().Be(3, "the leftover is overwritten, not skipped over");
        store.Load(3).Clusters[0].Name.Should().Be("third");
        File.Exists(store.PathOf(3) + ".tmp").Should().BeFalse();
    }

    [Fact]
    public void Files_that_are_not_numbered_models_are_ignored()
    {
        var store = new ModelStore(_temp.Path);
        store.Save(Model());
        _temp.Write("models/model-latest.wmdl", [1]);
        _temp.Write("models/notes.txt", [1]);
        _temp.Write("models/model-9.wmdl.bak", [1]);

        store.LatestVersion().Should().Be(1);
    }

    [Fact]
    public void Versions_are_compared_as_numbers_not_names()
    {
        // "model-10" sorts before "model-9" as text; the newest must still be 10.
        var store = new ModelStore(_temp.Path);
        for (int i = 1; i <= 10; i++) store.Save(Model(revision: i));

        store.LatestVersion().Should().Be(10);
        store.Load(10).Revision.Should().Be(10);
    }

    [Fact]
    public void Loading_a_version_that_does_not_exist_throws()
    {
        var store = new ModelStore(_temp.Path);
        store.Save(Model());

        store.Invoking(s => s.Load(2)).Should().Throw<FileNotFoundException>();
    }

    [Fact]
    public void A_damaged_saved_model_is_refused()
    {
        var store = new ModelStore(_temp.Path);
        int version = store.Save(Model());
        byte[] bytes = File.ReadAllBytes(store.PathOf(version));
        bytes[bytes.Length / 2] ^= 0x40;
        File.WriteAllBytes(store.PathOf(version), bytes);

        store.Invoking(s => s.Load(version)).Should().Throw<ModelFormatException>();
    }
}
