using System.Text;
using Watcher.Core.Hashing;

namespace Watcher.Core.Tests.Hashing;

public class Fnv1a32Tests
{
    [Theory]
    [InlineData("", 0x811C9DC5u)]
    [InlineData("a", 0xE40C292Cu)]
    [InlineData("b", 0xE70C2DE5u)]
    [InlineData("foo", 0xA9F37ED7u)]
    [InlineData("foobar", 0xBF9CF968u)]
    [InlineData("é", 0x1E9DE8C1u)]
    [InlineData("日本", 0x9F26EE51u)]
    [InlineData("😀", 0x33A29608u)]
    public void HashMatchesReferenceValues(string text, uint expected)
    {
        Fnv1a32.Hash(text).Should().Be(expected);
    }

    [Theory]
    [InlineData("plain ascii")]
    [InlineData("ünïcödé and 😀 emoji")]
    [InlineData("lone \ud800 surrogate")]
    public void StringHashEqualsHashOfItsUtf8Bytes(string text)
    {
        Fnv1a32.Hash(text).Should().Be(Fnv1a32.Hash(Encoding.UTF8.GetBytes(text)));
    }
}
