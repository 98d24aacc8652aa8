using System.Runtime.Versioning;
using PrivateCloud.Tasks.Host.GiteaSsh;
using PrivateCloud.Tasks.Plumbing.Remote;
using PrivateCloud.Tests.Infrastructure;

namespace PrivateCloud.Tests.Host;

[UnsupportedOSPlatform("windows")]
public sealed class GiteaSshCommandsTests
{
    public static TheoryData<string, RemoteCommand, bool> CommandsForPlainNames => new()
    {
        { "getent passwd git", GiteaSshCommands.Getent("passwd"), false },
        { "test -f /home/git/.ssh/id_ed25519 && test -f /home/git/.ssh/id_ed25519.pub", GiteaSshCommands.KeyPairExists(), true },
        {
            "grep -qxF \"no-port-forwarding,no-X11-forwarding,no-agent-forwarding,no-pty $(cat /home/git/.ssh/id_ed25519.pub 2>/dev/null)\" /home/git/.ssh/authorized_keys",
            GiteaSshCommands.KeyAuthorized(), true
        },
        { "cat -- /etc/ssh/gitea_known_hosts", GiteaSshCommands.ReadFile("/etc/ssh/gitea_known_hosts"), true },
        { "groupadd -g 1001 git", GiteaSshCommands.For(GiteaSshStep.CreateGroup, 1001), true },
        { "useradd -u 1001 -g 1001 -m -d /home/git -s /bin/bash git", GiteaSshCommands.For(GiteaSshStep.CreateUser, 1001), true },
        {
            "runuser -u git -- sh -c 'mkdir -p -m 700 /home/git/.ssh && ssh-keygen -q -t ed25519 -N \"\" -C gitea-passthrough -f /home/git/.ssh/id_ed25519'",
            GiteaSshCommands.For(GiteaSshStep.CreateKeyPair, 1001), true
        },
        {
            "runuser -u git -- sh -c 'line=\"no-port-forwarding,no-X11-forwarding,no-agent-forwarding,no-pty $(cat /home/git/.ssh/id_ed25519.pub)\" && " +
            "touch /home/git/.ssh/authorized_keys && chmod 600 /home/git/.ssh/authorized_keys && { grep -qxF \"$line\" /home/git/.ssh/authorized_keys || " +
            "printf '\\''%s\\n'\\'' \"$line\" >> /home/git/.ssh/authorized_keys; }'",
            GiteaSshCommands.For(GiteaSshStep.AuthorizeKey, 1001), true
        },
    };

    [Theory]
    [MemberData(nameof(CommandsForPlainNames))]
    public void Each_command_reads_as_typed_by_hand_and_only_changes_and_root_s_files_run_as_root(string expected, RemoteCommand command, bool privileged)
    {
        Assert.Equal(expected, command.Text);
        Assert.Equal(privileged, command.Privileged);
    }

    [Theory]
    [InlineData(GiteaSshStep.WriteShim)]
    [InlineData(GiteaSshStep.PinHostKey)]
    public void The_steps_written_as_files_have_no_command(GiteaSshStep step) =>
        Assert.Throws<ArgumentOutOfRangeException>(() => GiteaSshCommands.For(step, GiteaSshPlan.DefaultId));

    [Theory]
    [MemberData(nameof(StubbedShell.HostileValues), MemberType = typeof(StubbedShell))]
    public async Task A_hostile_host_key_path_reaches_cat_as_one_unchanged_argument(string value) =>
        Assert.Equal([["cat", "--", value]], await StubbedShell.Calls(GiteaSshCommands.ReadFile(value), "cat"));

    [Fact]
    public async Task The_git_user_s_scripts_reach_runuser_as_one_argument_for_sh()
    {
        var calls = await StubbedShell.Calls(GiteaSshCommands.For(GiteaSshStep.CreateKeyPair, 1001), "runuser");

        Assert.Equal(
            [["runuser", "-u", "git", "--", "sh", "-c", "mkdir -p -m 700 /home/git/.ssh && ssh-keygen -q -t ed25519 -N \"\" -C gitea-passthrough -f /home/git/.ssh/id_ed25519"]],
            calls);
    }
}
