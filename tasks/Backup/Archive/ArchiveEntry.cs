namespace PrivateCloud.Tasks.Backup.Archive;

/// <summary>A file to archive: where it is now, and its name inside the archive (relative, '/'-separated).</summary>
public sealed record ArchiveEntry(string SourcePath, string Name);
