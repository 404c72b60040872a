using Microsoft.Extensions.Time.Testing;

namespace Watcher.Catalog.Tests;

/// <summary>Small builders so each test states only the fields it is about.</summary>
internal static class Records
{
    // A whole second: LiteDB keeps milliseconds, so a sub-millisecond start would not round-trip.
    public static readonly DateTimeOffset Start = new(2024, 3, 1, 12, 0, 0, TimeSpan.Zero);

    public static FakeTimeProvider Clock() => new(Start);

    public static ImageRecord Image(string path, string? sha = null, ImageStatus status = ImageStatus.Waiting, long? duplicateOf = null) => new()
    {
        Sha256 = sha ?? Sha(path),
        Length = 1234,
        OriginalPath = path,
        CurrentPath = path,
        Status = status,
        DuplicateOf = duplicateOf,
    };

    /// <summary>A 64-hex-digit stand-in for a SHA-256, distinct per seed.</summary>
    public static string Sha(string seed) =>
        Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(System.Text.Encoding.UTF8.GetBytes(seed)));
}
