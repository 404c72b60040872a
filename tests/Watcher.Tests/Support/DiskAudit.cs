using System.Security.Cryptography;
using Watcher.Catalog;

namespace Watcher.Tests.Support;

/// <summary>What is on disk and what the catalog says, checked against each other after a daemon stopped.</summary>
public static class DiskAudit
{
    public static string Sha(string path) => Convert.ToHexStringLower(SHA256.HashData(File.ReadAllBytes(path)));

    /// <summary>SHA-256 of every file under the folders (temp files of the mover count too: they must not be left).</summary>
    public static List<string> Shas(params string[] folders) =>
        folders.Where(Directory.Exists).SelectMany(f => Directory.GetFiles(f, "*", SearchOption.AllDirectories)).Select(Sha).ToList();

    /// <summary>
    /// The invariant every crash and load test ends on: each dropped image's bytes exist exactly as
    /// often across the folders as they were dropped (no loss, no duplicate), and nothing else is
    /// there. Counted by hash, so thousands of files compare in linear time, and a failure names
    /// the paths involved rather than two long lists of hashes.
    /// </summary>
    public static void EveryImageExactlyOnce(IEnumerable<string> droppedShas, params string[] folders)
    {
        var expected = droppedShas.CountBy(s => s).ToDictionary(p => p.Key, p => p.Value, StringComparer.Ordinal);
        var found = folders.Where(Directory.Exists).SelectMany(f => Directory.GetFiles(f, "*", SearchOption.AllDirectories))
            .GroupBy(Sha, StringComparer.Ordinal).ToDictionary(g => g.Key, g => g.ToList(), StringComparer.Ordinal);
        var lost = expected.Where(e => found.GetValueOrDefault(e.Key)?.Count is not { } n || n < e.Value).Select(e => e.Key).ToList();
        var doubled = found.Where(f => expected.TryGetValue(f.Key, out int n) && f.Value.Count > n).SelectMany(f => f.Value).ToList();
        var strangers = found.Where(f => !expected.ContainsKey(f.Key)).SelectMany(f => f.Value).ToList();
        lost.Should().BeEmpty($"every dropped image is still somewhere ({lost.Count} of {expected.Values.Sum()} lost)");
        doubled.Should().BeEmpty("no image exists twice");
        strangers.Should().BeEmpty("nothing but the dropped images is there (no half-written temporaries)");
    }

    /// <summary>Every catalog record points at a file that exists with its bytes, in the folder it names; every output file has one record.</summary>
    public static void CatalogAgreesWithDisk(string data, string output)
    {
        using var catalog = CatalogDb.Open(data);
        catalog.UnfinishedMoves().Should().BeEmpty("every move was finished or rolled back");
        var records = catalog.AllImages().ToList();
        var byPath = new Dictionary<string, ImageRecord>(StringComparer.Ordinal);
        foreach (var r in records.Where(r => r.Status != ImageStatus.Missing))
        {
            File.Exists(r.CurrentPath).Should().BeTrue($"the catalog says image {r.Id} is at {r.CurrentPath}");
            Sha(r.CurrentPath).Should().Be(r.Sha256, r.CurrentPath);
            byPath.TryAdd(r.CurrentPath, r).Should().BeTrue($"two records claim {r.CurrentPath}");
            if (r.Status is ImageStatus.Filed or ImageStatus.Unknown or ImageStatus.Rejected or ImageStatus.Ignored)
                Path.GetFileName(Path.GetDirectoryName(r.CurrentPath)).Should().Be(r.Folder, r.CurrentPath);
        }

        foreach (var file in Directory.GetFiles(output, "*", SearchOption.AllDirectories))
            byPath.Should().ContainKey(file, "every file under output/ is in the catalog");
    }
}
