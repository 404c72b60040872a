namespace Watcher.Catalog;

/// <summary>Why data/catalog.db cannot be used as it is; each has the same way out (docs/decisions.md, "Catalog recovery").</summary>
public enum CatalogFault
{
    /// <summary>Missing or empty, although the data folder shows there was a catalog (saved models, embeddings).</summary>
    Lost,

    /// <summary>Not a LiteDB file at all: garbage, zeros, or some other kind of file.</summary>
    NotLiteDb,

    /// <summary>Shorter than its own header says, or not a whole number of pages.</summary>
    Truncated,

    /// <summary>Written by LiteDB 4 or earlier (data file format 7 or less), which LiteDB 5 cannot read.</summary>
    OlderLiteDb,

    /// <summary>Written by a LiteDB newer than the one this build carries.</summary>
    NewerLiteDb,

    /// <summary>A LiteDB file some of whose pages cannot be read (overwritten, zeroed, torn).</summary>
    Damaged,

    /// <summary>Written by an older Watcher whose layout this one has no upgrade for.</summary>
    OlderSchema,

    /// <summary>Written by a newer Watcher.</summary>
    NewerSchema,

    /// <summary>A `watcher doctor --rebuild` that stopped before it finished: it holds only part of the images.</summary>
    UnfinishedRebuild,
}

/// <summary>
/// The catalog cannot be opened as it is. The message is one sentence a person can act on: what
/// is wrong, the path, and the command that recovers (set the file aside, rebuild from the
/// folders). Nothing has been written to the file when this is thrown.
/// </summary>
public sealed class CatalogUnusableException : Exception
{
    /// <summary>The command that recovers; the CLI adds the options the failed command was given.</summary>
    public const string RecoveryCommand = "watcher doctor --rebuild";

    public CatalogUnusableException(string catalogPath, CatalogFault fault, string problem, Exception? inner = null)
        : base(Sentence(catalogPath, fault, problem, RecoveryCommand), inner)
    {
        CatalogPath = catalogPath;
        Fault = fault;
        Problem = problem;
    }

    public string CatalogPath { get; }

    public CatalogFault Fault { get; }

    /// <summary>What is wrong, as the middle of the sentence ("is truncated (...)").</summary>
    public string Problem { get; }

    /// <summary>The same sentence with the exact recovery command line, options included.</summary>
    public string WithRecovery(string command) => Sentence(CatalogPath, Fault, Problem, command);

    private static string Sentence(string path, CatalogFault fault, string problem, string command)
    {
        // A catalog from a newer Watcher is not broken: that Watcher can still use it.
        string instead = fault == CatalogFault.NewerSchema ? "use that Watcher, or " : "";
        return $"The catalog {path} {problem}: {instead}with the daemon stopped, run `{command}` to set it aside and rebuild the catalog from the output folders.";
    }
}
