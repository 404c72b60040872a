namespace Watcher.Benchmarks;

/// <summary>../shared/data beside the repository, or WATCHER_SHARED_DIR.</summary>
internal static class SharedPaths
{
    public static string Data
    {
        get
        {
            var env = Environment.GetEnvironmentVariable("WATCHER_SHARED_DIR");
            var shared = env is { Length: > 0 } ? env : Path.Combine(RepoRoot(), "..", "shared");
            var data = Path.GetFullPath(Path.Combine(shared, "data"));
            return Directory.Exists(data) ? data : throw new DirectoryNotFoundException($"Shared photos not found at {data} (set WATCHER_SHARED_DIR).");
        }
    }

    private static string RepoRoot()
    {
        for (var dir = new DirectoryInfo(Environment.CurrentDirectory); dir is not null; dir = dir.Parent)
            if (File.Exists(Path.Combine(dir.FullName, "Watcher.sln"))) return dir.FullName;
        throw new DirectoryNotFoundException("Run the benchmarks from inside the repository.");
    }
}
