using PrivateCloud.Tasks.Host.Volumes;

namespace PrivateCloud.Tests.Host;

public sealed class GrowPlanTests
{
    private const long MiB = 1024 * 1024;

    private const string Dumpe2fs64MiB = "dumpe2fs 1.47.0 (5-Feb-2023)\nFilesystem volume name:   <none>\nBlock count:              16384\nBlock size:               4096\n";

    [Fact]
    public void Sizes_of_a_whole_device_filesystem_come_from_sysfs_sectors_and_dumpe2fs()
    {
        var sizes = VolumeSizes.Parse("327680\n", Dumpe2fs64MiB);

        Assert.Equal(new VolumeSizes(160 * MiB, null, 0, 160 * MiB, 64 * MiB), sizes);
    }

    [Fact]
    public void Sizes_of_a_partition_add_its_number_start_and_size()
    {
        var sizes = VolumeSizes.Parse("327680\n1\n2048\n129024\n", Dumpe2fs64MiB);

        Assert.Equal(new VolumeSizes(160 * MiB, 1, MiB, 63 * MiB, 64 * MiB), sizes);
    }

    [Fact]
    public void A_filesystem_that_is_not_ext_is_named_as_such()
    {
        var error = Assert.Throws<FormatException>(() => VolumeSizes.Parse("327680\n", "Couldn't find valid filesystem superblock.\n"));

        Assert.Contains("not ext2/3/4", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_whole_device_filesystem_grows_when_the_device_grew()
    {
        Assert.Equal(new GrowPlan(false, true), GrowPlan.Decide(new VolumeSizes(160 * MiB, null, 0, 160 * MiB, 64 * MiB)));
    }

    [Fact]
    public void A_partition_with_free_space_after_it_grows_and_its_filesystem_with_it()
    {
        Assert.Equal(new GrowPlan(true, true), GrowPlan.Decide(new VolumeSizes(160 * MiB, 1, MiB, 63 * MiB, 63 * MiB)));
    }

    [Fact]
    public void A_partition_grown_earlier_leaves_only_the_filesystem()
    {
        Assert.Equal(new GrowPlan(false, true), GrowPlan.Decide(new VolumeSizes(160 * MiB, 1, MiB, 159 * MiB - 17 * 512, 63 * MiB)));
    }

    [Theory]
    [InlineData(160, null, 160)]
    [InlineData(160, 1, 159)]
    public void Slack_from_gpt_alignment_and_rounding_is_nothing_to_do(long disk, int? partition, long filesystem)
    {
        var start = partition is null ? 0 : MiB;
        var sizes = new VolumeSizes(disk * MiB, partition, start, disk * MiB - start - 17 * 512, (filesystem * MiB) - (3 * MiB));

        Assert.True(GrowPlan.Decide(sizes).NothingToDo);
    }

    [Fact]
    public void Running_containers_mounting_under_the_mount_point_are_named_from_the_recorded_docker_output()
    {
        const string recorded = "/stack-mail-1 /mnt/files/mails /etc/localtime \n/stack-db-1 /mnt/databases/db \n/other /mnt/filesystem \n/stack-web-1 /mnt/files \n";

        var users = ContainerMounts.Using(recorded, "/mnt/files");

        Assert.Equal(["stack-mail-1 (/mnt/files/mails)", "stack-web-1 (/mnt/files)"], users);
    }

    [Fact]
    public void No_docker_output_means_no_running_services() =>
        Assert.Empty(ContainerMounts.Using(string.Empty, "/mnt/files"));
}
