using System.Security.Cryptography;

namespace Watcher.Embedding.Models;

/// <summary>A manifest together with where its weights were found (null when they are absent).</summary>
public sealed record ResolvedModel(ModelManifest Manifest, string? WeightsPath)
{
    public bool IsPresent => WeightsPath is not null;
}

/// <summary>
/// Knows every encoder manifest and where weights live. Search order for weights:
/// --models-dir, WATCHER_MODELS_DIR, ./models, then models/ beside the executable.
/// Manifests ship beside the executable; a *.json in a search directory adds or overrides one,
/// so a new encoder needs no rebuild.
/// </summary>
public sealed class ModelRegistry
{
    public const string EnvironmentVariable = "WATCHER_MODELS_DIR";

    private readonly Dictionary<string, ModelManifest> _manifests;

    public IReadOnlyList<string> SearchPath { get; }

    public ModelRegistry(IEnumerable<ModelManifest> manifests, IReadOnlyList<string> searchPath)
    {
        _manifests = new Dictionary<string, ModelManifest>(StringComparer.OrdinalIgnoreCase);
        foreach (var m in manifests)
        {
            _manifests[m.Id] = m;
        }
        SearchPath = searchPath;
    }

    public static IReadOnlyList<string> BuildSearchPath(string? modelsDirOption, string? environmentValue, string currentDirectory, string appBaseDirectory)
    {
        var candidates = new[]
        {
            modelsDirOption,
            environmentValue,
            Path.Combine(currentDirectory, "models"),
            Path.Combine(appBaseDirectory, "models"),
        };
        return candidates
            .Where(p => !string.IsNullOrWhiteSpace(p))
            .Select(p => Path.GetFullPath(p!))
            .Distinct(StringComparer.Ordinal)
            .ToList();
    }

    /// <summary>Loads manifests from the executable's models/ folder, then from each search directory.</summary>
    public static ModelRegistry Load(IReadOnlyList<string> searchPath, string appBaseDirectory)
    {
        var manifests = new List<ModelManifest>();
        var manifestDirs = new[] { Path.Combine(appBaseDirectory, "models") }.Concat(searchPath.Reverse());
        foreach (var dir in manifestDirs.Distinct(StringComparer.Ordinal))
        {
            if (!Directory.Exists(dir)) continue;
            foreach (var file in Directory.EnumerateFiles(dir, "*.json").Order(StringComparer.Ordinal))
            {
                manifests.Add(ModelManifest.Parse(File.ReadAllText(file), file));
            }
        }
        return new ModelRegistry(manifests, searchPath);
    }

    public IReadOnlyCollection<ModelManifest> Manifests => _manifests.Values;

    public ResolvedModel Resolve(ModelManifest manifest)
    {
        foreach (var dir in SearchPath)
        {
            var candidate = Path.Combine(dir, manifest.File);
            if (File.Exists(candidate)) return new ResolvedModel(manifest, candidate);
        }
        return new ResolvedModel(manifest, null);
    }

    /// <summary>
    /// "auto" (or empty) picks the present model of lowest priority; an id must name a known manifest
    /// whose weights are present. Errors say what was searched so a person can fix it.
    /// </summary>
    public ResolvedModel Select(string? idOrAuto)
    {
        if (_manifests.Count == 0)
        {
            throw new ModelManifestException($"No model manifests found (looked for *.json in: {string.Join(", ", SearchPath)}).");
        }
        if (string.IsNullOrWhiteSpace(idOrAuto) || idOrAuto.Equals("auto", StringComparison.OrdinalIgnoreCase))
        {
            var present = _manifests.Values.OrderBy(m => m.Priority).ThenBy(m => m.Id, StringComparer.Ordinal)
                .Select(Resolve).FirstOrDefault(r => r.IsPresent);
            return present ?? throw new ModelManifestException(
                $"No model weights found. Known models: {string.Join(", ", _manifests.Values.Select(m => $"{m.Id} ({m.File})"))}; " +
                $"searched: {string.Join(", ", SearchPath)}. Run install/download-model.sh, or set {EnvironmentVariable} " +
                "(for tests: WATCHER_MODELS_DIR=../shared/models).");
        }
        if (!_manifests.TryGetValue(idOrAuto, out var manifest))
        {
            throw new ModelManifestException($"Unknown model '{idOrAuto}'. Known: {string.Join(", ", _manifests.Keys.Order(StringComparer.Ordinal))}.");
        }
        var resolved = Resolve(manifest);
        return resolved.IsPresent ? resolved : throw new ModelManifestException(
            $"Weights for model '{manifest.Id}' not found: looked for {manifest.File} in {string.Join(", ", SearchPath)}." +
            (manifest.Download is null ? "" : " Run install/download-model.sh " + manifest.Id + "."));
    }

    /// <summary>Checks the weights against the manifest's SHA-256 so a corrupt or wrong file fails loudly.</summary>
    public static void VerifyChecksum(ResolvedModel model)
    {
        if (model.WeightsPath is null || string.IsNullOrEmpty(model.Manifest.Sha256)) return;
        using var stream = File.OpenRead(model.WeightsPath);
        var actual = Convert.ToHexStringLower(SHA256.HashData(stream));
        if (!actual.Equals(model.Manifest.Sha256, StringComparison.OrdinalIgnoreCase))
        {
            throw new ModelManifestException(
                $"Weights {model.WeightsPath} do not match manifest {model.Manifest.Id}: sha256 {actual}, expected {model.Manifest.Sha256}.");
        }
    }
}
