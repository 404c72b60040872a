namespace Watcher.Service.Inbox;

/// <summary>A settled file ready to take: full path, its length and last-write time when it settled.</summary>
public sealed record SettledFile(string Path, long Length, DateTime LastWriteUtc);
