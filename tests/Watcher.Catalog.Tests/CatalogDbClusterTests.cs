namespace Watcher.Catalog.Tests;

public sealed class CatalogDbClusterTests : IDisposable
{
    private readonly TempFolder _temp = new();

    public void Dispose() => _temp.Dispose();

    // Model cluster ids start at 0: the catalog must keep them as given, not treat 0 as "assign one".
    private static ClusterRecord Cluster(int id, string? name, int modelVersion) => new()
    {
        Id = id,
        Name = name,
        Size = 10 + id,
        ModelVersion = modelVersion,
        Folder = name ?? $"cluster-{id:00}",
        ReviewImages = [id * 10L, (id * 10L) + 1],
    };

    [Fact]
    public void ReplaceClusters_keeps_model_ids_from_zero_and_sets_the_model_version()
    {
        using var db = CatalogDb.Open(_temp.Path, Records.Clock());

        db.ReplaceClusters([Cluster(0, "cats", 1), Cluster(1, null, 1), Cluster(2, "dogs", 1)], modelVersion: 1);

        db.Clusters().Select(c => (c.Id, c.Name)).Should().Equal((0, "cats"), (1, null), (2, "dogs"));
        db.Cluster(0)!.Name.Should().Be("cats");
        db.Cluster(0)!.ReviewImages.Should().Equal(0L, 1L);
        db.Cluster(2)!.Size.Should().Be(12);
        db.GetMeta("model_version").Should().Be(1);
    }

    [Fact]
    public void ReplaceClusters_drops_every_old_cluster()
    {
        using var db = CatalogDb.Open(_temp.Path, Records.Clock());
        db.ReplaceClusters([Cluster(0, "cats", 1), Cluster(1, "dogs", 1), Cluster(2, "birds", 1)], modelVersion: 1);

        db.ReplaceClusters([Cluster(0, "dogs", 2), Cluster(1, null, 2)], modelVersion: 2);

        db.Clusters().Select(c => (c.Id, c.Name, c.ModelVersion)).Should().Equal((0, "dogs", 2), (1, null, 2));
        db.Cluster(2).Should().BeNull();
        db.GetMeta("model_version").Should().Be(2);
    }

    [Fact]
    public void A_failed_replacement_leaves_the_old_clusters_and_version()
    {
        // Two clusters with one id cannot be stored: the transaction must roll back, not half-apply.
        using var db = CatalogDb.Open(_temp.Path, Records.Clock());
        db.ReplaceClusters([Cluster(0, "cats", 1), Cluster(1, "dogs", 1)], modelVersion: 1);

        var act = () => db.ReplaceClusters([Cluster(0, "new", 2), Cluster(0, "clash", 2)], modelVersion: 2);

        act.Should().Throw<Exception>();
        db.Clusters().Select(c => c.Name).Should().Equal("cats", "dogs");
        db.GetMeta("model_version").Should().Be(1);
    }

    [Fact]
    public void UpdateCluster_renames_one_cluster_including_cluster_zero()
    {
        using var db = CatalogDb.Open(_temp.Path, Records.Clock());
        db.ReplaceClusters([Cluster(0, null, 1), Cluster(1, null, 1)], modelVersion: 1);
        ClusterRecord first = db.Cluster(0)!;

        first.Name = "cats";
        first.Folder = "cats";
        first.Proposed = true;
        db.UpdateCluster(first);

        db.Cluster(0).Should().BeEquivalentTo(first);
        db.Cluster(1)!.Name.Should().BeNull();
    }

    [Fact]
    public void Clusters_survive_a_restart()
    {
        using (var db = CatalogDb.Open(_temp.Path, Records.Clock()))
        {
            db.ReplaceClusters([Cluster(0, "cats", 3), Cluster(1, "dogs", 3)], modelVersion: 3);
        }

        using var reopened = CatalogDb.Open(_temp.Path, Records.Clock());
        reopened.Clusters().Select(c => c.Name).Should().Equal("cats", "dogs");
        reopened.GetMeta("model_version").Should().Be(3);
    }

    [Fact]
    public void Decisions_are_kept_in_the_order_they_were_made_with_their_times()
    {
        var clock = Records.Clock();
        using var db = CatalogDb.Open(_temp.Path, clock);

        db.AddDecision(new DecisionRecord { Kind = "name", Cluster = 0, Name = "cats" });
        clock.Advance(TimeSpan.FromSeconds(1));
        db.AddDecision(new DecisionRecord { Kind = "assign", ImageId = 7, Name = "dogs" });
        clock.Advance(TimeSpan.FromSeconds(1));
        db.AddDecision(new DecisionRecord { Kind = "name", Cluster = 3, Name = "birds" });

        var decisions = db.Decisions();
        decisions.Select(d => (d.Kind, d.Name)).Should().Equal(("name", "cats"), ("assign", "dogs"), ("name", "birds"));
        decisions.Select(d => d.AtUtc).Should().Equal(
            Records.Start.UtcDateTime, Records.Start.UtcDateTime.AddSeconds(1), Records.Start.UtcDateTime.AddSeconds(2));
        decisions[0].Cluster.Should().Be(0);
        decisions[1].ImageId.Should().Be(7);
        decisions.Select(d => d.Id).Should().BeInAscendingOrder().And.OnlyHaveUniqueItems();
    }

    [Fact]
    public void Meta_returns_the_fallback_until_set_and_keeps_the_last_value()
    {
        using var db = CatalogDb.Open(_temp.Path, Records.Clock());

        db.GetMeta("since_recluster").Should().Be(0);
        db.GetMeta("since_recluster", fallback: -1).Should().Be(-1);
        db.GetMetaText("encoder").Should().BeNull();

        db.SetMeta("since_recluster", 5);
        db.SetMeta("since_recluster", long.MaxValue);
        db.SetMetaText("encoder", "mobilenetv3-small");
        db.SetMetaText("encoder", "clip-vit-b32 ünï");

        db.GetMeta("since_recluster", fallback: -1).Should().Be(long.MaxValue);
        db.GetMetaText("encoder").Should().Be("clip-vit-b32 ünï");
    }

    [Fact]
    public void Meta_keys_are_case_sensitive()
    {
        using var db = CatalogDb.Open(_temp.Path, Records.Clock());

        db.SetMeta("Count", 1);
        db.SetMeta("count", 2);

        db.GetMeta("Count").Should().Be(1);
        db.GetMeta("count").Should().Be(2);
    }
}
