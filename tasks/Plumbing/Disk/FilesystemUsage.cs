namespace PrivateCloud.Tasks.Plumbing.Disk;

/// <summary>One line of <c>df -P -k</c>: sizes in KiB, the use percentage as df rounds it (up).</summary>
public sealed record FilesystemUsage(
    string Device,
    long SizeKiB,
    long UsedKiB,
    long AvailableKiB,
    int UsePercent,
    string MountPoint)
{
    /// <summary>Block devices; tmpfs, overlay, proc and friends are not disks that can fill up with data.</summary>
    public bool IsDevice => Device.StartsWith("/dev/", StringComparison.Ordinal);
}
