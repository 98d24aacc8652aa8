using System.Net;
using PrivateCloud.Tasks.Plumbing.Remote;

namespace PrivateCloud.Tasks.Host.Network;

/// <summary>
/// Every command line <see cref="FailoverIpSetup"/> and <see cref="Ipv6Disabler"/> run on the host,
/// built here so their text, and the quoting of each interface name and label in it, is checked
/// without a host.
/// </summary>
public static class NetworkCommands
{
    /// <summary>Succeeds when the interface exists.</summary>
    public static RemoteCommand ShowInterface(string device) => new($"ip -o link show dev {ShellQuote.Quote(device)}");

    /// <summary>The names of the host's interfaces, one a line, to name them when the one given is missing.</summary>
    public static RemoteCommand ListInterfaces() => new("ls /sys/class/net");

    /// <summary>Succeeds when ifupdown, which reads /etc/network/interfaces.d/ at boot, is installed.</summary>
    public static RemoteCommand HasIfupdown() => new("command -v ifup");

    /// <summary>Succeeds when /etc/network/interfaces sources interfaces.d/, so a file there applies at boot.</summary>
    public static RemoteCommand InterfacesReadsDirectory() =>
        new("grep -Eqs '^[[:space:]]*source(-directory)?[[:space:]]+/etc/network/interfaces.d' /etc/network/interfaces");

    /// <summary>The interface's IPv4 addresses, one a line, each as " address/prefix".</summary>
    public static RemoteCommand ShowAddresses(string device) => new($"ip -o -4 addr show dev {ShellQuote.Quote(device)}");

    /// <summary>The address alone (/32) on the interface under an alias label, until the next reboot.</summary>
    public static RemoteCommand AddAddress(IPAddress ip, string device, string label) =>
        new($"ip addr add {ip}/32 dev {ShellQuote.Quote(device)} label {ShellQuote.Quote(label)}") { Privileged = true };

    public static RemoteCommand ReadKernelSetting(string key) => new($"sysctl -n {ShellQuote.Quote(key)}") { Privileged = true };

    /// <summary>The setting to 1 until the next reboot; the file in /etc/sysctl.d/ keeps it after.</summary>
    public static RemoteCommand TurnOnKernelSetting(string key) => new($"sysctl -q -w {ShellQuote.Quote(key + "=1")}") { Privileged = true };
}
