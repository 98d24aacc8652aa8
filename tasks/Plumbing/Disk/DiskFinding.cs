namespace PrivateCloud.Tasks.Plumbing.Disk;

/// <summary>A filesystem with its level against the thresholds.</summary>
public sealed record DiskFinding(FilesystemUsage Usage, DiskLevel Level);
