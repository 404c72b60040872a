using Watcher.Embedding.Storage;
using Watcher.Embedding.Tests.Support;

namespace Watcher.Embedding.Tests.Storage;

public sealed class NpyFileTests : IDisposable
{
    private readonly TempFolder _temp = new();

    public void Dispose() => _temp.Dispose();

    [Fact]
    public void Rows_round_trip_and_the_header_carries_the_final_count()
    {
        var path = _temp.File("e.npy");
        using (var writer = new NpyWriter(path, 3))
        {
            writer.WriteRow([1f, 2f, 3f]);
            writer.WriteRow([-4f, 0.5f, float.Epsilon]);
        }

        var (data, rows, cols) = NpyReader.Read(path);

        (rows, cols).Should().Be((2, 3));
        data.Should().Equal(1f, 2f, 3f, -4f, 0.5f, float.Epsilon);
    }

    [Fact]
    public void Header_is_numpy_format_1_0_aligned_to_64_bytes()
    {
        var header = NpyWriter.Header(3925, 576);

        header.Length.Should().Be(128);
        header[..6].Should().Equal(0x93, (byte)'N', (byte)'U', (byte)'M', (byte)'P', (byte)'Y');
        (header[6], header[7]).Should().Be(((byte)1, (byte)0));
        BitConverter.ToUInt16(header, 8).Should().Be(118);
        System.Text.Encoding.ASCII.GetString(header, 10, 118).TrimEnd().Should()
            .Be("{'descr': '<f4', 'fortran_order': False, 'shape': (3925, 576), }");
        header[^1].Should().Be((byte)'\n');
    }

    [Fact]
    public void Row_of_the_wrong_width_is_refused()
    {
        using var writer = new NpyWriter(_temp.File("w.npy"), 4);
        var act = () => writer.WriteRow([1f]);
        act.Should().Throw<ArgumentException>();
    }

    [Fact]
    public void Reader_rejects_a_file_that_is_not_npy()
    {
        var path = _temp.Write("x.npy", "hello"u8.ToArray());
        var act = () => NpyReader.Read(path);
        act.Should().Throw<InvalidDataException>().WithMessage("*not a .npy*");
    }
}
