using PrivateCloud.Tasks.Plumbing.Reporting;
using PrivateCloud.Tasks.Plumbing.Remote;

namespace PrivateCloud.Tasks.Host.Network;

/// <summary>
/// Turns IPv6 off on the host, now with sysctl and at every boot with a file in /etc/sysctl.d/
/// (Traefik's TLS challenge fails when the host answers on IPv6 without AAAA records). Each key
/// is read first and written only when it differs, so a second run changes nothing.
/// </summary>
public sealed class Ipv6Disabler(RemoteShell shell)
{
    public const string ConfigFile = "/etc/sysctl.d/90-disable-ipv6.conf";

    public static readonly IReadOnlyList<string> Keys =
        ["net.ipv6.conf.all.disable_ipv6", "net.ipv6.conf.default.disable_ipv6", "net.ipv6.conf.lo.disable_ipv6"];

    public static string ConfigContent { get; } =
        "# Written by DisableIpv6: IPv6 stays off across reboots.\n" + string.Concat(Keys.Select(key => $"{key} = 1\n"));

    public IReadOnlyList<HostChange> Ensure()
    {
        var changes = new List<HostChange>();
        if (new RemoteFiles(shell).Write(ConfigFile, ConfigContent))
        {
            changes.Add(new HostChange("write", "wrote", $"{ConfigFile}, applied at every boot"));
        }

        // One at a time: the kernel carries "all" over to "default" and every interface, so later keys may already be set.
        foreach (var key in Keys)
        {
            var current = shell.Probe(NetworkCommands.ReadKernelSetting(key));
            // A missing key means a kernel without IPv6, which is what is wanted.
            if (current.Succeeded && current.StandardOutput.Trim() != "1")
            {
                shell.Run(NetworkCommands.TurnOnKernelSetting(key));
                changes.Add(new HostChange("set", "set", $"{key} = 1 now"));
            }
        }

        return changes;
    }
}
