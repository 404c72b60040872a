using FluentAssertions;
using Watcher.Core.Evaluation;
using Xunit;

namespace Watcher.Core.Tests.Evaluation;

public sealed class HoldOutTests
{
    // Expected roles from FNV-1a-32 computed independently in Python:
    //   h = 0x811c9dc5; for b in path.encode(): h = ((h ^ b) * 0x01000193) & 0xffffffff; h % 5
    [Theory]
    [InlineData("n01440764/ILSVRC2012_val_00009111.JPEG", 3)]
    [InlineData("n02102040/ILSVRC2012_val_00000665.JPEG", 0)]
    [InlineData("a/b.jpg", 3)]
    public void Follows_the_hash_rule(string path, uint expectedModulo)
    {
        EvalRole[] roles = HoldOut.Split([path], ["known"], []);

        roles[0].Should().Be(expectedModulo == 0 ? EvalRole.HeldOut : EvalRole.Pool);
        Watcher.Core.Hashing.Fnv1a32.Hash(path).Should().Match(h => h % 5 == expectedModulo);
    }

    [Fact]
    public void Unknown_classes_never_enter_the_pool_and_backslashes_count_as_slashes()
    {
        string[] paths = Enumerable.Range(0, 50).Select(i => $"x/{i}.jpg").ToArray();
        string[] labels = paths.Select((_, i) => i % 2 == 0 ? "cat" : "fish").ToArray();

        EvalRole[] roles = HoldOut.Split(paths, labels, ["fish"]);
        EvalRole[] windows = HoldOut.Split(paths.Select(p => p.Replace('/', '\\')).ToArray(), labels, ["fish"]);

        roles.Where((_, i) => labels[i] == "fish").Should().OnlyContain(r => r == EvalRole.Unknown);
        roles.Where((_, i) => labels[i] == "cat").Should().Contain(EvalRole.HeldOut).And.Contain(EvalRole.Pool);
        windows.Should().Equal(roles);
    }
}
