using System.Buffers.Binary;
using Watcher.Core.Maths;

namespace Watcher.Catalog.Tests;

public sealed class EmbeddingStoreTests : IDisposable
{
    private const int Header = 64;
    private const string Encoder = "mobilenetv3-small";
    private readonly TempFolder _temp = new();

    public void Dispose() => _temp.Dispose();

    private string StorePath => _temp.File("embeddings.f32");

    /// <summary>Rows whose values differ per row and per column, plus the awkward floats a round-trip can lose.</summary>
    private static float[] Rows(int count, int dimension, int seed)
    {
        var random = new Random(seed);
        var values = new float[count * dimension];
        for (int i = 0; i < values.Length; i++) values[i] = (float)((random.NextDouble() * 2) - 1);
        float[] awkward = [-0f, float.Epsilon, -float.Epsilon, float.MaxValue, float.NegativeInfinity, BitConverter.Int32BitsToSingle(0x7FC0_1234)];
        awkward.AsSpan(0, Math.Min(awkward.Length, values.Length)).CopyTo(values);
        return values;
    }

    private static int[] Bits(ReadOnlySpan<float> values)
    {
        var bits = new int[values.Length];
        for (int i = 0; i < values.Length; i++) bits[i] = BitConverter.SingleToInt32Bits(values[i]);
        return bits;
    }

    [Fact]
    public void Append_returns_consecutive_row_numbers()
    {
        using var store = EmbeddingStore.Open(_temp.Path, Encoder, 8);

        store.Append(Rows(2, 8, 1)).Should().Be(0);
        store.Append(Rows(1, 8, 2)).Should().Be(2);
        store.Append(Rows(3, 8, 3)).Should().Be(3);

        store.Rows.Should().Be(6);
        new FileInfo(StorePath).Length.Should().Be(Header + (6 * 8 * sizeof(float)));
    }

    [Fact]
    public void Rows_read_back_bit_identical_one_at_a_time_and_as_a_matrix()
    {
        using var store = EmbeddingStore.Open(_temp.Path, Encoder, 5);
        float[] first = Rows(3, 5, 10), second = Rows(2, 5, 11);
        store.Append(first);
        store.Append(second);

        Bits(store.Read(0)).Should().Equal(Bits(first.AsSpan(0, 5)), "-0, NaN payloads and subnormals must survive");
        Bits(store.Read(4)).Should().Equal(Bits(second.AsSpan(5, 5)));

        // Any order, with repeats: the matrix is assembled row by row as asked.
        VectorSet matrix = store.Read([4, 0, 2, 0]);
        matrix.Rows.Should().Be(4);
        matrix.Cols.Should().Be(5);
        Bits(matrix.Data).Should().Equal([.. Bits(second.AsSpan(5, 5)), .. Bits(first.AsSpan(0, 5)), .. Bits(first.AsSpan(10, 5)), .. Bits(first.AsSpan(0, 5))]);
        store.Read([]).Rows.Should().Be(0);
    }

    [Fact]
    public void Rows_read_back_bit_identical_after_reopen()
    {
        float[] written = Rows(4, 16, 20);
        using (var store = EmbeddingStore.Open(_temp.Path, Encoder, 16))
        {
            store.Append(written);
        }

        using var reopened = EmbeddingStore.Open(_temp.Path, Encoder, 16);
        reopened.Rows.Should().Be(4);
        reopened.EncoderId.Should().Be(Encoder);
        reopened.Dimension.Should().Be(16);
        Bits(reopened.Read([0, 1, 2, 3]).Data).Should().Equal(Bits(written));
        reopened.Append(Rows(1, 16, 21)).Should().Be(4, "appends continue after the rows already there");
    }

    [Fact]
    public void An_encoder_id_of_the_full_48_bytes_round_trips()
    {
        string id = new string('e', 47) + "z";
        using (EmbeddingStore.Open(_temp.Path, id, 4)) { }

        using var reopened = EmbeddingStore.Open(_temp.Path, id, 4);

        reopened.EncoderId.Should().Be(id);
    }

    [Fact]
    public void An_encoder_id_longer_than_the_header_is_refused()
    {
        var act = () => EmbeddingStore.Open(_temp.Path, new string('e', 49), 4);

        act.Should().Throw<ArgumentException>().WithMessage("*48 bytes*");
        File.Exists(StorePath).Should().BeFalse("nothing is written for a refused id");
    }

    [Fact]
    public void Another_encoder_is_refused_naming_both()
    {
        using (EmbeddingStore.Open(_temp.Path, Encoder, 8)) { }

        var act = () => EmbeddingStore.Open(_temp.Path, "clip-vit-b32", 8);

        act.Should().Throw<InvalidDataException>().WithMessage($"*'{Encoder}'*'clip-vit-b32'*");
    }

    [Fact]
    public void Another_dimension_is_refused_naming_both()
    {
        using (EmbeddingStore.Open(_temp.Path, Encoder, 8)) { }

        var act = () => EmbeddingStore.Open(_temp.Path, Encoder, 12);

        act.Should().Throw<InvalidDataException>().WithMessage("*8-d*12-d*");
        new FileInfo(StorePath).Length.Should().Be(Header, "a refused open must not touch the file");
    }

    [Fact]
    public void A_torn_last_row_is_cut_off_and_the_next_append_lands_on_a_whole_row()
    {
        float[] whole = Rows(3, 6, 30);
        using (var store = EmbeddingStore.Open(_temp.Path, Encoder, 6))
        {
            store.Append(whole);
        }

        // A crash mid-append leaves part of a row: here 5 of its 24 bytes.
        using (var file = new FileStream(StorePath, FileMode.Append)) file.Write([1, 2, 3, 4, 5]);

        using var reopened = EmbeddingStore.Open(_temp.Path, Encoder, 6);
        reopened.Rows.Should().Be(3);
        new FileInfo(StorePath).Length.Should().Be(Header + (3 * 6 * sizeof(float)));
        float[] next = Rows(1, 6, 31);
        reopened.Append(next).Should().Be(3);
        Bits(reopened.Read(3)).Should().Equal(Bits(next));
        Bits(reopened.Read([0, 1, 2]).Data).Should().Equal(Bits(whole));
    }

    [Fact]
    public void A_file_without_the_magic_is_refused()
    {
        byte[] bytes = new byte[Header + 32];
        "NOPE"u8.CopyTo(bytes);
        _temp.Write("embeddings.f32", bytes);

        var act = () => EmbeddingStore.Open(_temp.Path, Encoder, 8);

        act.Should().Throw<InvalidDataException>().WithMessage("*embeddings.f32*not a Watcher embedding store*");
    }

    [Fact]
    public void A_file_shorter_than_its_header_is_refused()
    {
        _temp.Write("embeddings.f32", "WEMB"u8.ToArray());

        var act = () => EmbeddingStore.Open(_temp.Path, Encoder, 8);

        act.Should().Throw<InvalidDataException>();
    }

    [Fact]
    public void A_newer_format_version_is_refused_by_number()
    {
        using (EmbeddingStore.Open(_temp.Path, Encoder, 8)) { }
        byte[] bytes = File.ReadAllBytes(StorePath);
        BinaryPrimitives.WriteInt32LittleEndian(bytes.AsSpan(4), 2);
        File.WriteAllBytes(StorePath, bytes);

        var act = () => EmbeddingStore.Open(_temp.Path, Encoder, 8);

        act.Should().Throw<InvalidDataException>().WithMessage("*version 2*");
    }

    [Theory]
    [InlineData(-1)]
    [InlineData(2)]
    [InlineData(long.MaxValue)]
    public void Reading_a_row_that_is_not_there_throws(long row)
    {
        using var store = EmbeddingStore.Open(_temp.Path, Encoder, 4);
        store.Append(Rows(2, 4, 40));

        store.Invoking(s => s.Read(row)).Should().Throw<ArgumentOutOfRangeException>();
        store.Invoking(s => s.Read([0, row])).Should().Throw<ArgumentOutOfRangeException>();
    }

    [Fact]
    public void Append_refuses_a_partial_row_and_writes_nothing()
    {
        using var store = EmbeddingStore.Open(_temp.Path, Encoder, 4);
        store.Append(Rows(1, 4, 50));

        store.Invoking(s => s.Append(new float[6])).Should().Throw<ArgumentException>().WithMessage("*6 values*4-d*");

        store.Rows.Should().Be(1);
        new FileInfo(StorePath).Length.Should().Be(Header + (4 * sizeof(float)));
        store.Append(Rows(1, 4, 51)).Should().Be(1);
    }

    [Fact]
    public void A_second_writer_is_refused_while_the_first_is_open()
    {
        // FileShare.Read alone does not stop a second writer on Linux; both would append at the same row number.
        using var first = EmbeddingStore.Open(_temp.Path, Encoder, 4);

        var act = () => EmbeddingStore.Open(_temp.Path, Encoder, 4);

        act.Should().Throw<IOException>().WithMessage("*embeddings.f32*in use*");
        first.Append(Rows(1, 4, 60)).Should().Be(0);
    }

    [Fact]
    public void The_store_opens_again_after_dispose_and_after_a_refused_open()
    {
        using (EmbeddingStore.Open(_temp.Path, Encoder, 4)) { }
        var refused = () => EmbeddingStore.Open(_temp.Path, "other", 4);
        refused.Should().Throw<InvalidDataException>();

        using var again = EmbeddingStore.Open(_temp.Path, Encoder, 4);

        again.Rows.Should().Be(0);
    }

    [Fact]
    public void Open_creates_the_data_folder()
    {
        string dataDir = Path.Combine(_temp.Path, "a", "b");

        using var store = EmbeddingStore.Open(dataDir, Encoder, 4);

        File.Exists(Path.Combine(dataDir, "embeddings.f32")).Should().BeTrue();
        store.Rows.Should().Be(0);
    }
}
