namespace Watcher.Catalog.Tests;

// Every way a catalog can be unusable, on real files: one sentence naming the problem, the path
// and the recovery command, and the file left exactly as it was for the recovery to set aside.
public sealed class CatalogFaultTests : IDisposable
{
    private readonly TempFolder _temp = new();

    public void Dispose() => _temp.Dispose();

    public static TheoryData<string, CatalogFault, string> Cases => new()
    {
        { "zero-length beside saved models", CatalogFault.Lost, "is empty (0 bytes) although its folder holds saved models or embeddings*" },
        { "missing beside embeddings", CatalogFault.Lost, "is missing although*" },
        { "random bytes", CatalogFault.NotLiteDb, "is not a LiteDB database*" },
        { "zero-filled", CatalogFault.NotLiteDb, "is not a LiteDB database*" },
        { "truncated to half its pages", CatalogFault.Truncated, "is truncated (*bytes, but its header counts*" },
        { "truncated in the middle of a page", CatalogFault.Truncated, "is truncated*" },
        { "truncated to 100 bytes", CatalogFault.Truncated, "is truncated (100 bytes*" },
        { "a page a third in overwritten with random bytes", CatalogFault.Damaged, "is damaged (LiteDB cannot read it: *" },
        { "a page half way zeroed", CatalogFault.Damaged, "is damaged (LiteDB cannot read it: *" },
        { "the first data page zeroed", CatalogFault.Damaged, "is damaged*" },
        { "a LiteDB 4 file", CatalogFault.OlderLiteDb, "was written by LiteDB 4 or earlier (data file format 7)*" },
        { "a newer LiteDB format", CatalogFault.NewerLiteDb, "was written by a newer LiteDB (data file format 9; this Watcher reads format 8)*" },
        { "an older Watcher's schema", CatalogFault.OlderSchema, "was written by an older Watcher (catalog schema 0; this Watcher reads schema 1 to 1*" },
        { "a newer Watcher's schema", CatalogFault.NewerSchema, "was written by a newer Watcher (catalog schema 2; this Watcher reads schema 1): use that Watcher, or *" },
    };

    [Theory]
    [MemberData(nameof(Cases))]
    public void An_unusable_catalog_is_refused_with_one_sentence_and_left_untouched(string damage, CatalogFault fault, string problem)
    {
        string path = Damage(damage);
        byte[]? before = File.Exists(path) ? File.ReadAllBytes(path) : null;

        var act = () => CatalogDb.Open(_temp.Path, Records.Clock());

        var thrown = act.Should().Throw<CatalogUnusableException>().Which;
        thrown.Fault.Should().Be(fault);
        thrown.CatalogPath.Should().Be(path);
        thrown.Message.Should().Match($"The catalog {path} {problem}")
            .And.EndWith("with the daemon stopped, run `watcher doctor --rebuild` to set it aside and rebuild the catalog from the output folders.");
        thrown.Message.Should().NotContain("\n").And.NotContain(". ", "it is one sentence");
        (File.Exists(path) ? File.ReadAllBytes(path) : null).Should().Equal(before, "the recovery sets the file aside as it was");
        DamagedCatalogs.LockIsFree(_temp.Path).Should().BeTrue("a failed open must not keep the catalog locked");
    }

    [Fact]
    public void The_recovery_command_can_carry_the_options_of_the_command_that_failed()
    {
        Damage("random bytes");

        var thrown = ((Action)(() => CatalogDb.Open(_temp.Path))).Should().Throw<CatalogUnusableException>().Which;

        thrown.WithRecovery("watcher doctor --rebuild --data /srv/watcher").Should()
            .Contain("run `watcher doctor --rebuild --data /srv/watcher` to set it aside").And.StartWith($"The catalog {thrown.CatalogPath} is not a LiteDB");
    }

    [Fact]
    public void A_new_catalog_records_the_schema_version()
    {
        using var db = CatalogDb.Open(_temp.Path, Records.Clock());

        db.GetMeta(CatalogSchema.Key).Should().Be(CatalogSchema.Current);
    }

    [Fact]
    public void A_catalog_from_before_schema_versions_opens_and_is_stamped_with_the_first_one()
    {
        // Every catalog written before the version was recorded has the layout of version 1.
        DamagedCatalogs.Healthy(_temp.Path, images: 10);
        using (var raw = new LiteDB.LiteDatabase(new LiteDB.ConnectionString { Filename = _temp.File("catalog.db"), Connection = LiteDB.ConnectionType.Direct }))
        {
            raw.GetCollection("meta").Delete(CatalogSchema.Key).Should().BeTrue();
        }

        using var db = CatalogDb.Open(_temp.Path, Records.Clock());

        db.CountImages().Should().Be(10);
        db.GetMeta(CatalogSchema.Key).Should().Be(1);
    }

    [Fact]
    public void A_missing_or_empty_catalog_in_a_data_folder_with_no_history_starts_a_new_one()
    {
        Directory.CreateDirectory(_temp.File("models"));
        File.WriteAllBytes(_temp.File("embeddings.f32"), new byte[64]); // a store with a header and no rows

        using var db = CatalogDb.Open(_temp.Path, Records.Clock());

        db.CountImages().Should().Be(0);
    }

    [Fact]
    public void A_healthy_catalog_opens_with_every_record()
    {
        DamagedCatalogs.Healthy(_temp.Path);
        DamagedCatalogs.LeaveModel(_temp.Path);

        using var db = CatalogDb.Open(_temp.Path, Records.Clock());

        db.CountImages().Should().Be(3000);
        db.Clusters().Should().HaveCount(12);
        db.UnfinishedMoves().Should().ContainSingle();
    }

    // Returns the catalog's path after damaging it (or leaving it lost) as the case says.
    private string Damage(string damage)
    {
        string path = _temp.File("catalog.db");
        switch (damage)
        {
            case "zero-length beside saved models":
                DamagedCatalogs.LeaveModel(_temp.Path);
                File.WriteAllBytes(path, []);
                break;
            case "missing beside embeddings":
                var store = new byte[64 + (4 * 8)];
                "WEMB"u8.CopyTo(store);
                File.WriteAllBytes(_temp.File("embeddings.f32"), store);
                break;
            case "random bytes":
                _temp.Write("catalog.db", Enumerable.Range(0, 20_000).Select(i => (byte)(i * 7919 % 251)).ToArray());
                break;
            case "zero-filled":
                File.WriteAllBytes(path, new byte[DamagedCatalogs.HealthyBytes(_temp.Path).Length]);
                break;
            case "truncated to half its pages":
                DamagedCatalogs.Truncate(DamagedCatalogs.Healthy(_temp.Path), new FileInfo(path).Length / 2 / DamagedCatalogs.PageSize * DamagedCatalogs.PageSize);
                break;
            case "truncated in the middle of a page":
                DamagedCatalogs.Truncate(DamagedCatalogs.Healthy(_temp.Path), (new FileInfo(path).Length / 2) + 77);
                break;
            case "truncated to 100 bytes":
                DamagedCatalogs.Truncate(DamagedCatalogs.Healthy(_temp.Path), 100);
                break;
            case "a page a third in overwritten with random bytes":
                DamagedCatalogs.OverwritePage(DamagedCatalogs.Healthy(_temp.Path), 1.0 / 3, zeros: false);
                break;
            case "a page half way zeroed":
                DamagedCatalogs.OverwritePage(DamagedCatalogs.Healthy(_temp.Path), 0.5, zeros: true);
                break;
            case "the first data page zeroed":
                byte[] first = DamagedCatalogs.HealthyBytes(_temp.Path);
                first.AsSpan(DamagedCatalogs.PageSize, DamagedCatalogs.PageSize).Clear();
                File.WriteAllBytes(path, first);
                break;
            case "a LiteDB 4 file":
                File.WriteAllBytes(path, DamagedCatalogs.LiteDb4Header());
                break;
            case "a newer LiteDB format":
                byte[] bytes = DamagedCatalogs.HealthyBytes(_temp.Path);
                bytes[59] = 9;
                File.WriteAllBytes(path, bytes);
                break;
            case "an older Watcher's schema":
                WithSchema(0);
                break;
            case "a newer Watcher's schema":
                WithSchema(2);
                break;
            default:
                throw new ArgumentException(damage);
        }

        return path;
    }

    private void WithSchema(long version)
    {
        using var db = CatalogDb.Open(_temp.Path, Records.Clock());
        db.AddImage(Records.Image("/in/a.jpg"));
        db.SetMeta(CatalogSchema.Key, version);
    }
}
