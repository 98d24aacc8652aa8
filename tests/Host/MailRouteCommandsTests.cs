using System.Runtime.Versioning;
using PrivateCloud.Tasks.Host.MailTraffic;
using PrivateCloud.Tasks.Plumbing.Remote;
using PrivateCloud.Tests.Infrastructure;

namespace PrivateCloud.Tests.Host;

[UnsupportedOSPlatform("windows")]
public sealed class MailRouteCommandsTests
{
    private static readonly SnatRule Rule = SnatRule.Create("203.0.113.25", "MAIL_HOST_IP", "172.28.0.0/16", "MAIL_SUBNET");

    public static TheoryData<string, RemoteCommand, bool> CommandsForPlainNames => new()
    {
        { "iptables -w 30 -t nat -C POSTROUTING -s 172.28.0.0/16 ! -d 172.28.0.0/16 -j SNAT --to-source 203.0.113.25", MailRouteCommands.CheckRule(Rule), true },
        { "iptables -w 30 -t nat -I POSTROUTING 1 -s 172.28.0.0/16 ! -d 172.28.0.0/16 -j SNAT --to-source 203.0.113.25", MailRouteCommands.InsertRule(Rule), true },
        { "iptables --version", MailRouteCommands.IptablesVersion(), true },
        { "docker network inspect mail --format '{{range .IPAM.Config}}{{println .Subnet}}{{end}}'", MailRouteCommands.NetworkSubnets("mail"), true },
        { "test -d /run/systemd/system", MailRouteCommands.SystemdRuns(), false },
        { "systemctl daemon-reload", MailRouteCommands.ReloadSystemd(), true },
        { "systemctl is-enabled --quiet privatecloud-mail-route.service", MailRouteCommands.BootHookEnabled(), true },
        { "systemctl enable --quiet privatecloud-mail-route.service", MailRouteCommands.EnableBootHook(), true },
    };

    [Theory]
    [MemberData(nameof(CommandsForPlainNames))]
    public void Each_command_reads_as_typed_by_hand_and_only_what_needs_root_runs_as_root(string expected, RemoteCommand command, bool privileged)
    {
        Assert.Equal(expected, command.Text);
        Assert.Equal(privileged, command.Privileged);
    }

    [Fact]
    public void The_boot_hook_asks_for_the_subnets_as_the_setup_does()
    {
        var script = MailRouteBootHook.Script("203.0.113.25", "mail", null);

        Assert.Contains("docker network inspect \"$network\" --format '{{range .IPAM.Config}}{{println .Subnet}}{{end}}'", script, StringComparison.Ordinal);
    }

    [Theory]
    [MemberData(nameof(StubbedShell.HostileValues), MemberType = typeof(StubbedShell))]
    public async Task A_hostile_network_name_reaches_docker_as_one_unchanged_argument(string value) =>
        Assert.Equal(
            [["docker", "network", "inspect", value, "--format", "{{range .IPAM.Config}}{{println .Subnet}}{{end}}"]],
            await StubbedShell.Calls(MailRouteCommands.NetworkSubnets(value), "docker"));
}
