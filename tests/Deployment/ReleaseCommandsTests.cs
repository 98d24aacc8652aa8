using System.Text;
using PrivateCloud.Tasks.Stacks.Releases;

namespace PrivateCloud.Tests.Deployment;

/// <summary>The release upload's remote commands as text: what they run, with which quoting, and what they read on stdin.</summary>
public sealed class ReleaseCommandsTests
{
    private const string Root = "/srv/it's here";
    private const string Next = "20250102T030405000Z";
    private const string Previous = "20250102T030404000Z";

    private static readonly ReleaseFile Compose = new("docker-compose.yml", new string('a', 64), (UnixFileMode)Convert.ToInt32("644", 8), 10);
    private static readonly ReleaseFile Page = new("web/my page.html", new string('b', 64), (UnixFileMode)Convert.ToInt32("644", 8), 20);

    [Fact]
    public void Linking_any_number_of_files_takes_one_find_one_sha256sum_and_one_cp()
    {
        var few = ReleaseCommands.Upload(Root, Next, Previous, [Compose], [1, 2, 3]);
        var many = ReleaseCommands.Upload(Root, Next, Previous, [.. Enumerable.Range(0, 3000).Select(i => Page with { Path = $"pages/{i}.html" })], [1, 2, 3]);

        // Only the length of the list of hashes differs, which dd takes off stdin.
        Assert.Equal(CountlessText(few), CountlessText(many));
        Assert.Equal(1, Occurrences(few.Text, "find . -type f |"));
        Assert.Equal(1, Occurrences(few.Text, "sha256sum"));
        Assert.Equal(1, Occurrences(few.Text, "cp -l --parents"));
        Assert.DoesNotContain("ln ", few.Text, StringComparison.Ordinal);
        Assert.DoesNotContain("dirname", few.Text, StringComparison.Ordinal);
        Assert.True(few.Privileged);
    }

    [Fact]
    public void The_upload_reads_the_recorded_hashes_as_sha256sum_prints_them_counted_in_bytes_then_the_archive()
    {
        var command = ReleaseCommands.Upload(Root, Next, Previous, [Compose, Page], [0x1f, 0x8b]);

        var expected = Encoding.UTF8.GetBytes($"{Compose.Sha256}  docker-compose.yml\n{Page.Sha256}  web/my page.html\n");
        Assert.Equal([.. expected, 0x1f, 0x8b], command.Input);
        Assert.Contains($"dd bs=65536 count={expected.Length} iflag=fullblock,count_bytes status=none > \"$want\";", command.Text, StringComparison.Ordinal);
    }

    [Fact]
    public void Paths_are_quoted_for_the_shell_and_the_release_is_finished_only_when_no_copy_was_edited()
    {
        var command = ReleaseCommands.Upload(Root, Next, Previous, [Compose], []);

        Assert.Contains("prev='/srv/it'\\''s here/releases/20250102T030404000Z';", command.Text, StringComparison.Ordinal);
        Assert.Contains("-t '/srv/it'\\''s here/releases/20250102T030405000Z.partial' --", command.Text, StringComparison.Ordinal);
        Assert.Contains("test ! -e '/srv/it'\\''s here/releases/20250102T030405000Z';", command.Text, StringComparison.Ordinal);
        Assert.Contains("|| { status=$?; [ $status = 3 ] || exit $status; edited=1; }", command.Text, StringComparison.Ordinal);
        Assert.EndsWith(
            "tar -xzf - --no-same-owner -p; if [ $edited = 0 ]; then " + ReleaseCommands.Finish(Root, Next) + "; fi",
            command.Text,
            StringComparison.Ordinal);
        Assert.EndsWith(
            "mv -T -- '/srv/it'\\''s here/releases/20250102T030405000Z.partial' '/srv/it'\\''s here/releases/20250102T030405000Z'",
            ReleaseCommands.Finish(Root, Next),
            StringComparison.Ordinal);
    }

    [Fact]
    public void A_first_release_links_nothing_and_its_input_is_the_archive_alone()
    {
        var command = ReleaseCommands.Upload(Root, Next, previousId: null, [], [0x1f, 0x8b]);

        Assert.DoesNotContain("cp -l", command.Text, StringComparison.Ordinal);
        Assert.DoesNotContain("prev=", command.Text, StringComparison.Ordinal);
        Assert.Equal([0x1f, 0x8b], command.Input);
    }

    [Fact]
    public void A_dry_run_check_of_the_previous_copies_makes_no_link_and_unpacks_nothing()
    {
        var command = ReleaseCommands.EditedCopies(Root, Previous, [Compose]);

        Assert.DoesNotContain("cp ", command.Text, StringComparison.Ordinal);
        Assert.DoesNotContain("tar ", command.Text, StringComparison.Ordinal);
        Assert.DoesNotContain("mkdir", command.Text, StringComparison.Ordinal);
        Assert.DoesNotContain(".partial", command.Text, StringComparison.Ordinal);
        Assert.Contains("links=/dev/null;", command.Text, StringComparison.Ordinal);
        Assert.Equal(Encoding.UTF8.GetBytes($"{Compose.Sha256}  docker-compose.yml\n"), command.Input);
    }

    [Fact]
    public void The_rollback_target_the_current_link_and_the_audit_log_are_read_and_removed_as_root_with_their_paths_quoted()
    {
        Assert.Equal(
            [
                ("cat -- '/srv/it'\\''s here/rollback' 2>/dev/null || true", true),
                ("rm -f -- '/srv/it'\\''s here/rollback'", true),
                ("readlink -- '/srv/it'\\''s here/current' || true", true),
                ("tail -n 10 -- '/srv/it'\\''s here/audit.log'", true),
            ],
            new[]
            {
                ReleaseCommands.ReadRollbackTarget(Root + "/rollback"),
                ReleaseCommands.ForgetRollbackTarget(Root + "/rollback"),
                ReleaseCommands.CurrentTarget(Root + "/current"),
                ReleaseCommands.AuditTail(Root + "/audit.log", 10),
            }.Select(command => (command.Text, command.Privileged)));
    }

    private static string CountlessText(PrivateCloud.Tasks.Plumbing.Remote.RemoteCommand command) =>
        System.Text.RegularExpressions.Regex.Replace(command.Text, "count=[0-9]+ ", "count=N ");

    private static int Occurrences(string text, string part) => text.Split(part).Length - 1;
    [Fact]
    public void A_switch_makes_the_link_beside_current_and_renames_it_over_current_so_no_moment_lacks_one()
    {
        var deploy = ReleaseCommands.Activate(Root, Root + "/current", Next, ".activated", Root + "/.rollback-target", rollingBackTo: null);

        Assert.Equal(
            $"set -e; test -d '/srv/it'\\''s here/releases/{Next}'; rm -f -- '/srv/it'\\''s here/.rollback-target'; " +
            "if [ -d '/srv/it'\\''s here/current' ]; then touch -- '/srv/it'\\''s here/current/.activated'; fi; " +
            $"ln -sfn releases/{Next} '/srv/it'\\''s here/current.tmp' && mv -T '/srv/it'\\''s here/current.tmp' '/srv/it'\\''s here/current'; " +
            $"touch -- '/srv/it'\\''s here/releases/{Next}/.activated'",
            deploy.Text);
        Assert.True(deploy.Privileged);
    }

    [Fact]
    public void A_Rollback_switch_records_its_target_before_it_switches_instead_of_forgetting_one()
    {
        var rollback = ReleaseCommands.Activate(Root, Root + "/current", Previous, ".activated", Root + "/.rollback-target", Previous);

        Assert.Contains($"; printf '%s\\n' {Previous} > '/srv/it'\\''s here/.rollback-target'; if [ -d ", rollback.Text);
        Assert.DoesNotContain("rm -f", rollback.Text);
        Assert.True(rollback.Text.IndexOf("printf", StringComparison.Ordinal) < rollback.Text.IndexOf("mv -T", StringComparison.Ordinal));
    }

    [Fact]
    public void The_release_listings_the_manifest_read_and_the_deletions_quote_their_paths()
    {
        Assert.Equal(
            [
                ("if [ -d '/srv/it'\\''s here/releases' ]; then ls -1A -- '/srv/it'\\''s here/releases'; fi", true),
                ("for release in '/srv/it'\\''s here/releases'/*/; do if [ -e \"$release.activated\" ]; then basename -- \"$release\"; fi; done", true),
                ("if [ -f '/srv/it'\\''s here/current/manifest.json' ]; then cat -- '/srv/it'\\''s here/current/manifest.json'; fi", true),
                ($"rm -rf -- '/srv/it'\\''s here/releases/{Previous}' '/srv/it'\\''s here/releases/{Next}.partial'", true),
                ("LC_ALL=C df -P -k -- '/srv/it'\\''s here'", false),
            ],
            new[]
            {
                ReleaseCommands.ListReleases(Root + "/releases"),
                ReleaseCommands.ListActivated(Root + "/releases", ".activated"),
                ReleaseCommands.ReadIfPresent(Root + "/current/manifest.json"),
                ReleaseCommands.Delete([$"{Root}/releases/{Previous}", $"{Root}/releases/{Next}.partial"]),
                ReleaseCommands.FreeSpace(Root),
            }.Select(command => (command.Text, command.Privileged)));
    }
}
