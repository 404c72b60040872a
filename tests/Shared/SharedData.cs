namespace Watcher.Testing;

/// <summary>
/// Finds ../shared (real models and photos) beside the repository. Tests never copy these into
/// the repo; when they are missing the message says how to point at them.
/// </summary>
public static class SharedData
{
    public const string EnvironmentVariable = "WATCHER_SHARED_DIR";

    private static readonly Lazy<string> Root = new(Locate);

    public static string Dir => Root.Value;

    public static string ModelsDir =>
        Environment.GetEnvironmentVariable("WATCHER_MODELS_DIR") is { Length: > 0 } env ? Path.GetFullPath(env) : Path.Combine(Dir, "models");

    public static string Imagenette => Path.Combine(Dir, "data", "imagenette-val");

    public static string ImagenetSample => Path.Combine(Dir, "data", "imagenet-sample");

    public static string RepoRoot { get; } = FindRepoRoot();

    private static string Locate()
    {
        var fromEnv = Environment.GetEnvironmentVariable(EnvironmentVariable);
        var candidate = fromEnv is { Length: > 0 } ? Path.GetFullPath(fromEnv) : Path.GetFullPath(Path.Combine(RepoRoot, "..", "shared"));
        if (!Directory.Exists(Path.Combine(candidate, "models")) || !Directory.Exists(Path.Combine(candidate, "data")))
        {
            throw new DirectoryNotFoundException(
                $"Shared test data not found at {candidate}: the tests need the real models and photos in ../shared beside the " +
                $"repository (or set {EnvironmentVariable}).");
        }
        return candidate;
    }

    private static string FindRepoRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "Watcher.sln"))) return dir.FullName;
        }
        throw new DirectoryNotFoundException($"Watcher.sln not found above {AppContext.BaseDirectory}");
    }

    /// <summary>The first <paramref name="perClass"/> files (in name order) of each class folder.</summary>
    public static IReadOnlyList<(string Path, string Label)> Sample(string root, int perClass) =>
        Directory.GetDirectories(root).Order(StringComparer.Ordinal)
            .SelectMany(d => Directory.GetFiles(d).Order(StringComparer.Ordinal).Take(perClass).Select(f => (f, Path.GetFileName(d))))
            .ToList();
}
