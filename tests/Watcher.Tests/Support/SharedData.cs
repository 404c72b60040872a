namespace Watcher.Tests.Support;

/// <summary>Finds ../shared beside the repository (or WATCHER_SHARED_DIR), failing with a clear message.</summary>
public static class SharedData
{
    private static readonly Lazy<string> Root = new(() =>
    {
        var env = Environment.GetEnvironmentVariable("WATCHER_SHARED_DIR");
        var dir = env is { Length: > 0 } ? Path.GetFullPath(env) : Path.GetFullPath(Path.Combine(RepoRoot(), "..", "shared"));
        return Directory.Exists(Path.Combine(dir, "models"))
            ? dir
            : throw new DirectoryNotFoundException($"Shared test data not found at {dir}: the tests need ../shared beside the repository (or WATCHER_SHARED_DIR).");
    });

    public static string ModelsDir =>
        Environment.GetEnvironmentVariable("WATCHER_MODELS_DIR") is { Length: > 0 } env ? Path.GetFullPath(env) : Path.Combine(Root.Value, "models");

    public static string Imagenette => Path.Combine(Root.Value, "data", "imagenette-val");

    private static string RepoRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
            if (File.Exists(Path.Combine(dir.FullName, "Watcher.sln"))) return dir.FullName;
        throw new DirectoryNotFoundException("Watcher.sln not found above " + AppContext.BaseDirectory);
    }
}
