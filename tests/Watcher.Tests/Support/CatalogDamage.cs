using Watcher.Catalog;

namespace Watcher.Tests.Support;

/// <summary>What disks, crashes and people do to data/catalog.db, by name, for [Theory] tables.</summary>
public static class CatalogDamage
{
    private const int PageSize = 8192;

    public static void Apply(string catalogPath, string damage)
    {
        byte[] bytes = File.ReadAllBytes(catalogPath);
        switch (damage)
        {
            case "a page in the middle overwritten":
                int page = bytes.Length / PageSize / 2;
                new Random(page).NextBytes(bytes.AsSpan(page * PageSize, PageSize));
                File.WriteAllBytes(catalogPath, bytes);
                break;
            case "truncated":
                File.WriteAllBytes(catalogPath, bytes[..(bytes.Length / 3)]);
                break;
            case "zero-filled":
                File.WriteAllBytes(catalogPath, new byte[bytes.Length]);
                break;
            case "zero-length":
                File.WriteAllBytes(catalogPath, []);
                break;
            case "from a newer Watcher":
                using (var catalog = CatalogDb.Open(Path.GetDirectoryName(catalogPath)!))
                {
                    catalog.SetMeta(CatalogSchema.Key, CatalogSchema.Current + 1);
                }

                break;
            default:
                throw new ArgumentException($"No such damage: {damage}", nameof(damage));
        }
    }
}
