using PrivateCloud.Tasks.Plumbing.Remote;
using PrivateCloud.Tasks.Plumbing.Reporting;

namespace PrivateCloud.Tests.Plumbing.Reporting;

public sealed class HostChangesTests
{
    private static readonly SshTarget Host = new("deploy", "cloud.example.org", 22);

    [Theory]
    [InlineData(false, "Mount volume: 2 change(s) made on deploy@cloud.example.org:22.", "  created directory /mnt/files")]
    [InlineData(true, "Mount volume: 2 change(s) would be made on deploy@cloud.example.org:22.", "  would create directory /mnt/files")]
    public void Each_change_gets_its_line_then_the_count_on_the_host(bool dryRun, string summary, string firstChange)
    {
        var lines = new List<string>();

        new HostChanges(lines.Add, dryRun, () => Host).Report(
            "Mount volume", [new HostChange("create", "created", "directory /mnt/files"), new HostChange("mount", "mounted", "/mnt/files")]);

        Assert.Equal([firstChange, dryRun ? "  would mount /mnt/files" : "  mounted /mnt/files", summary], lines);
    }

    [Theory]
    [InlineData(false, "Disable IPv6: nothing to change on deploy@cloud.example.org:22.")]
    [InlineData(true, "Disable IPv6: nothing would change on deploy@cloud.example.org:22.")]
    public void No_change_says_there_was_nothing_to_do(bool dryRun, string expected)
    {
        var lines = new List<string>();

        new HostChanges(lines.Add, dryRun, () => Host).Report("Disable IPv6", []);

        Assert.Equal([expected], lines);
    }
}
