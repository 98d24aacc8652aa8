using System.Net;
using System.Runtime.Versioning;
using PrivateCloud.Tasks.Host.Network;
using PrivateCloud.Tasks.Plumbing.Remote;
using PrivateCloud.Tests.Infrastructure;

namespace PrivateCloud.Tests.Host;

[UnsupportedOSPlatform("windows")]
public sealed class NetworkCommandsTests
{
    private static readonly IPAddress Failover = IPAddress.Parse("203.0.113.25");

    public static TheoryData<string, RemoteCommand, bool> CommandsForPlainNames => new()
    {
        { "ip -o link show dev eth0", NetworkCommands.ShowInterface("eth0"), false },
        { "ls /sys/class/net", NetworkCommands.ListInterfaces(), false },
        { "command -v ifup", NetworkCommands.HasIfupdown(), false },
        {
            "grep -Eqs '^[[:space:]]*source(-directory)?[[:space:]]+/etc/network/interfaces.d' /etc/network/interfaces",
            NetworkCommands.InterfacesReadsDirectory(), false
        },
        { "ip -o -4 addr show dev eth0", NetworkCommands.ShowAddresses("eth0"), false },
        { "ip addr add 203.0.113.25/32 dev eth0 label eth0:1", NetworkCommands.AddAddress(Failover, "eth0", "eth0:1"), true },
        { "sysctl -n net.ipv6.conf.all.disable_ipv6", NetworkCommands.ReadKernelSetting("net.ipv6.conf.all.disable_ipv6"), true },
        { "sysctl -q -w net.ipv6.conf.all.disable_ipv6=1", NetworkCommands.TurnOnKernelSetting("net.ipv6.conf.all.disable_ipv6"), true },
    };

    [Theory]
    [MemberData(nameof(CommandsForPlainNames))]
    public void Each_command_reads_as_typed_by_hand_and_only_changes_run_as_root(string expected, RemoteCommand command, bool privileged)
    {
        Assert.Equal(expected, command.Text);
        Assert.Equal(privileged, command.Privileged);
    }

    [Theory]
    [MemberData(nameof(StubbedShell.HostileValues), MemberType = typeof(StubbedShell))]
    public async Task A_hostile_interface_or_label_reaches_ip_as_one_unchanged_argument(string value)
    {
        Assert.Equal([["ip", "-o", "link", "show", "dev", value]], await StubbedShell.Calls(NetworkCommands.ShowInterface(value), "ip"));
        Assert.Equal([["ip", "-o", "-4", "addr", "show", "dev", value]], await StubbedShell.Calls(NetworkCommands.ShowAddresses(value), "ip"));
        Assert.Equal(
            [["ip", "addr", "add", "203.0.113.25/32", "dev", value, "label", value + ":1"]],
            await StubbedShell.Calls(NetworkCommands.AddAddress(Failover, value, value + ":1"), "ip"));
        Assert.Equal([["sysctl", "-q", "-w", value + "=1"]], await StubbedShell.Calls(NetworkCommands.TurnOnKernelSetting(value), "sysctl"));
    }
}
