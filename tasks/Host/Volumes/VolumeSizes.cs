using PrivateCloud.Tasks.Plumbing.Remote;
using System.Globalization;

namespace PrivateCloud.Tasks.Host.Volumes;

/// <summary>
/// Sizes in bytes of the disk, the partition holding the filesystem (null values: the filesystem
/// is on the whole disk), and the filesystem itself.
/// </summary>
public sealed record VolumeSizes(long DiskBytes, int? PartitionNumber, long PartitionStartBytes, long PartitionBytes, long FilesystemBytes)
{
    /// <summary>sysfs counts in 512-byte sectors whatever the disk's own sector size.</summary>
    private const long SysfsSector = 512;

    /// <summary>Prints the disk's size, then for a partition its number, start and size, all from sysfs.</summary>
    public static string SysfsCommand(string disk, string source) =>
        $"d=$(basename \"$(readlink -f -- {ShellQuote.Quote(disk)})\"); p=$(basename \"$(readlink -f -- {ShellQuote.Quote(source)})\"); " +
        "cat /sys/class/block/$d/size; if [ \"$d\" != \"$p\" ]; then cat /sys/class/block/$p/partition /sys/class/block/$p/start /sys/class/block/$p/size; fi";

    /// <summary>Reads the output of <see cref="SysfsCommand"/> and of <c>dumpe2fs -h</c>.</summary>
    public static VolumeSizes Parse(string sysfs, string dumpe2fs)
    {
        var numbers = sysfs.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Select(n => long.Parse(n, NumberStyles.None, CultureInfo.InvariantCulture))
            .ToList();
        var filesystem = Field(dumpe2fs, "Block count") * Field(dumpe2fs, "Block size");
        return numbers.Count switch
        {
            1 => new VolumeSizes(numbers[0] * SysfsSector, null, 0, numbers[0] * SysfsSector, filesystem),
            4 => new VolumeSizes(numbers[0] * SysfsSector, (int)numbers[1], numbers[2] * SysfsSector, numbers[3] * SysfsSector, filesystem),
            _ => throw new FormatException($"Expected the disk size, or it and the partition's number, start and size; got '{sysfs.Trim()}'."),
        };
    }

    private static long Field(string dumpe2fs, string name)
    {
        var line = dumpe2fs.Split('\n').FirstOrDefault(l => l.StartsWith(name + ":", StringComparison.Ordinal))
            ?? throw new FormatException($"dumpe2fs -h printed no '{name}:' line: the filesystem is not ext2/3/4.");
        return long.Parse(line[(name.Length + 1)..].Trim(), NumberStyles.None, CultureInfo.InvariantCulture);
    }
}
