using Watcher.Catalog;

namespace Watcher.Catalog.Tests;

public sealed class CatalogDbQueryTests : IDisposable
{
    private readonly TempFolder _temp = new();

    public void Dispose() => _temp.Dispose();

    [Fact]
    public void A_counter_adds_in_one_step_and_never_goes_below_zero()
    {
        using var db = CatalogDb.Open(_temp.Path, Records.Clock());

        db.AddToMeta("count", 5).Should().Be(5, "a missing counter starts at zero");
        db.AddToMeta("count", 7).Should().Be(12);
        Parallel.For(0, 100, _ => db.AddToMeta("count", 1));
        db.GetMeta("count").Should().Be(112, "concurrent additions are not lost");
        db.AddToMeta("count", -500).Should().Be(0);
    }

    [Fact]
    public void Images_after_an_id_are_exactly_the_later_ones_and_copies_are_those_with_an_original()
    {
        using var db = CatalogDb.Open(_temp.Path, Records.Clock());
        var first = db.AddImage(Records.Image("/in/a.jpg", sha: Records.Sha("a")));
        var second = db.AddImage(Records.Image("/in/b.jpg"));
        var copy = db.AddImage(Records.Image("/in/a2.jpg", sha: Records.Sha("a"), duplicateOf: first.Id));

        db.ImagesAfter(first.Id).Select(i => i.Id).Should().Equal(second.Id, copy.Id);
        db.ImagesAfter(copy.Id).Should().BeEmpty();
        db.Copies().Select(i => i.Id).Should().Equal(copy.Id);
    }

    [Fact]
    public void Batched_adds_and_updates_land_in_one_go()
    {
        using var db = CatalogDb.Open(_temp.Path, Records.Clock());
        var images = Enumerable.Range(0, 50).Select(i => Records.Image($"/in/{i}.jpg")).ToList();

        db.AddImages(images);
        images.ForEach(i => i.Cluster = 7);
        db.UpdateImages(images);

        images.Select(i => i.Id).Should().OnlyHaveUniqueItems().And.OnlyContain(id => id > 0);
        db.ImagesInCluster(7).Should().HaveCount(50);
    }
}
