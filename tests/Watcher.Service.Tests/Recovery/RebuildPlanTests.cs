using Watcher.Service.Recovery;

namespace Watcher.Service.Tests.Recovery;

public sealed class RebuildPlanTests : IDisposable
{
    private readonly TempFolder _temp = new();

    public void Dispose() => _temp.Dispose();

    [Theory]
    [InlineData(new[] { "dogs/a.jpg", "dogs/a (2).jpg" }, "dogs/a.jpg")]
    [InlineData(new[] { "dogs/b.jpg", "cats/a.jpg" }, "cats/a.jpg")]
    [InlineData(new[] { "dogs/a (2).jpg", "dogs/a (3).jpg", "zebras/z.jpg" }, "zebras/z.jpg")]
    [InlineData(new[] { "dogs/a (3).jpg", "dogs/a (2).jpg" }, "dogs/a (2).jpg")]
    public void Of_identical_files_the_one_without_a_clash_suffix_is_the_original_then_the_first_by_path(string[] names, string original)
    {
        foreach (string name in names)
        {
            _temp.Write(name, [7, 7, 7]);
        }

        RebuildPlan plan = RebuildPlan.Make(_temp.Path);

        plan.Files.Should().HaveCount(names.Length);
        plan.Files.Where(f => f.OriginalIndex is null).Should().ContainSingle().Which.File.Path.Should().Be(_temp.File(original));
        plan.Files.Where(f => f.OriginalIndex is not null).Should().OnlyContain(f => plan.Files[f.OriginalIndex!.Value].File.Path == _temp.File(original));
        plan.ToEmbed.Should().ContainSingle("a copy is never embedded twice");
    }

    [Fact]
    public void Rejected_files_are_catalogued_but_not_embedded_and_every_file_is_hashed()
    {
        _temp.Write("_rejected/notes.jpg", "not an image"u8.ToArray());
        _temp.Write("dogs/a.jpg", [1, 2]);

        RebuildPlan plan = RebuildPlan.Make(_temp.Path);

        plan.Files.Select(f => f.File.Folder).Should().Equal("_rejected", "dogs");
        plan.ToEmbed.Select(f => f.File.Folder).Should().Equal("dogs");
        plan.Files[1].Sha256.Should().Be(Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(new byte[] { 1, 2 })));
        plan.Files[1].File.Length.Should().Be(2);
    }
}
