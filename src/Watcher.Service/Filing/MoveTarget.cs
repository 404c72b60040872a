using Watcher.Catalog;

namespace Watcher.Service.Filing;

/// <summary>Where an image goes and what its record becomes once the move completes.</summary>
/// <param name="Folder">Absolute destination directory; created when missing.</param>
/// <param name="FileName">The name wanted; a clash gets " (2)", " (3)", ... instead of overwriting.</param>
/// <param name="Status">The image's status after the move.</param>
/// <param name="FolderName">The output sub-folder name recorded in <see cref="ImageRecord.Folder"/>.</param>
/// <param name="Cluster">The cluster recorded in <see cref="ImageRecord.Cluster"/>.</param>
/// <param name="Score">The score recorded in <see cref="ImageRecord.Score"/>.</param>
public sealed record MoveTarget(string Folder, string FileName, ImageStatus Status, string? FolderName, int? Cluster, double? Score);

/// <summary>What <see cref="SafeMover.Recover"/> did with the journal entries a previous run left.</summary>
/// <param name="Completed">Moves finished: the image is at its destination.</param>
/// <param name="RolledBack">Moves undone: the image is still (or again) at its source.</param>
/// <param name="Missing">The image's bytes were at neither end: its record is now Missing.</param>
public sealed record RecoveryReport(int Completed, int RolledBack, int Missing);
