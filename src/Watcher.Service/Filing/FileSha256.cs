using System.Security.Cryptography;

namespace Watcher.Service.Filing;

/// <summary>SHA-256 of a file's bytes: an image's identity in the catalog, and how moves are verified.</summary>
internal static class FileSha256
{
    public static string Of(string path) => Hash(path).Sha256;

    /// <summary>The hash and the length of the bytes it covers (read in the same pass).</summary>
    public static (string Sha256, long Length) Hash(string path)
    {
        // FileShare.Delete: a verification must never be the reason a concurrent delete or rename fails.
        using var stream = new FileStream(path, new FileStreamOptions
        {
            Mode = FileMode.Open,
            Access = FileAccess.Read,
            Share = FileShare.ReadWrite | FileShare.Delete,
            BufferSize = 1 << 16,
            Options = FileOptions.SequentialScan,
        });
        string sha = Convert.ToHexStringLower(SHA256.HashData(stream));
        return (sha, stream.Position);
    }

    /// <summary>True when the file exists with exactly this length and hash.</summary>
    public static bool Matches(string path, long length, string sha256)
    {
        var info = new FileInfo(path);
        // The length is free to read and rules out most strangers (and every partial copy) without hashing.
        return info.Exists && info.Length == length && string.Equals(Of(path), sha256, StringComparison.OrdinalIgnoreCase);
    }
}
