using Watcher.Core.Engine;

namespace Watcher.Catalog;

/// <summary>
/// data/models/model-N.wmdl: every saved cluster model, numbered. A new version is written to a
/// temporary name, flushed and renamed, so a crash leaves the previous version as the newest.
/// Old versions stay: they are small and show how the clusters evolved.
/// </summary>
public sealed class ModelStore(string dataDir)
{
    private readonly string _dir = Path.Combine(Path.GetFullPath(dataDir), "models");

    public string PathOf(int version) => Path.Combine(_dir, $"model-{version}.wmdl");

    /// <summary>The newest complete model version, or 0 when there is none.</summary>
    public int LatestVersion() =>
        !Directory.Exists(_dir) ? 0 :
        Directory.EnumerateFiles(_dir, "model-*.wmdl")
            .Select(f => int.TryParse(Path.GetFileNameWithoutExtension(f)["model-".Length..], out int v) ? v : 0)
            .DefaultIfEmpty(0).Max();

    public ClusterModel Load(int version)
    {
        using FileStream stream = File.OpenRead(PathOf(version));
        return ModelFile.Read(stream);
    }

    public int Save(ClusterModel model)
    {
        ArgumentNullException.ThrowIfNull(model);
        Directory.CreateDirectory(_dir);
        int version = LatestVersion() + 1;
        string temp = PathOf(version) + ".tmp";
        using (var stream = new FileStream(temp, FileMode.Create, FileAccess.Write, FileShare.None))
        {
            ModelFile.Write(model, stream);
            stream.Flush(flushToDisk: true);
        }

        File.Move(temp, PathOf(version), overwrite: false);
        return version;
    }
}
