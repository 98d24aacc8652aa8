using PrivateCloud.Tasks.Plumbing.Disk;

namespace PrivateCloud.Tests.Host;

public sealed class DfOutputTests
{
    private const string Header = "Filesystem     1024-blocks     Used Available Capacity Mounted on\n";

    [Fact]
    public void Reads_every_column_of_a_posix_line()
    {
        var parsed = DfOutput.Parse(Header + "/dev/vda1        264212084 14221872  82556100      15% /\n");

        Assert.Equal([new FilesystemUsage("/dev/vda1", 264212084, 14221872, 82556100, 15, "/")], parsed);
    }

    [Fact]
    public void Keeps_a_long_device_name_and_a_mount_point_with_spaces_whole()
    {
        const string device = "/dev/mapper/vg--very--long--volume--group--name-lv--data--volume--for--backups";
        var parsed = DfOutput.Parse(Header + $"{device} 1000 900 100 90% /media/Backup Disk\r\n");

        var line = Assert.Single(parsed);
        Assert.Equal(device, line.Device);
        Assert.Equal("/media/Backup Disk", line.MountPoint);
        Assert.Equal(90, line.UsePercent);
    }

    [Fact]
    public void Treats_a_dash_capacity_as_nothing_used()
    {
        var line = Assert.Single(DfOutput.Parse(Header + "proc 0 0 0 - /proc\n"));

        Assert.Equal(0, line.UsePercent);
        Assert.False(line.IsDevice);
    }

    [Fact]
    public void Empty_output_has_no_filesystems() => Assert.Empty(DfOutput.Parse(string.Empty));

    [Fact]
    public void A_line_that_is_not_posix_df_is_an_error_that_quotes_it()
    {
        // What df without -P prints for a long device name: the numbers wrap onto the next line.
        var error = Assert.Throws<FormatException>(() =>
            DfOutput.Parse(Header + "/dev/mapper/very-long-name\n   1000 900 100 90% /srv\n"));

        Assert.Equal("df -P -k printed a line this tool cannot read: '/dev/mapper/very-long-name'.", error.Message);
    }
}
