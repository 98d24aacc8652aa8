using PrivateCloud.Frosting;
using PrivateCloud.Tasks.Plumbing.Reporting;
using PrivateCloud.Tasks.Plumbing.Remote;

namespace PrivateCloud.Tasks.Host.Volumes;

/// <summary>
/// Mounts a data disk at a mount point and records it in /etc/fstab by UUID (device names change
/// between boots; <c>nofail</c> keeps a missing disk from stopping the boot). Formats it only when
/// <see cref="MountPlan.Prepare"/> allows. Every step probes first, so a second run changes nothing.
/// </summary>
public sealed class VolumeMounter(RemoteShell shell)
{
    public IReadOnlyList<HostChange> Ensure(string device, string mount, bool format, bool partition)
    {
        var changes = new List<HostChange>();
        var state = Inspect(device);
        RefuseToHideFiles(mount, device);
        var preparation = MountPlan.Prepare(state, format, partition, device, shell.Target.Host);
        var filesystem = preparation switch
        {
            DevicePreparation.PartitionAndFormat => Format(CreatePartition(device, changes), changes),
            DevicePreparation.FormatWholeDevice => Format(device, changes),
            _ => state.Filesystem ?? throw new InvalidOperationException($"{device} needs no preparation but holds no filesystem."),
        };

        EnsureMountPoint(mount, changes);
        EnsureFstabEntry(filesystem, mount, changes);
        EnsureMounted(filesystem, mount, changes);
        return changes;
    }

    /// <summary>A disk mounted over files hides them from every container that used them: checked before anything changes.</summary>
    private void RefuseToHideFiles(string mount, string device)
    {
        if (shell.Probe(VolumeCommands.MountedSource(mount)).StandardOutput.Trim().Length > 0)
        {
            return;
        }

        var entries = Lines(shell.Probe(VolumeCommands.ListEntries(mount)).StandardOutput);
        if (entries.Count > 0)
        {
            throw new BuildInputException(
                $"{mount} on {shell.Target.Host} is not empty ({entries.Count} entries, e.g. {entries[0]}): mounting {device} over it would hide them; " +
                $"move them away or choose another {HostSettings.Mount.Option}.");
        }
    }

    /// <summary>The device's partitions, signatures and filesystem, read from the host.</summary>
    public BlockDeviceState Inspect(string device)
    {
        if (!shell.Probe(VolumeCommands.IsBlockDevice(device)).Succeeded)
        {
            throw new BuildInputException($"{HostSettings.Device.Option}={device}: no such block device on {shell.Target.Host} (lsblk lists them).");
        }

        var partitions = Lines(shell.Read(VolumeCommands.DeviceAndPartitions(device))).Skip(1).ToList();
        var signatures = Lines(shell.Read(VolumeCommands.Signatures(device)));
        var filesystem = Probe(device) ?? (partitions.Count > 0 ? Probe(partitions[0]) : null);
        return new BlockDeviceState(signatures, partitions, filesystem);
    }

    private BlockFilesystem? Probe(string device) =>
        BlockFilesystem.Parse(device, shell.Probe(VolumeCommands.Filesystem(device)).StandardOutput);

    /// <summary>
    /// The UUID is chosen here and given to mkfs, so the fstab entry is known without reading the new
    /// filesystem back: the same in a dry run, where it is never made.
    /// </summary>
    private BlockFilesystem Format(string target, List<HostChange> changes)
    {
        var uuid = Guid.NewGuid();
        shell.Run(VolumeCommands.Format(target, uuid));
        changes.Add(new HostChange("create", "created", $"an ext4 filesystem on {target}"));
        return new BlockFilesystem(target, "ext4", uuid.ToString("D"));
    }

    private string CreatePartition(string device, List<HostChange> changes)
    {
        shell.Run(VolumeCommands.PartitionWholeDevice(device));
        var partition = MountPlan.PartitionPath(device, 1);
        shell.Run(VolumeCommands.AwaitPartition(device, partition));
        changes.Add(new HostChange("create", "created", $"a GPT partition table with one partition {partition} over {device}"));
        return partition;
    }

    private void EnsureMountPoint(string mount, List<HostChange> changes)
    {
        if (shell.Probe(DirectoryCommands.Exists(mount)).Succeeded)
        {
            return;
        }

        shell.Run(DirectoryCommands.Make(mount));
        changes.Add(new HostChange("create", "created", $"mount point {mount}"));
    }

    private void EnsureFstabEntry(BlockFilesystem filesystem, string mount, List<HostChange> changes)
    {
        var fstab = shell.Probe(VolumeCommands.ReadFstab()).StandardOutput;
        if (!MountPlan.NeedsFstabEntry(fstab, filesystem, mount, shell.Target.Host))
        {
            return;
        }

        var line = MountPlan.FstabLine(filesystem, mount);
        shell.Run(VolumeCommands.AppendToFstab(line));
        changes.Add(new HostChange("add", "added", $"to {VolumeCommands.Fstab}: {line}"));
    }

    private void EnsureMounted(BlockFilesystem filesystem, string mount, List<HostChange> changes)
    {
        var source = shell.Probe(VolumeCommands.MountedSource(mount)).StandardOutput.Trim();
        if (source == filesystem.Device)
        {
            return;
        }

        if (source.Length > 0)
        {
            throw new BuildInputException(
                $"{source} is mounted at {mount} on {shell.Target.Host}, not {filesystem.Device}: unmount it or choose another {HostSettings.Mount.Option}.");
        }

        shell.Run(VolumeCommands.MountFromFstab(mount));
        changes.Add(new HostChange("mount", "mounted", $"{filesystem.Device} at {mount}"));
    }

    private static List<string> Lines(string text) =>
        text.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).ToList();
}
