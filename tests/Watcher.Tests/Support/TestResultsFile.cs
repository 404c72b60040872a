using System.Text.Encodings.Web;
using System.Text.Json;

namespace Watcher.Tests.Support;

/// <summary>
/// Writes a test's measurements as JSON under TestResults/ at the repository root, so figures
/// quoted in an issue or the README come from a file a run left, not from a console scroll-back.
/// </summary>
public static class TestResultsFile
{
    private static readonly JsonSerializerOptions Options = new()
    {
        WriteIndented = true,
        PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower,
        // Read by people: "+" and quotes as they are, not as \u002B. Nothing here goes into HTML.
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    };

    /// <summary>Writes <paramref name="value"/> to TestResults/&lt;relativePath&gt; and returns the full path.</summary>
    public static string Write(string relativePath, object value)
    {
        string path = Path.Combine(SharedData.RepoRoot, "TestResults", relativePath);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        File.WriteAllText(path, JsonSerializer.Serialize(value, Options) + "\n");
        return path;
    }
}
