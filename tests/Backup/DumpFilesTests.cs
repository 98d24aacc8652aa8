using PrivateCloud.Tasks.Backup.Dumps;

namespace PrivateCloud.Tests.Backup;

/// <summary>How BackupStatus reads the nightly dumps: the command as text and what it makes of stat's lines.</summary>
public sealed class DumpFilesTests
{
    private static readonly DumpScript Script = DumpScript.For("/mnt/it's data", "cloud", DatabaseDump.Stack);

    [Fact]
    public void The_listing_stats_each_dump_by_name_in_the_quoted_dump_directory_as_root_and_never_fails()
    {
        var command = DumpFiles.Listing(Script);

        Assert.Equal("cd -- '/mnt/it'\\''s data/dumps' 2>/dev/null && stat -c '%Y %s %n' -- mariadb.sql mongo.archive 2>/dev/null; true", command.Text);
        Assert.True(command.Privileged);
    }

    [Fact]
    public void Each_dump_gets_its_time_and_size_and_one_stat_did_not_print_is_none()
    {
        var dumps = DumpFiles.Parse(Script, "1765065600 4096 mariadb.sql\n");

        Assert.Equal(
            [
                new DumpFile("mariadb", "/mnt/it's data/dumps/mariadb.sql", new DateTimeOffset(2025, 12, 7, 0, 0, 0, TimeSpan.Zero), 4096),
                new DumpFile("mongo", "/mnt/it's data/dumps/mongo.archive", null, null),
            ],
            dumps);
    }

    [Theory]
    [InlineData("")]
    [InlineData("stat: cannot statx 'mongo.archive': No such file or directory\n")]
    [InlineData("-1 4096 mariadb.sql\n")]
    [InlineData("1765065600 4096\n")]
    [InlineData("1765065600 4096 mariadb.sql.partial\n")]
    public void A_line_that_is_not_a_whole_stat_of_a_dump_names_no_dump(string output)
    {
        Assert.All(DumpFiles.Parse(Script, output), dump => Assert.Null(dump.Written));
    }
}
