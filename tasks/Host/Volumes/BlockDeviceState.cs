namespace PrivateCloud.Tasks.Host.Volumes;

/// <summary>
/// What the probes found on a block device: the signatures <c>wipefs</c> lists on the whole device
/// (filesystems, partition tables, RAID...), its partitions, and the filesystem to mount, on the
/// device itself or its first partition (null: none).
/// </summary>
public sealed record BlockDeviceState(IReadOnlyList<string> Signatures, IReadOnlyList<string> Partitions, BlockFilesystem? Filesystem)
{
    /// <summary>Nothing on it at all: the only kind of device MountVolume will format.</summary>
    public bool IsBlank => Signatures.Count == 0 && Partitions.Count == 0 && Filesystem is null;
}
