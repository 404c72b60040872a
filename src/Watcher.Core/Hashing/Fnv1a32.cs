using System.Text;

namespace Watcher.Core.Hashing;

// FNV-1a (32-bit): a tiny, stable, well-known hash, so values written today can be recomputed by
// any other tool later. string.GetHashCode is randomised per process and cannot be stored.
public static class Fnv1a32
{
    public const uint OffsetBasis = 2166136261;
    public const uint Prime = 16777619;

    public static uint Hash(ReadOnlySpan<byte> bytes) => Append(OffsetBasis, bytes);

    // Hashes the UTF-8 encoding; unpaired surrogates become U+FFFD exactly as Encoding.UTF8 does.
    public static uint Hash(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        uint hash = OffsetBasis;
        Span<byte> buffer = stackalloc byte[4];
        foreach (Rune rune in text.EnumerateRunes())
        {
            int written = rune.EncodeToUtf8(buffer);
            hash = Append(hash, buffer[..written]);
        }

        return hash;
    }

    private static uint Append(uint hash, ReadOnlySpan<byte> bytes)
    {
        foreach (byte b in bytes)
        {
            hash = unchecked((hash ^ b) * Prime);
        }

        return hash;
    }
}
