using PrivateCloud.Tasks.Plumbing.Reporting;
using PrivateCloud.Tasks.Plumbing.Logging;

namespace PrivateCloud.Tests.Plumbing.Logging;

public sealed class DryRunWordingTests
{
    [Theory]
    [InlineData(true, "would create")]
    [InlineData(false, "created")]
    public void A_dry_run_says_what_it_would_do_and_a_real_run_what_it_did(bool dryRun, string expected) =>
        Assert.Equal(expected, DryRunWording.Verb(dryRun, "create", "created"));

    [Fact]
    public void A_verb_of_several_words_keeps_them_all() =>
        Assert.Equal("would fix the permissions of", DryRunWording.Verb(dryRun: true, "fix the permissions of", "fixed the permissions of"));

    [Theory]
    [InlineData(true, "would add to /etc/fstab: UUID=x /mnt/files ext4 defaults,nofail 0 2")]
    [InlineData(false, "added to /etc/fstab: UUID=x /mnt/files ext4 defaults,nofail 0 2")]
    public void A_host_change_is_worded_by_it(bool dryRun, string expected) =>
        Assert.Equal(expected, new HostChange("add", "added", "to /etc/fstab: UUID=x /mnt/files ext4 defaults,nofail 0 2").Describe(dryRun));
}
