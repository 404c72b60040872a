namespace Watcher.Catalog;

/// <summary>
/// The layout of the catalog's collections, versioned in the meta collection ("schema_version").
/// A Watcher opens versions from <see cref="Oldest"/> to <see cref="Current"/> and refuses the
/// rest with both versions named, instead of misreading fields. Catalogs written before the
/// version was recorded have the layout of version 1 and get it stamped on open.
/// </summary>
public static class CatalogSchema
{
    public const int Current = 1;

    /// <summary>The oldest layout this build upgrades in place; older ones are rebuilt from the folders.</summary>
    public const int Oldest = 1;

    public const string Key = "schema_version";

    internal static void Check(string path, long? stored)
    {
        if (stored is not { } version || version is >= Oldest and <= Current)
        {
            return;
        }

        if (version > Current)
        {
            throw new CatalogUnusableException(path, CatalogFault.NewerSchema,
                $"was written by a newer Watcher (catalog schema {version}; this Watcher reads schema {Current})");
        }

        throw new CatalogUnusableException(path, CatalogFault.OlderSchema,
            $"was written by an older Watcher (catalog schema {version}; this Watcher reads schema {Oldest} to {Current} and cannot upgrade it)");
    }
}
