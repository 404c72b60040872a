using System.Security.Cryptography;
using System.Text;

namespace Watcher.Service.Api;

/// <summary>
/// The per-install secret that every request to the daemon's API and review page must carry. It
/// lives in the data folder (owner-only where the file system allows), so whoever may read the
/// catalog may use the page, and nobody else on the machine or the network can.
/// </summary>
public sealed class AccessToken
{
    public const string FileName = "access-token";
    public const string Header = "X-Watcher-Token";
    public const string Cookie = "watcher_token";

    private readonly byte[] _bytes;

    private AccessToken(string value)
    {
        Value = value;
        _bytes = Encoding.UTF8.GetBytes(value);
    }

    public string Value { get; }

    /// <summary>Constant time, so a caller cannot learn the token a character at a time.</summary>
    public bool Matches(string? candidate) =>
        candidate is not null && CryptographicOperations.FixedTimeEquals(_bytes, Encoding.UTF8.GetBytes(candidate));

    /// <summary>The daemon's token: read from the data folder, or made there on the first start.</summary>
    public static AccessToken LoadOrCreate(string dataDir)
    {
        if (Read(dataDir) is { } existing)
        {
            return new AccessToken(existing);
        }

        Directory.CreateDirectory(dataDir);
        string token = Convert.ToBase64String(RandomNumberGenerator.GetBytes(32)).TrimEnd('=').Replace('+', '-').Replace('/', '_');
        string path = Path.Combine(dataDir, FileName);
        string temp = path + ".tmp";

        // A temp file left by a crash keeps its old permissions when opened again: start afresh.
        File.Delete(temp);
        var options = new FileStreamOptions { Mode = FileMode.Create, Access = FileAccess.Write };
        if (!OperatingSystem.IsWindows())
        {
            options.UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite;
        }

        using (var stream = new FileStream(temp, options))
        {
            stream.Write(Encoding.UTF8.GetBytes(token + "\n"));
            stream.Flush(flushToDisk: true);
        }

        // Two daemons cannot race here (the catalog lock is taken first), but a half-written token
        // must never be read back: write aside, then rename.
        File.Move(temp, path, overwrite: true);
        return new AccessToken(token);
    }

    /// <summary>The token in the data folder, or null when the daemon has not made one yet.</summary>
    public static string? Read(string dataDir)
    {
        string path = Path.Combine(dataDir, FileName);
        if (!File.Exists(path))
        {
            return null;
        }

        string token = File.ReadAllText(path).Trim();
        return token.Length == 0 ? null : token;
    }
}
