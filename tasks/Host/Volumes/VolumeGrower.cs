using System.Globalization;
using PrivateCloud.Frosting;
using PrivateCloud.Tasks.Host.Reporting;
using PrivateCloud.Tasks.Remote;

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
        var quotedMount = ShellQuote.Quote(mount);
        var source = shell.Probe(new RemoteCommand($"findmnt -n -o SOURCE --mountpoint {quotedMount}") { Privileged = true }).StandardOutput.Trim();
        if (source.Length == 0)
        {
            throw new BuildInputException($"Nothing is mounted at {mount} on {shell.Target.Host}: mount {device} there first (MountVolume).");
        }

        var belongs = shell.Read(new RemoteCommand($"lsblk -nrpo NAME -- {ShellQuote.Quote(device)}") { Privileged = true })
            .Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        if (!belongs.Contains(source))
        {
            throw new BuildInputException($"{mount} on {shell.Target.Host} holds {source}, which is not {device} or one of its partitions: check {HostSettings.Device.Option}.");
        }

        var sysfs = shell.Read(new RemoteCommand(VolumeSizes.SysfsCommand(device, source)) { Privileged = true });
        var dumpe2fs = shell.Read(new RemoteCommand($"dumpe2fs -h -- {ShellQuote.Quote(source)} 2>/dev/null") { Privileged = true });
        var sizes = VolumeSizes.Parse(sysfs, dumpe2fs);
        var plan = GrowPlan.Decide(sizes);
        if (plan.NothingToDo)
        {
            return [];
        }

        var users = ContainerMounts.Using(shell.Read(new RemoteCommand(ContainerMounts.Command) { Privileged = true }), mount);
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
        var quotedSource = ShellQuote.Quote(source);
        shell.Run(new RemoteCommand($"umount -- {ShellQuote.Quote(mount)}") { Privileged = true });
        var damaged = false;
        try
        {
            if (plan.GrowPartition)
            {
                // sfdisk, not parted: on a disk grown under a GPT table, `parted -s resizepart` stops at
                // its question to move the backup table and fails; sfdisk moves it while it writes.
                // ", +" keeps the partition's start and gives it all the space after it.
                var number = partition!.Value.ToString(CultureInfo.InvariantCulture);
                shell.Run(new RemoteCommand(
                    $"echo ', +' | sfdisk --quiet --no-reread -N {number} -- {ShellQuote.Quote(device)} && partx -u -- {ShellQuote.Quote(device)}") { Privileged = true });
            }

            // resize2fs refuses an unmounted filesystem that was not checked since its last mount.
            var check = shell.Attempt(new RemoteCommand($"e2fsck -f -y -- {quotedSource}") { Privileged = true });
            if (check.ExitCode is not (0 or ErrorsCorrected))
            {
                damaged = true;
                throw new RemoteCommandException(
                    $"e2fsck -f -y {source} on {shell.Target} found errors it could not correct (exit status {check.ExitCode}); " +
                    $"it is left unmounted for you to repair: {check.StandardError.Trim()}", check.ExitCode);
            }

            shell.Run(new RemoteCommand($"resize2fs -- {quotedSource}") { Privileged = true });
        }
        finally
        {
            // The data goes back where the services expect it, whatever failed above, unless e2fsck
            // called for a repair: mounting a damaged filesystem would make it worse.
            if (!damaged)
            {
                Remount(mount, source);
            }
        }
    }

    private void Remount(string mount, string source) =>
        shell.Run(new RemoteCommand(
            $"findmnt --fstab -n --mountpoint {ShellQuote.Quote(mount)} >/dev/null && mount -- {ShellQuote.Quote(mount)} || " +
            $"mount -- {ShellQuote.Quote(source)} {ShellQuote.Quote(mount)}") { Privileged = true });

    private static string Mib(long bytes) => (bytes / (1024 * 1024)).ToString(CultureInfo.InvariantCulture);
}
