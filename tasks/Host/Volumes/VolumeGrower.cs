using System.Globalization;
using PrivateCloud.Frosting;
using PrivateCloud.Tasks.Plumbing.Reporting;
using PrivateCloud.Tasks.Plumbing.Remote;

namespace PrivateCloud.Tasks.Host.Volumes;

/// <summary>
/// Grows the ext4 filesystem mounted at a mount point into the space a bigger disk gives it, by
/// the offline sequence: unmount, grow the partition, e2fsck -f, resize2fs, mount. Refuses while
/// containers use the mount; does nothing when there is no room to grow into.
/// </summary>
public sealed class VolumeGrower(RemoteShell shell)
{
    /// <summary>e2fsck's exit status for "errors were found and corrected": the check still passed.</summary>
    private const int ErrorsCorrected = 1;

    public IReadOnlyList<HostChange> Ensure(string device, string mount)
    {
        var source = shell.Probe(VolumeCommands.MountedSource(mount)).StandardOutput.Trim();
        if (source.Length == 0)
        {
            throw new BuildInputException($"Nothing is mounted at {mount} on {shell.Target.Host}: mount {device} there first (MountVolume).");
        }

        var belongs = shell.Read(VolumeCommands.DeviceAndPartitions(device))
            .Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        if (!belongs.Contains(source))
        {
            throw new BuildInputException($"{mount} on {shell.Target.Host} holds {source}, which is not {device} or one of its partitions: check {HostSettings.Device.Option}.");
        }

        var sysfs = shell.Read(VolumeCommands.Sizes(device, source));
        var dumpe2fs = shell.Read(VolumeCommands.Superblock(source));
        var sizes = VolumeSizes.Parse(sysfs, dumpe2fs);
        var plan = GrowPlan.Decide(sizes);
        if (plan.NothingToDo)
        {
            return [];
        }

        var users = ContainerMounts.Using(shell.Read(VolumeCommands.ContainerMountSources()), mount);
        if (users.Count > 0)
        {
            throw new BuildInputException(
                $"Running containers use {mount} on {shell.Target.Host}: {string.Join("; ", users)}. " +
                "Stop them first (docker compose stop <service>), run GrowVolume again, then start them.");
        }

        Grow(device, mount, source, sizes.PartitionNumber, plan);
        return [new HostChange(
            "grow", "grew", $"{(plan.GrowPartition ? $"partition {source} and " : string.Empty)}the filesystem at {mount} to fill {device} ({Mib(sizes.FilesystemBytes)} MiB before)")];
    }

    private void Grow(string device, string mount, string source, int? partition, GrowPlan plan)
    {
        shell.Run(VolumeCommands.Unmount(mount));
        var damaged = false;
        try
        {
            if (plan.GrowPartition)
            {
                shell.Run(VolumeCommands.GrowPartition(device, partition!.Value));
            }

            var check = shell.Attempt(VolumeCommands.CheckFilesystem(source));
            if (check.ExitCode is not (0 or ErrorsCorrected))
            {
                damaged = true;
                throw new RemoteCommandException(
                    $"e2fsck -f -y {source} on {shell.Target} found errors it could not correct (exit status {check.ExitCode}); " +
                    $"it is left unmounted for you to repair: {check.StandardError.Trim()}", check.ExitCode);
            }

            shell.Run(VolumeCommands.ResizeFilesystem(source));
        }
        finally
        {
            // The data goes back where the services expect it, whatever failed above, unless e2fsck
            // called for a repair: mounting a damaged filesystem would make it worse.
            if (!damaged)
            {
                shell.Run(VolumeCommands.Remount(mount, source));
            }
        }
    }

    private static string Mib(long bytes) => (bytes / (1024 * 1024)).ToString(CultureInfo.InvariantCulture);
}
