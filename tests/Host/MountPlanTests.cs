using PrivateCloud.Frosting;
using PrivateCloud.Tasks.Host.Volumes;

namespace PrivateCloud.Tests.Host;

public sealed class MountPlanTests
{
    private static readonly BlockFilesystem Ext4 = new("/dev/sdb1", "ext4", "0f1e2d3c-0000-4000-8000-000000000001");

    [Fact]
    public void A_device_with_a_filesystem_is_mounted_as_it_is_even_with_format()
    {
        var state = new BlockDeviceState(["gpt", "PMBR"], ["/dev/sdb1"], Ext4);

        Assert.Equal(DevicePreparation.None, MountPlan.Prepare(state, format: true, partition: true, "/dev/sdb", "host"));
    }

    [Theory]
    [InlineData(new[] { "gpt" }, new string[0], "holds data (gpt)")]
    [InlineData(new string[0], new[] { "/dev/sdb1" }, "holds data (partition /dev/sdb1)")]
    [InlineData(new[] { "linux_raid_member" }, new string[0], "holds data (linux_raid_member)")]
    public void A_device_holding_anything_but_a_mountable_filesystem_is_never_formatted(string[] signatures, string[] partitions, string expected)
    {
        var state = new BlockDeviceState(signatures, partitions, null);

        var error = Assert.Throws<BuildInputException>(() => MountPlan.Prepare(state, format: true, partition: true, "/dev/sdb", "host"));

        Assert.Contains($"/dev/sdb on host {expected} but no filesystem", error.Message, StringComparison.Ordinal);
        Assert.Contains("it is never formatted", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_blank_device_is_formatted_only_with_format()
    {
        var blank = new BlockDeviceState([], [], null);

        var error = Assert.Throws<BuildInputException>(() => MountPlan.Prepare(blank, format: false, partition: true, "/dev/sdb", "host"));

        Assert.Equal("/dev/sdb on host is blank (no partition table, no filesystem): run again with --format-device to create an ext4 filesystem on it.", error.Message);
        Assert.Equal(DevicePreparation.PartitionAndFormat, MountPlan.Prepare(blank, format: true, partition: true, "/dev/sdb", "host"));
        Assert.Equal(DevicePreparation.FormatWholeDevice, MountPlan.Prepare(blank, format: true, partition: false, "/dev/sdb", "host"));
    }

    [Theory]
    [InlineData("/dev/sdb", "/dev/sdb1")]
    [InlineData("/dev/vdc", "/dev/vdc1")]
    [InlineData("/dev/loop3", "/dev/loop3p1")]
    [InlineData("/dev/nvme0n1", "/dev/nvme0n1p1")]
    [InlineData("/dev/mmcblk0", "/dev/mmcblk0p1")]
    public void Partitions_after_a_digit_take_a_p(string device, string partition) =>
        Assert.Equal(partition, MountPlan.PartitionPath(device, 1));

    [Fact]
    public void The_fstab_entry_names_the_uuid_and_does_not_stop_the_boot()
    {
        Assert.Equal("UUID=0f1e2d3c-0000-4000-8000-000000000001 /mnt/files ext4 defaults,nofail 0 2", MountPlan.FstabLine(Ext4, "/mnt/files"));
    }

    [Theory]
    [InlineData("# /mnt/files was here\nUUID=abc / ext4 errors=remount-ro 0 1\n", true)]
    [InlineData("UUID=0f1e2d3c-0000-4000-8000-000000000001\t/mnt/files/\text4 defaults 0 2", false)]
    [InlineData("/dev/sdb1 /mnt/files ext4 defaults 0 2\n", false)]
    [InlineData("", true)]
    public void An_entry_is_added_only_when_fstab_has_none_for_the_mount_point(string fstab, bool needed) =>
        Assert.Equal(needed, MountPlan.NeedsFstabEntry(fstab, Ext4, "/mnt/files", "host"));

    [Fact]
    public void An_fstab_entry_mounting_something_else_there_is_reported_not_rewritten()
    {
        var error = Assert.Throws<BuildInputException>(
            () => MountPlan.NeedsFstabEntry("UUID=other /mnt/files ext4 defaults 0 2\n", Ext4, "/mnt/files", "host"));

        Assert.StartsWith("/etc/fstab on host already mounts UUID=other at /mnt/files, not /dev/sdb1", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("DEVNAME=/dev/sdb1\nUUID=0f1e2d3c-0000-4000-8000-000000000001\nBLOCK_SIZE=4096\nTYPE=ext4\nUSAGE=filesystem\n", true)]
    [InlineData("DEVNAME=/dev/sdb\nPTUUID=e217\nPTTYPE=gpt\n", false)]
    [InlineData("DEVNAME=/dev/sdb1\nUUID=1234\nTYPE=swap\nUSAGE=other\n", false)]
    [InlineData("", false)]
    public void Blkid_export_yields_only_a_filesystem_with_a_uuid(string export, bool found)
    {
        var filesystem = BlockFilesystem.Parse("/dev/sdb1", export);

        Assert.Equal(found ? Ext4 : null, filesystem);
    }
}
