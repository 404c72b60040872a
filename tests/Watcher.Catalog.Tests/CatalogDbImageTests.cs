using LiteDB;

namespace Watcher.Catalog.Tests;

public sealed class CatalogDbImageTests : IDisposable
{
    private readonly TempFolder _temp = new();

    public void Dispose() => _temp.Dispose();

    [Fact]
    public void Added_image_gets_an_id_and_is_found_by_id_path_and_sha()
    {
        using var db = CatalogDb.Open(_temp.Path, Records.Clock());

        ImageRecord added = db.AddImage(Records.Image("/in/a.jpg", sha: Records.Sha("a")));
        db.AddImage(Records.Image("/in/b.jpg"));

        added.Id.Should().BePositive();
        db.Image(added.Id)!.CurrentPath.Should().Be("/in/a.jpg");
        db.FindByPath("/in/a.jpg")!.Id.Should().Be(added.Id);
        db.FindOriginal(Records.Sha("a"))!.Id.Should().Be(added.Id);
        db.Image(added.Id + 100).Should().BeNull();
        db.FindByPath("/in/nothing.jpg").Should().BeNull();
        db.FindOriginal(Records.Sha("nothing")).Should().BeNull();
    }

    [Fact]
    public void Every_field_round_trips()
    {
        using var db = CatalogDb.Open(_temp.Path, Records.Clock());
        var image = new ImageRecord
        {
            Sha256 = Records.Sha("x"), Length = 5_000_000_000, OriginalPath = "/in/x.jpg", CurrentPath = "/out/cats/x.jpg",
            Status = ImageStatus.Filed, Cluster = 3, Folder = "cats", Score = 0.125, Pinned = true, EmbeddingRow = 42,
            DuplicateOf = 7, Error = "none",
        };

        long id = db.AddImage(image).Id;

        db.Image(id).Should().BeEquivalentTo(image);
    }

    [Fact]
    public void Update_changes_the_stored_record_and_its_update_time_only()
    {
        var clock = Records.Clock();
        using var db = CatalogDb.Open(_temp.Path, clock);
        ImageRecord image = db.AddImage(Records.Image("/in/a.jpg"));

        clock.Advance(TimeSpan.FromMinutes(5));
        image.CurrentPath = "/out/_unknown/a.jpg";
        image.Status = ImageStatus.Unknown;
        image.Score = 9.5;
        db.UpdateImage(image);

        ImageRecord stored = db.Image(image.Id)!;
        stored.CurrentPath.Should().Be("/out/_unknown/a.jpg");
        stored.Status.Should().Be(ImageStatus.Unknown);
        stored.Score.Should().Be(9.5);
        stored.AddedUtc.Should().Be(Records.Start.UtcDateTime);
        stored.UpdatedUtc.Should().Be(Records.Start.UtcDateTime.AddMinutes(5));
        db.FindByPath("/in/a.jpg").Should().BeNull("the path index must follow the update");
        db.FindByPath("/out/_unknown/a.jpg")!.Id.Should().Be(image.Id);
    }

    [Fact]
    public void Timestamps_come_from_the_injected_clock_and_read_back_as_utc()
    {
        var clock = Records.Clock();
        using var db = CatalogDb.Open(_temp.Path, clock);

        long first = db.AddImage(Records.Image("/in/a.jpg")).Id;
        clock.Advance(TimeSpan.FromHours(3));
        long second = db.AddImage(Records.Image("/in/b.jpg")).Id;

        // Kind matters: a Local DateTime named *Utc shifts by the host's offset wherever it is compared or serialised.
        ImageRecord a = db.Image(first)!, b = db.Image(second)!;
        a.AddedUtc.Should().Be(Records.Start.UtcDateTime);
        a.AddedUtc.Kind.Should().Be(DateTimeKind.Utc);
        b.AddedUtc.Should().Be(Records.Start.UtcDateTime.AddHours(3));
        b.UpdatedUtc.Should().Be(b.AddedUtc);
    }

    [Fact]
    public void FindOriginal_skips_copies_and_returns_the_first_original()
    {
        using var db = CatalogDb.Open(_temp.Path, Records.Clock());
        string sha = Records.Sha("same bytes");

        // The copy is added first so "first match" alone would pick the wrong one.
        ImageRecord copyOfNothing = db.AddImage(Records.Image("/in/copy0.jpg", sha, duplicateOf: 999));
        ImageRecord original = db.AddImage(Records.Image("/in/orig.jpg", sha));
        db.AddImage(Records.Image("/in/copy1.jpg", sha, duplicateOf: original.Id));
        db.AddImage(Records.Image("/in/orig2.jpg", sha));

        db.FindOriginal(sha)!.Id.Should().Be(original.Id);
        db.FindOriginal(sha)!.Id.Should().NotBe(copyOfNothing.Id);
    }

    [Fact]
    public void FindOriginal_is_null_when_only_copies_exist()
    {
        using var db = CatalogDb.Open(_temp.Path, Records.Clock());
        string sha = Records.Sha("only copies");
        db.AddImage(Records.Image("/in/copy.jpg", sha, duplicateOf: 1));

        db.FindOriginal(sha).Should().BeNull();
    }

    [Fact]
    public void Paths_that_differ_only_in_case_are_different_files()
    {
        // Linux file names are case-sensitive: /in/A.jpg and /in/a.jpg are two images.
        using var db = CatalogDb.Open(_temp.Path, Records.Clock());
        ImageRecord lower = db.AddImage(Records.Image("/in/a.jpg"));
        ImageRecord upper = db.AddImage(Records.Image("/in/A.jpg"));

        db.FindByPath("/in/A.jpg")!.Id.Should().Be(upper.Id);
        db.FindByPath("/in/a.jpg")!.Id.Should().Be(lower.Id);
        db.FindOriginal(lower.Sha256.ToUpperInvariant()).Should().BeNull("hashes are stored lower-case and compared exactly");
    }

    [Fact]
    public void Images_by_status_and_counts_agree()
    {
        using var db = CatalogDb.Open(_temp.Path, Records.Clock());
        for (int i = 0; i < 3; i++) db.AddImage(Records.Image($"/in/w{i}.jpg"));
        for (int i = 0; i < 2; i++) db.AddImage(Records.Image($"/out/f{i}.jpg", status: ImageStatus.Filed));
        db.AddImage(Records.Image("/out/_rejected/r.jpg", status: ImageStatus.Rejected));

        db.Images(ImageStatus.Waiting).Select(i => i.CurrentPath).Should().BeEquivalentTo(["/in/w0.jpg", "/in/w1.jpg", "/in/w2.jpg"]);
        db.Images(ImageStatus.Filed).Should().HaveCount(2).And.OnlyContain(i => i.Status == ImageStatus.Filed);
        db.Images(ImageStatus.Missing).Should().BeEmpty();
        db.CountImages(ImageStatus.Waiting).Should().Be(3);
        db.CountImages(ImageStatus.Filed).Should().Be(2);
        db.CountImages(ImageStatus.Rejected).Should().Be(1);
        db.CountImages(ImageStatus.Unknown).Should().Be(0);
        db.CountImages().Should().Be(6);
    }

    [Fact]
    public void ImagesInCluster_returns_only_that_cluster()
    {
        using var db = CatalogDb.Open(_temp.Path, Records.Clock());
        var a = Records.Image("/out/a.jpg", status: ImageStatus.Filed);
        a.Cluster = 0;
        var b = Records.Image("/out/b.jpg", status: ImageStatus.Filed);
        b.Cluster = 1;
        db.AddImage(a);
        db.AddImage(b);
        db.AddImage(Records.Image("/in/c.jpg"));

        db.ImagesInCluster(0).Select(i => i.CurrentPath).Should().Equal("/out/a.jpg");
        db.ImagesInCluster(1).Select(i => i.CurrentPath).Should().Equal("/out/b.jpg");
        db.ImagesInCluster(2).Should().BeEmpty();
    }

    [Theory]
    [InlineData(50, 7)]
    [InlineData(49, 7)]
    [InlineData(0, 7)]
    [InlineData(14, 7)]
    [InlineData(3, 1)]
    public void AllImages_returns_every_record_once_in_id_order_across_pages(int count, int pageSize)
    {
        using var db = CatalogDb.Open(_temp.Path, Records.Clock());
        var ids = Enumerable.Range(0, count).Select(i => db.AddImage(Records.Image($"/in/{i}.jpg")).Id).ToList();

        var streamed = db.AllImages(pageSize).Select(i => i.Id).ToList();

        streamed.Should().Equal(ids);
        streamed.Should().BeInAscendingOrder().And.OnlyHaveUniqueItems();
    }

    [Fact]
    public void AllImages_pages_past_ids_left_by_deleted_records()
    {
        // Ids are not dense after a crash-recovered insert or a removed record; paging is by "id after", not by offset.
        using var db = CatalogDb.Open(_temp.Path, Records.Clock());
        var ids = Enumerable.Range(0, 20).Select(i => db.AddImage(Records.Image($"/in/{i}.jpg")).Id).ToList();
        var image = Records.Image("/in/late.jpg");
        image.Id = ids[^1] + 50;
        db.AddImage(image);

        db.AllImages(pageSize: 7).Select(i => i.Id).Should().Equal([.. ids, ids[^1] + 50]);
    }

    [Fact]
    public void Data_survives_dispose_and_reopen()
    {
        long id;
        using (var db = CatalogDb.Open(_temp.Path, Records.Clock()))
        {
            id = db.AddImage(Records.Image("/in/a.jpg", status: ImageStatus.Filed)).Id;
            db.SetMeta("since", 17);
        }

        using var reopened = CatalogDb.Open(_temp.Path, Records.Clock());
        ImageRecord image = reopened.Image(id)!;
        image.CurrentPath.Should().Be("/in/a.jpg");
        image.Status.Should().Be(ImageStatus.Filed);
        image.AddedUtc.Should().Be(Records.Start.UtcDateTime);
        image.AddedUtc.Kind.Should().Be(DateTimeKind.Utc);
        reopened.GetMeta("since").Should().Be(17);
        reopened.AddImage(Records.Image("/in/b.jpg")).Id.Should().BeGreaterThan(id, "ids keep rising after a restart");
    }

    [Fact]
    public void Open_creates_the_data_folder_and_reports_the_full_path()
    {
        string dataDir = Path.Combine(_temp.Path, "nested", "data");

        using var db = CatalogDb.Open(dataDir);

        db.Path.Should().Be(Path.Combine(dataDir, "catalog.db"));
        File.Exists(db.Path).Should().BeTrue();
    }

    [Fact]
    public void Twenty_thousand_images_stream_back_complete()
    {
        // A scale check, not a benchmark: paging must neither drop nor repeat records at a realistic size.
        // The records go in as one bulk transaction on the same file: AddImage commits each record on its own
        // (about 1 ms and ~23 page writes apiece here), which would put 20 s of setup in front of this check.
        const int count = 20_000;
        CatalogDb.Open(_temp.Path, Records.Clock()).Dispose();
        using (var raw = new LiteDatabase(new ConnectionString { Filename = _temp.File("catalog.db"), Connection = ConnectionType.Direct }))
        {
            raw.GetCollection<ImageRecord>("images")
                .InsertBulk(Enumerable.Range(0, count).Select(i => Records.Image($"/in/{i:00000}.jpg", sha: i.ToString("x64"))))
                .Should().Be(count);
        }

        using var db = CatalogDb.Open(_temp.Path, Records.Clock());
        long previous = 0, seen = 0;
        foreach (ImageRecord image in db.AllImages())
        {
            if (image.Id <= previous) image.Id.Should().BeGreaterThan(previous, "ids must keep rising across pages");
            previous = image.Id;
            seen++;
        }

        seen.Should().Be(count);
        db.CountImages().Should().Be(count);
        db.FindByPath("/in/12345.jpg")!.Sha256.Should().Be(12345.ToString("x64"));
        db.AddImage(Records.Image("/in/next.jpg")).Id.Should().Be(previous + 1);
        db.AllImages(pageSize: 997).Count().Should().Be(count + 1);
    }
}
