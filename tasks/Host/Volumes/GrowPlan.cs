namespace PrivateCloud.Tasks.Host.Volumes;

/// <summary>Whether the partition, then the filesystem, has room to grow into.</summary>
public sealed record GrowPlan(bool GrowPartition, bool GrowFilesystem)
{
    /// <summary>
    /// Slack ignored: GPT keeps a backup table at the disk's end, partitions are aligned to 1 MiB and
    /// resize2fs drops a last block group too small to be useful. Less than this is not worth an unmount.
    /// </summary>
    public const long SlackBytes = 16L * 1024 * 1024;

    public bool NothingToDo => !GrowPartition && !GrowFilesystem;

    public static GrowPlan Decide(VolumeSizes sizes)
    {
        var partitionEnd = sizes.PartitionStartBytes + sizes.PartitionBytes;
        var growPartition = sizes.PartitionNumber is not null && sizes.DiskBytes - partitionEnd > SlackBytes;
        // A partition about to grow ends up reaching (about) the disk's end; the filesystem fills that.
        var room = growPartition ? sizes.DiskBytes - sizes.PartitionStartBytes : sizes.PartitionBytes;
        return new GrowPlan(growPartition, growPartition || room - sizes.FilesystemBytes > SlackBytes);
    }
}
