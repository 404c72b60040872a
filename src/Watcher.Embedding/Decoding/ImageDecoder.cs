using SkiaSharp;
using Watcher.Embedding.Models;

namespace Watcher.Embedding.Decoding;

/// <summary>
/// Decodes an image file straight into one model input slot: JPEG is decoded at the smallest DCT
/// scale that still covers the resize target, EXIF orientation is applied, and the fused resampler
/// does resize + centre crop + alpha-over-white + normalisation. Not thread-safe (it reuses its
/// buffers): one per worker.
/// Every failure comes back as a <see cref="DecodeResult"/>; it never throws for bad input.
/// </summary>
public sealed class ImageDecoder : IDisposable
{
    private readonly Preprocess _spec;
    private readonly DecodeLimits _limits;
    private readonly CropResampler _resampler;
    private byte[] _fileBuffer = [];
    private byte[] _pixelBuffer = [];
    private const int KeepBufferBytes = 16 * 1024 * 1024;

    public ImageDecoder(Preprocess spec, DecodeLimits? limits = null)
    {
        _spec = spec;
        _limits = limits ?? new DecodeLimits();
        _resampler = new CropResampler(spec);
    }

    public int TensorLength => _resampler.TensorLength;

    public DecodeResult DecodeFile(string path, Span<float> tensor)
    {
        int length;
        try
        {
            // A raw handle and positional reads: no FileStream object or buffer per image.
            using var handle = File.OpenHandle(path, FileMode.Open, FileAccess.Read, FileShare.Read, FileOptions.SequentialScan);
            var size = RandomAccess.GetLength(handle);
            if (size == 0) return DecodeResult.Fail(DecodeError.Empty, "the file is empty (0 bytes)");
            if (size > _limits.MaxFileBytes)
                return DecodeResult.Fail(DecodeError.TooLarge, $"the file is {size:N0} bytes, over the {_limits.MaxFileBytes:N0}-byte limit");
            if (_fileBuffer.Length < size) _fileBuffer = new byte[Math.Max(size, 64 * 1024)];
            length = ReadFully(handle, _fileBuffer.AsSpan(0, (int)size));
        }
        catch (FileNotFoundException) { return DecodeResult.Fail(DecodeError.Unreadable, "the file vanished before it could be read"); }
        catch (DirectoryNotFoundException) { return DecodeResult.Fail(DecodeError.Unreadable, "the file's folder vanished before it could be read"); }
        catch (UnauthorizedAccessException ex) { return DecodeResult.Fail(DecodeError.Unreadable, $"no permission to read the file ({ex.Message})"); }
        catch (IOException ex) { return DecodeResult.Fail(DecodeError.Unreadable, $"the file could not be read ({ex.Message})"); }
        return Decode(_fileBuffer.AsSpan(0, length), tensor);
    }

    public unsafe DecodeResult Decode(ReadOnlySpan<byte> encoded, Span<float> tensor)
    {
        if (encoded.IsEmpty) return DecodeResult.Fail(DecodeError.Empty, "the file is empty (0 bytes)");
        if (tensor.Length < _resampler.TensorLength) throw new ArgumentException($"tensor slot needs {_resampler.TensorLength} floats", nameof(tensor));
        var kind = ImageSniffer.Detect(encoded[..Math.Min(encoded.Length, 16)]);
        if (kind == ImageSniffer.Kind.Unsupported)
            return DecodeResult.Fail(DecodeError.Unsupported, "an image format this build does not decode (HEIF/AVIF/TIFF)");
        try
        {
            fixed (byte* p = encoded)
            {
                using var data = SKData.Create((IntPtr)p, encoded.Length);
                using var codec = SKCodec.Create(data);
                if (codec is null)
                {
                    return kind == ImageSniffer.Kind.Unknown
                        ? DecodeResult.Fail(DecodeError.NotAnImage, "not an image: no known image signature (JPEG, PNG, WebP, GIF, BMP)")
                        : DecodeResult.Fail(encoded.Length < 64 ? DecodeError.Truncated : DecodeError.Corrupt,
                            $"a {kind} signature but an unreadable header");
                }
                return DecodeWithCodec(codec, tensor);
            }
        }
        catch (Exception ex) when (ex is not ArgumentException)
        {
            // Skia is native code; anything it surfaces is a property of this file, not of the batch.
            return DecodeResult.Fail(DecodeError.Corrupt, $"the decoder failed: {ex.Message}");
        }
    }

    private DecodeResult DecodeWithCodec(SKCodec codec, Span<float> tensor)
    {
        var full = codec.Info;
        if (full.Width <= 0 || full.Height <= 0) return DecodeResult.Fail(DecodeError.Corrupt, "the header gives no image size");
        var scale = (float)_spec.ResizeShorterTo / Math.Min(full.Width, full.Height);
        var size = scale < 1f ? codec.GetScaledDimensions(scale) : new SKSizeI(full.Width, full.Height);
        var status = DecodePixels(codec, size, out var info);
        if (status == SKCodecResult.InvalidScale && (size.Width != full.Width || size.Height != full.Height))
        {
            size = new SKSizeI(full.Width, full.Height);
            status = DecodePixels(codec, size, out info);
        }
        if (status is null)
            return DecodeResult.Fail(DecodeError.TooLarge,
                $"{full.Width}x{full.Height} needs {(long)size.Width * size.Height:N0} decoded pixels, over the {_limits.MaxPixels:N0} limit");
        switch (status.Value)
        {
            case SKCodecResult.Success:
                break;
            case SKCodecResult.IncompleteInput:
                return DecodeResult.Fail(DecodeError.Truncated, "the image data ends early (truncated file)");
            case SKCodecResult.ErrorInInput:
            case SKCodecResult.InvalidInput:
                return DecodeResult.Fail(DecodeError.Corrupt, "the image data is damaged");
            case SKCodecResult.Unimplemented:
                return DecodeResult.Fail(DecodeError.Unsupported, "a variant of the format this decoder does not support");
            default:
                return DecodeResult.Fail(DecodeError.Corrupt, $"the decoder reported {status}");
        }

        var oriented = Orientation.IsSwapped(codec.EncodedOrigin) ? (w: full.Height, h: full.Width) : (w: full.Width, h: full.Height);
        var bytes = info.BytesSize;
        if (codec.EncodedOrigin is SKEncodedOrigin.TopLeft or SKEncodedOrigin.Default)
        {
            _resampler.Resample(_pixelBuffer.AsSpan(0, bytes), info.Width, info.Height, oriented.w, oriented.h, tensor);
        }
        else
        {
            using var pixmap = new SKPixmap(info, Pin());
            using var decoded = SKImage.FromPixels(pixmap);
            using var upright = Orientation.Apply(decoded, codec.EncodedOrigin)!;
            using var uprightPixels = upright.PeekPixels();
            _resampler.Resample(uprightPixels.GetPixelSpan(), upright.Width, upright.Height, oriented.w, oriented.h, tensor);
        }
        if (_pixelBuffer.Length > KeepBufferBytes) _pixelBuffer = []; // one huge photo must not hold its memory for ever
        return DecodeResult.Success(oriented.w, oriented.h);
    }

    /// <summary>Null when the decoded buffer would exceed the pixel limit (a decompression bomb).</summary>
    private SKCodecResult? DecodePixels(SKCodec codec, SKSizeI size, out SKImageInfo info)
    {
        info = new SKImageInfo(size.Width, size.Height, SKColorType.Rgba8888, SKAlphaType.Premul);
        var pixels = (long)size.Width * size.Height;
        if (pixels > _limits.MaxPixels) return null;
        var bytes = checked((int)(pixels * 4));
        if (_pixelBuffer.Length < bytes)
        {
            // Pinned-object heap: Skia writes through a raw pointer, so the array must never move.
            _pixelBuffer = GC.AllocateUninitializedArray<byte>(bytes, pinned: true);
        }
        return codec.GetPixels(info, Pin());
    }

    private unsafe IntPtr Pin()
    {
        fixed (byte* p = _pixelBuffer) return (IntPtr)p; // allocated pinned: the address is stable
    }

    private static int ReadFully(Microsoft.Win32.SafeHandles.SafeFileHandle handle, Span<byte> buffer)
    {
        var total = 0;
        while (total < buffer.Length)
        {
            var n = RandomAccess.Read(handle, buffer[total..], total);
            if (n == 0) break; // shrank while we read: decode what is there, the codec reports truncation
            total += n;
        }
        return total;
    }

    public void Dispose()
    {
        _pixelBuffer = [];
    }
}
