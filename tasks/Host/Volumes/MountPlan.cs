using PrivateCloud.Frosting;

namespace PrivateCloud.Tasks.Host.Volumes;

/// <summary>The decisions of MountVolume, from probe results only, so each one is tested without a disk.</summary>
public static class MountPlan
{
    public const string FstabOptions = "defaults,nofail 0 2";

    /// <summary>
    /// Formats only a blank device, and only when asked: a device holding anything (a partition
    /// table, any signature) may be someone's data, and that is never the tool's call to wipe.
    /// </summary>
    public static DevicePreparation Prepare(BlockDeviceState state, bool format, bool partition, string device, string host)
    {
        if (state.Filesystem is not null)
        {
            return DevicePreparation.None;
        }

        if (!state.IsBlank)
        {
            var found = string.Join(", ", state.Signatures.Distinct(StringComparer.Ordinal).Concat(state.Partitions.Select(p => "partition " + p)));
            throw new BuildInputException(
                $"{device} on {host} holds data ({found}) but no filesystem MountVolume can mount on it or its first partition; " +
                "it is never formatted: check it is the right device, and if its contents are really unwanted, wipe it yourself (wipefs -a) and run again.");
        }

        if (!format)
        {
            throw new BuildInputException(
                $"{device} on {host} is blank (no partition table, no filesystem): run again with {HostSettings.FormatDevice.Option} " +
                "to create an ext4 filesystem on it.");
        }

        return partition ? DevicePreparation.PartitionAndFormat : DevicePreparation.FormatWholeDevice;
    }

    /// <summary>How a kernel names partition <paramref name="number"/>: sdb1, but loop0p1 and nvme0n1p1 after a digit.</summary>
    public static string PartitionPath(string device, int number) =>
        char.IsAsciiDigit(device[^1]) ? $"{device}p{number}" : $"{device}{number}";

    public static string FstabLine(BlockFilesystem filesystem, string mount) =>
        $"UUID={filesystem.Uuid} {mount} {filesystem.Type} {FstabOptions}";

    /// <summary>
    /// Whether fstab still needs the entry. An entry for the mount point naming another source is
    /// the administrator's: it is reported, not rewritten.
    /// </summary>
    public static bool NeedsFstabEntry(string fstab, BlockFilesystem filesystem, string mount, string host)
    {
        var entry = fstab.Split('\n')
            .Select(line => line.Trim())
            .Where(line => line.Length > 0 && !line.StartsWith('#'))
            .Select(line => line.Split([' ', '\t'], StringSplitOptions.RemoveEmptyEntries))
            .FirstOrDefault(fields => fields.Length >= 2 && fields[1].TrimEnd('/') == mount);
        if (entry is null)
        {
            return true;
        }

        return entry[0] == $"UUID={filesystem.Uuid}" || entry[0] == filesystem.Device
            ? false
            : throw new BuildInputException(
                $"/etc/fstab on {host} already mounts {entry[0]} at {mount}, not {filesystem.Device} (UUID={filesystem.Uuid}): " +
                "remove or fix that line, or choose another --mount.");
    }
}
