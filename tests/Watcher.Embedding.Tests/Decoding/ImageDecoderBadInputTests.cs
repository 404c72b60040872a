using System.Text;
using SkiaSharp;
using Watcher.Embedding.Decoding;
using Watcher.Embedding.Tests.Support;

namespace Watcher.Embedding.Tests.Decoding;

/// <summary>Each bad input yields its own typed reason; none throws.</summary>
public sealed class ImageDecoderBadInputTests : IDisposable
{
    private readonly TempFolder _temp = new();
    private readonly ImageDecoder _decoder = new(TensorPixels.ImageNet, new DecodeLimits { MaxPixels = 50_000_000, MaxFileBytes = 64L * 1024 * 1024 });
    private readonly float[] _tensor = new float[3 * 224 * 224];

    public void Dispose()
    {
        _decoder.Dispose();
        _temp.Dispose();
    }

    private static byte[] RealJpeg() => File.ReadAllBytes(Directory.GetFiles(SharedData.ImagenetSample).Order(StringComparer.Ordinal).First());

    private static byte[] RealPng()
    {
        using var bitmap = SKBitmap.Decode(RealJpeg());
        return TestImages.Encode(bitmap, SKEncodedImageFormat.Png);
    }

    public static TheoryData<string, DecodeError> Cases => new()
    {
        { "empty", DecodeError.Empty },
        { "text named .jpg", DecodeError.NotAnImage },
        { "html named .jpg", DecodeError.NotAnImage },
        { "truncated jpeg", DecodeError.Truncated },
        { "truncated png", DecodeError.Truncated },
        { "jpeg header only", DecodeError.Truncated },
        { "corrupt jpeg", DecodeError.Corrupt },
        { "30000x30000 png", DecodeError.TooLarge },
        { "heif", DecodeError.Unsupported },
    };

    private static byte[] Bytes(string name) => name switch
    {
        "empty" => [],
        "text named .jpg" => Encoding.UTF8.GetBytes("these are holiday notes, not a photo\n"),
        "html named .jpg" => Encoding.UTF8.GetBytes("<!DOCTYPE html><html><body>404 Not Found</body></html>"),
        "truncated jpeg" => RealJpeg()[..(RealJpeg().Length * 6 / 10)],
        "truncated png" => RealPng()[..(RealPng().Length / 2)],
        "jpeg header only" => RealJpeg()[..40],
        "corrupt jpeg" => Corrupt(RealJpeg()),
        "30000x30000 png" => TestImages.PngHeaderOnly(30_000, 30_000),
        "heif" => [0, 0, 0, 24, (byte)'f', (byte)'t', (byte)'y', (byte)'p', (byte)'h', (byte)'e', (byte)'i', (byte)'c', 0, 0, 0, 0],
        _ => throw new ArgumentOutOfRangeException(nameof(name)),
    };

    // A damaged frame header (sample precision 3 bits) cannot be decoded at all. Damage inside the
    // compressed scan data is different: libjpeg recovers and yields a smeared picture, as viewers do.
    private static byte[] Corrupt(byte[] jpeg)
    {
        var copy = (byte[])jpeg.Clone();
        var sof = Enumerable.Range(0, copy.Length - 1).First(i => copy[i] == 0xFF && copy[i + 1] is 0xC0 or 0xC2);
        copy[sof + 4] = 3;
        return copy;
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public void Bad_file_gets_its_typed_reason(string name, DecodeError expected)
    {
        var path = _temp.Write($"{name}.jpg", Bytes(name));

        var result = _decoder.DecodeFile(path, _tensor);

        result.Error.Should().Be(expected, result.Reason);
        result.Reason.Should().NotBeNullOrWhiteSpace();
    }

    [Fact]
    public void Vanished_file_is_unreadable()
    {
        var result = _decoder.DecodeFile(_temp.File("gone.jpg"), _tensor);

        result.Error.Should().Be(DecodeError.Unreadable);
        result.Reason.Should().Contain("vanished");
    }

    [Fact]
    public void Directory_named_like_an_image_is_unreadable()
    {
        var dir = _temp.File("folder.jpg");
        Directory.CreateDirectory(dir);

        _decoder.DecodeFile(dir, _tensor).Error.Should().Be(DecodeError.Unreadable);
    }

    [Fact]
    public void File_over_the_byte_limit_is_too_large_without_reading_it()
    {
        using var small = new ImageDecoder(TensorPixels.ImageNet, new DecodeLimits { MaxFileBytes = 1000 });
        var path = _temp.Write("big.jpg", RealJpeg());

        var result = small.DecodeFile(path, _tensor);

        result.Error.Should().Be(DecodeError.TooLarge);
        result.Reason.Should().Contain("limit");
    }

    [Fact]
    public void Decoder_still_works_after_a_run_of_bad_files()
    {
        foreach (var (name, _) in Cases.Select(row => ((string)row[0], (DecodeError)row[1])))
            _decoder.Decode(Bytes(name), _tensor);

        _decoder.Decode(RealJpeg(), _tensor).IsSuccess.Should().BeTrue();
    }
}
