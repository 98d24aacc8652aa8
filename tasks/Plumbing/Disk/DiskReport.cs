namespace PrivateCloud.Tasks.Plumbing.Disk;

/// <summary>What <see cref="DiskUsageCheck"/> found on the host.</summary>
public sealed record DiskReport(
    IReadOnlyList<DiskFinding> Filesystems,
    IReadOnlyList<string> MissingMounts,
    IReadOnlyList<string> Unreadable)
{
    /// <summary>The worst level: a data mount point that is not mounted fails, since data would land on the root disk.</summary>
    public DiskLevel Level =>
        MissingMounts.Count > 0 ? DiskLevel.Fail
        : Filesystems.Select(f => f.Level).DefaultIfEmpty(DiskLevel.Ok).Max();
}
