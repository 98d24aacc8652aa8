using PrivateCloud.Frosting;
using PrivateCloud.Tasks.Host.Reporting;
using PrivateCloud.Tasks.Remote;

namespace PrivateCloud.Tasks.Host.Volumes;

/// <summary>
/// Mounts a data disk at a mount point and records it in /etc/fstab by UUID (device names change
/// between boots; <c>nofail</c> keeps a missing disk from stopping the boot). Formats it only when
/// <see cref="MountPlan.Prepare"/> allows. Every step probes first, so a second run changes nothing.
/// </summary>
public sealed class VolumeMounter(RemoteShell shell)
{
    private const string Fstab = "/etc/fstab";

    public IReadOnlyList<HostChange> Ensure(string device, string mount, bool format, bool partition)
    {
        var changes = new List<HostChange>();
        var state = Inspect(device);
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

    /// <summary>The device's partitions, signatures and filesystem, read from the host.</summary>
    public BlockDeviceState Inspect(string device)
    {
        var quoted = ShellQuote.Quote(device);
        if (!shell.Probe(new RemoteCommand($"test -b {quoted}") { Privileged = true }).Succeeded)
        {
            throw new BuildInputException($"{HostSettings.Device.Option}={device}: no such block device on {shell.Target.Host} (lsblk lists them).");
        }

        // lsblk reads sysfs, so it lists partitions even where no udev made their /dev nodes.
        var partitions = Lines(shell.Read(new RemoteCommand($"lsblk -nrpo NAME -- {quoted}") { Privileged = true })).Skip(1).ToList();
        var signatures = Lines(shell.Read(new RemoteCommand($"wipefs --noheadings --output TYPE -- {quoted}") { Privileged = true }));
        var filesystem = Probe(device) ?? (partitions.Count > 0 ? Probe(partitions[0]) : null);
        return new BlockDeviceState(signatures, partitions, filesystem);
    }

    private BlockFilesystem? Probe(string device) =>
        BlockFilesystem.Parse(device, shell.Probe(new RemoteCommand($"blkid -p -o export -- {ShellQuote.Quote(device)}") { Privileged = true }).StandardOutput);

    /// <summary>
    /// The UUID is chosen here and given to mkfs, so the fstab entry is known without reading the new
    /// filesystem back: the same in a dry run, where it is never made.
    /// </summary>
    private BlockFilesystem Format(string target, List<HostChange> changes)
    {
        var uuid = Guid.NewGuid().ToString("D");
        shell.Run(new RemoteCommand($"mkfs.ext4 -q -U {uuid} -- {ShellQuote.Quote(target)}") { Privileged = true });
        changes.Add(new HostChange("create", "created", $"an ext4 filesystem on {target}"));
        return new BlockFilesystem(target, "ext4", uuid);
    }

    private string CreatePartition(string device, List<HostChange> changes)
    {
        var quoted = ShellQuote.Quote(device);
        shell.Run(new RemoteCommand($"parted -s -- {quoted} mklabel gpt mkpart primary ext4 0% 100%") { Privileged = true });
        // The kernel learns of the new table from parted, and partx again in case it did not; udev then
        // makes the /dev node, which settle waits for where udev runs.
        var partition = MountPlan.PartitionPath(device, 1);
        shell.Run(new RemoteCommand(
            $"partx -u -- {quoted}; if command -v udevadm >/dev/null; then udevadm settle; fi; test -b {ShellQuote.Quote(partition)} || " +
            $"{{ echo 'the kernel made no {partition} for the new partition' >&2; exit 1; }}") { Privileged = true });
        changes.Add(new HostChange("create", "created", $"a GPT partition table with one partition {partition} over {device}"));
        return partition;
    }

    private void EnsureMountPoint(string mount, List<HostChange> changes)
    {
        var quoted = ShellQuote.Quote(mount);
        if (shell.Probe(new RemoteCommand($"test -d {quoted}") { Privileged = true }).Succeeded)
        {
            return;
        }

        shell.Run(new RemoteCommand($"mkdir -p -- {quoted}") { Privileged = true });
        changes.Add(new HostChange("create", "created", $"mount point {mount}"));
    }

    private void EnsureFstabEntry(BlockFilesystem filesystem, string mount, List<HostChange> changes)
    {
        var fstab = shell.Probe(new RemoteCommand($"cat -- {Fstab}") { Privileged = true }).StandardOutput;
        if (!MountPlan.NeedsFstabEntry(fstab, filesystem, mount, shell.Target.Host))
        {
            return;
        }

        var line = MountPlan.FstabLine(filesystem, mount);
        // A last line without its newline would otherwise be glued to the new entry.
        shell.Run(new RemoteCommand(
            $"if [ -s {Fstab} ] && [ -n \"$(tail -c 1 {Fstab})\" ]; then echo >> {Fstab}; fi; printf '%s\\n' {ShellQuote.Quote(line)} >> {Fstab}") { Privileged = true });
        changes.Add(new HostChange("add", "added", $"to {Fstab}: {line}"));
    }

    private void EnsureMounted(BlockFilesystem filesystem, string mount, List<HostChange> changes)
    {
        var source = shell.Probe(new RemoteCommand($"findmnt -n -o SOURCE --mountpoint {ShellQuote.Quote(mount)}") { Privileged = true }).StandardOutput.Trim();
        if (source == filesystem.Device)
        {
            return;
        }

        if (source.Length > 0)
        {
            throw new BuildInputException(
                $"{source} is mounted at {mount} on {shell.Target.Host}, not {filesystem.Device}: unmount it or choose another {HostSettings.Mount.Option}.");
        }

        // Mounting through the fstab entry proves the entry works before a reboot depends on it.
        shell.Run(new RemoteCommand($"mount -- {ShellQuote.Quote(mount)}") { Privileged = true });
        changes.Add(new HostChange("mount", "mounted", $"{filesystem.Device} at {mount}"));
    }

    private static List<string> Lines(string text) =>
        text.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).ToList();
}
