using System.Runtime.Versioning;
using PrivateCloud.Tasks.Host.Volumes;
using PrivateCloud.Tasks.Plumbing.Remote;
using PrivateCloud.Tests.Infrastructure;

namespace PrivateCloud.Tests.Host;

[UnsupportedOSPlatform("windows")]
public sealed class VolumeCommandsTests
{
    private static readonly Guid Uuid = Guid.Parse("0f1e2d3c-0000-4000-8000-000000000001");

    public static TheoryData<string, RemoteCommand> CommandsForPlainNames => new()
    {
        { "findmnt -n -o SOURCE --mountpoint /mnt/databases", VolumeCommands.MountedSource("/mnt/databases") },
        { "ls -A -- /mnt/databases", VolumeCommands.ListEntries("/mnt/databases") },
        { "test -b /dev/sdb", VolumeCommands.IsBlockDevice("/dev/sdb") },
        { "lsblk -nrpo NAME -- /dev/sdb", VolumeCommands.DeviceAndPartitions("/dev/sdb") },
        { "wipefs --noheadings --output TYPE -- /dev/sdb", VolumeCommands.Signatures("/dev/sdb") },
        { "blkid -p -o export -- /dev/sdb1", VolumeCommands.Filesystem("/dev/sdb1") },
        { "mkfs.ext4 -q -U 0f1e2d3c-0000-4000-8000-000000000001 -- /dev/sdb1", VolumeCommands.Format("/dev/sdb1", Uuid) },
        { "parted -s -- /dev/sdb mklabel gpt mkpart primary ext4 0% 100%", VolumeCommands.PartitionWholeDevice("/dev/sdb") },
        {
            "partx -u -- /dev/sdb; if command -v udevadm >/dev/null; then udevadm settle; fi; test -b /dev/sdb1 || " +
            "{ echo 'the kernel made no /dev/sdb1 for the new partition' >&2; exit 1; }",
            VolumeCommands.AwaitPartition("/dev/sdb", "/dev/sdb1")
        },
        { "cat -- /etc/fstab", VolumeCommands.ReadFstab() },
        {
            "if [ -s /etc/fstab ] && [ -n \"$(tail -c 1 /etc/fstab)\" ]; then echo >> /etc/fstab; fi; printf '%s\\n' 'UUID=x /mnt/files ext4 defaults,nofail 0 2' >> /etc/fstab",
            VolumeCommands.AppendToFstab("UUID=x /mnt/files ext4 defaults,nofail 0 2")
        },
        { "mount -- /mnt/files", VolumeCommands.MountFromFstab("/mnt/files") },
        { "umount -- /mnt/files", VolumeCommands.Unmount("/mnt/files") },
        { "dumpe2fs -h -- /dev/sdb1 2>/dev/null", VolumeCommands.Superblock("/dev/sdb1") },
        { "echo ', +' | sfdisk --quiet --no-reread -N 2 -- /dev/sdb && partx -u -- /dev/sdb", VolumeCommands.GrowPartition("/dev/sdb", 2) },
        { "e2fsck -f -y -- /dev/sdb1", VolumeCommands.CheckFilesystem("/dev/sdb1") },
        { "resize2fs -- /dev/sdb1", VolumeCommands.ResizeFilesystem("/dev/sdb1") },
        {
            "findmnt --fstab -n --mountpoint /mnt/files >/dev/null && mount -- /mnt/files || mount -- /dev/sdb1 /mnt/files",
            VolumeCommands.Remount("/mnt/files", "/dev/sdb1")
        },
        { ContainerMounts.Command, VolumeCommands.ContainerMountSources() },
        { VolumeSizes.SysfsCommand("/dev/sdb", "/dev/sdb1"), VolumeCommands.Sizes("/dev/sdb", "/dev/sdb1") },
    };

    [Theory]
    [MemberData(nameof(CommandsForPlainNames))]
    public void Each_command_reads_as_typed_by_hand_and_runs_as_root(string expected, RemoteCommand command)
    {
        Assert.Equal(expected, command.Text);
        Assert.True(command.Privileged);
        Assert.Null(command.Input);
    }

    [Theory]
    [MemberData(nameof(StubbedShell.HostileValues), MemberType = typeof(StubbedShell))]
    public async Task A_hostile_device_or_mount_reaches_each_program_as_one_unchanged_argument(string value)
    {
        Assert.Equal([["findmnt", "-n", "-o", "SOURCE", "--mountpoint", value]], await StubbedShell.Calls(VolumeCommands.MountedSource(value), "findmnt"));
        Assert.Equal([["ls", "-A", "--", value]], await StubbedShell.Calls(VolumeCommands.ListEntries(value), "ls"));
        Assert.Equal([["lsblk", "-nrpo", "NAME", "--", value]], await StubbedShell.Calls(VolumeCommands.DeviceAndPartitions(value), "lsblk"));
        Assert.Equal([["wipefs", "--noheadings", "--output", "TYPE", "--", value]], await StubbedShell.Calls(VolumeCommands.Signatures(value), "wipefs"));
        Assert.Equal([["blkid", "-p", "-o", "export", "--", value]], await StubbedShell.Calls(VolumeCommands.Filesystem(value), "blkid"));
        Assert.Equal([["mkfs.ext4", "-q", "-U", Uuid.ToString("D"), "--", value]], await StubbedShell.Calls(VolumeCommands.Format(value, Uuid), "mkfs.ext4"));
        Assert.Equal(
            [["parted", "-s", "--", value, "mklabel", "gpt", "mkpart", "primary", "ext4", "0%", "100%"]],
            await StubbedShell.Calls(VolumeCommands.PartitionWholeDevice(value), "parted"));
        Assert.Equal([["mount", "--", value]], await StubbedShell.Calls(VolumeCommands.MountFromFstab(value), "mount"));
        Assert.Equal([["umount", "--", value]], await StubbedShell.Calls(VolumeCommands.Unmount(value), "umount"));
        Assert.Equal([["dumpe2fs", "-h", "--", value]], await StubbedShell.Calls(VolumeCommands.Superblock(value), "dumpe2fs"));
        Assert.Equal(
            [["sfdisk", "--quiet", "--no-reread", "-N", "1", "--", value], ["partx", "-u", "--", value]],
            await StubbedShell.Calls(VolumeCommands.GrowPartition(value, 1), "sfdisk", "partx"));
        Assert.Equal([["e2fsck", "-f", "-y", "--", value]], await StubbedShell.Calls(VolumeCommands.CheckFilesystem(value), "e2fsck"));
        Assert.Equal([["resize2fs", "--", value]], await StubbedShell.Calls(VolumeCommands.ResizeFilesystem(value), "resize2fs"));
        Assert.Equal(
            [["findmnt", "--fstab", "-n", "--mountpoint", value], ["mount", "--", value]],
            await StubbedShell.Calls(VolumeCommands.Remount(value, value), "findmnt", "mount"));
    }

    [Theory]
    [MemberData(nameof(StubbedShell.HostileValues), MemberType = typeof(StubbedShell))]
    public async Task A_hostile_partition_reaches_partx_and_the_error_line_unchanged(string value)
    {
        // No udevadm stub: "command -v" finds none, and test -b of a missing node fails, so the error line prints.
        var calls = await StubbedShell.Calls(VolumeCommands.AwaitPartition(value, value), "partx");

        Assert.Equal([["partx", "-u", "--", value]], calls);
    }

    [Fact]
    public async Task A_line_with_shell_characters_lands_in_fstab_as_written_on_a_line_of_its_own()
    {
        using var directory = new TemporaryDirectory();
        var fstab = directory.Write("fstab", "UUID=a / ext4 defaults 0 1");
        const string line = "UUID=b '/mnt/it''s' ext4 $(id),`id` 0 2";
        // The real path is the host's /etc/fstab; the text is the same with a copy's path in its place.
        var command = new RemoteCommand(VolumeCommands.AppendToFstab(line).Text.Replace(VolumeCommands.Fstab, fstab, StringComparison.Ordinal));

        // Only tail, printf and echo run, on the copy: nothing to stub.
        await SshServerFixture.RunTool("/bin/sh", "-c", command.Text);

        Assert.Equal($"UUID=a / ext4 defaults 0 1\n{line}\n", await File.ReadAllTextAsync(fstab, TestContext.Current.CancellationToken));
    }
}
