namespace Watcher.Service.Filing;

/// <summary>Where one attempt to put a file at its destination name left things.</summary>
internal enum Placement
{
    /// <summary>Renamed in one step (Windows, one volume): the source name is already gone.</summary>
    Renamed,

    /// <summary>Hard-linked: the file has both names until the source is unlinked.</summary>
    Linked,

    /// <summary>A verified copy is at the destination; the source is untouched.</summary>
    Copied,

    /// <summary>The destination name was taken meanwhile; nothing was changed.</summary>
    Clash,

    /// <summary>No rename is possible (another volume, no hard links); nothing was changed.</summary>
    NeedsCopy,
}

/// <summary>Moves within one file system without ever replacing a file.</summary>
internal static class SameVolume
{
    public static Placement TryPlace(string from, string to)
    {
        if (OperatingSystem.IsWindows())
        {
            // File.Move would copy across volumes itself, unverified and leaving a partial
            // file on a crash, so only same-drive moves go to it.
            if (!string.Equals(Path.GetPathRoot(from), Path.GetPathRoot(to), StringComparison.OrdinalIgnoreCase))
            {
                return Placement.NeedsCopy;
            }

            try
            {
                File.Move(from, to, overwrite: false);
                return Placement.Renamed;
            }
            catch (IOException) when (Path.Exists(to) && File.Exists(from))
            {
                return Placement.Clash;
            }
        }

        return HardLink.TryLink(from, to) switch
        {
            LinkOutcome.Linked => Placement.Linked,
            LinkOutcome.TargetExists => Placement.Clash,
            _ => Placement.NeedsCopy,
        };
    }

    /// <summary>
    /// Gives <paramref name="from"/> the name <paramref name="to"/> in the same folder unless that
    /// name exists; false when it does. Leaves <paramref name="from"/> for the caller to delete.
    /// </summary>
    public static bool TryRenameNoReplace(string from, string to)
    {
        if (!OperatingSystem.IsWindows())
        {
            switch (HardLink.TryLink(from, to))
            {
                case LinkOutcome.Linked:
                    return true;
                case LinkOutcome.TargetExists:
                    return false;
            }
        }

        // Here only on Windows or on file systems without hard links (FAT, some FUSE mounts),
        // where File.Move checks the name is free and then renames: a file appearing in
        // between could be replaced, a window those file systems give no way to close.
        if (Path.Exists(to))
        {
            return false;
        }

        try
        {
            File.Move(from, to, overwrite: false);
            return true;
        }
        catch (IOException) when (Path.Exists(to) && File.Exists(from))
        {
            return false;
        }
    }

    /// <summary>Deletes a file Watcher made for itself; failing to is never worth failing a move over.</summary>
    public static void DeleteQuietly(string path)
    {
        try
        {
            File.Delete(path);
        }
        catch (IOException)
        {
        }
        catch (UnauthorizedAccessException)
        {
        }
    }
}
