namespace Watcher.Embedding.Decoding;

/// <summary>Why an image could not be turned into a tensor; each maps to a sentence a person can act on.</summary>
public enum DecodeError
{
    None = 0,
    Empty,
    NotAnImage,
    Truncated,
    Corrupt,
    TooLarge,
    Unreadable,
    Unsupported,
}

/// <summary>Outcome of one decode: success with the source size, or a typed error with a readable reason.</summary>
public readonly record struct DecodeResult(DecodeError Error, string Reason, int Width, int Height)
{
    public bool IsSuccess => Error == DecodeError.None;

    public static DecodeResult Success(int width, int height) => new(DecodeError.None, "", width, height);

    public static DecodeResult Fail(DecodeError error, string reason) => new(error, reason, 0, 0);

    public override string ToString() => IsSuccess ? $"ok {Width}x{Height}" : $"{Error}: {Reason}";
}

/// <summary>Guards against decompression bombs and absurd files; both limits are settings.</summary>
public sealed record DecodeLimits
{
    /// <summary>Most pixels a decoded buffer may hold (after JPEG DCT scaling); 100 MP is 400 MB of RGBA.</summary>
    public long MaxPixels { get; init; } = 100_000_000;

    public long MaxFileBytes { get; init; } = 256L * 1024 * 1024;
}
