using System.Globalization;
using PrivateCloud.Tasks.Plumbing.Remote;

namespace PrivateCloud.Tasks.Host.Volumes;

/// <summary>
/// Every command line <see cref="VolumeMounter"/> and <see cref="VolumeGrower"/> run on the host,
/// built here and nowhere else so their text, and the quoting of each device and path in it, is
/// checked without a host. All of them need root: block devices, /etc/fstab and mounts are root's.
/// </summary>
public static class VolumeCommands
{
    public const string Fstab = "/etc/fstab";

    /// <summary>What is mounted at <paramref name="mount"/>: prints nothing when nothing is.</summary>
    public static RemoteCommand MountedSource(string mount) => Root($"findmnt -n -o SOURCE --mountpoint {ShellQuote.Quote(mount)}");

    /// <summary>The entries of a directory, hidden ones too, one a line.</summary>
    public static RemoteCommand ListEntries(string directory) => Root($"ls -A -- {ShellQuote.Quote(directory)}");

    public static RemoteCommand IsBlockDevice(string device) => Root($"test -b {ShellQuote.Quote(device)}");

    /// <summary>The device and then its partitions, one a line. lsblk reads sysfs, so it lists partitions even where no udev made their /dev nodes.</summary>
    public static RemoteCommand DeviceAndPartitions(string device) => Root($"lsblk -nrpo NAME -- {ShellQuote.Quote(device)}");

    /// <summary>The type of every signature (partition table, filesystem, RAID member) on the device, one a line.</summary>
    public static RemoteCommand Signatures(string device) => Root($"wipefs --noheadings --output TYPE -- {ShellQuote.Quote(device)}");

    /// <summary>The filesystem on the device as KEY=value lines (<see cref="BlockFilesystem.Parse"/>); -p reads the device, not blkid's cache.</summary>
    public static RemoteCommand Filesystem(string device) => Root($"blkid -p -o export -- {ShellQuote.Quote(device)}");

    /// <summary>An ext4 filesystem with the given UUID, so its fstab entry is known before it exists.</summary>
    public static RemoteCommand Format(string target, Guid uuid) => Root($"mkfs.ext4 -q -U {uuid:D} -- {ShellQuote.Quote(target)}");

    public static RemoteCommand PartitionWholeDevice(string device) =>
        Root($"parted -s -- {ShellQuote.Quote(device)} mklabel gpt mkpart primary ext4 0% 100%");

    /// <summary>
    /// The kernel learns of a new table from parted, and from partx again in case it did not; udev then
    /// makes the /dev node, which settle waits for where udev runs. Fails, saying so, when the node is missing.
    /// </summary>
    public static RemoteCommand AwaitPartition(string device, string partition) => Root(
        $"partx -u -- {ShellQuote.Quote(device)}; if command -v udevadm >/dev/null; then udevadm settle; fi; test -b {ShellQuote.Quote(partition)} || " +
        $"{{ echo {ShellQuote.Quote($"the kernel made no {partition} for the new partition")} >&2; exit 1; }}");

    public static RemoteCommand ReadFstab() => Root($"cat -- {Fstab}");

    /// <summary>Appends one line to /etc/fstab; a last line without its newline would otherwise be glued to it.</summary>
    public static RemoteCommand AppendToFstab(string line) => Root(
        $"if [ -s {Fstab} ] && [ -n \"$(tail -c 1 {Fstab})\" ]; then echo >> {Fstab}; fi; printf '%s\\n' {ShellQuote.Quote(line)} >> {Fstab}");

    /// <summary>Mounting through the fstab entry proves the entry works before a reboot depends on it.</summary>
    public static RemoteCommand MountFromFstab(string mount) => Root($"mount -- {ShellQuote.Quote(mount)}");

    public static RemoteCommand Unmount(string mount) => Root($"umount -- {ShellQuote.Quote(mount)}");

    /// <summary>The sizes <see cref="VolumeSizes.Parse"/> reads from sysfs.</summary>
    public static RemoteCommand Sizes(string device, string source) => Root(VolumeSizes.SysfsCommand(device, source));

    /// <summary>The ext4 superblock's fields; the block count and size give the filesystem's size.</summary>
    public static RemoteCommand Superblock(string source) => Root($"dumpe2fs -h -- {ShellQuote.Quote(source)} 2>/dev/null");

    /// <summary>What <see cref="ContainerMounts.Using"/> reads: every running container's mount sources.</summary>
    public static RemoteCommand ContainerMountSources() => Root(ContainerMounts.Command);

    /// <summary>
    /// sfdisk, not parted: on a disk grown under a GPT table, <c>parted -s resizepart</c> stops at its
    /// question to move the backup table and fails; sfdisk moves it while it writes. ", +" keeps the
    /// partition's start and gives it all the space after it.
    /// </summary>
    public static RemoteCommand GrowPartition(string device, int partition)
    {
        var quoted = ShellQuote.Quote(device);
        return Root($"echo ', +' | sfdisk --quiet --no-reread -N {partition.ToString(CultureInfo.InvariantCulture)} -- {quoted} && partx -u -- {quoted}");
    }

    /// <summary>A forced check: resize2fs refuses an unmounted filesystem that was not checked since its last mount.</summary>
    public static RemoteCommand CheckFilesystem(string source) => Root($"e2fsck -f -y -- {ShellQuote.Quote(source)}");

    public static RemoteCommand ResizeFilesystem(string source) => Root($"resize2fs -- {ShellQuote.Quote(source)}");

    /// <summary>Mounts through fstab when the mount point has an entry there, else the source directly.</summary>
    public static RemoteCommand Remount(string mount, string source)
    {
        var quotedMount = ShellQuote.Quote(mount);
        return Root($"findmnt --fstab -n --mountpoint {quotedMount} >/dev/null && mount -- {quotedMount} || mount -- {ShellQuote.Quote(source)} {quotedMount}");
    }

    private static RemoteCommand Root(string text) => new(text) { Privileged = true };
}
