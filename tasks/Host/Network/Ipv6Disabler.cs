using PrivateCloud.Tasks.Remote;

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

    public IReadOnlyList<string> Ensure()
    {
        var changes = new List<string>();
        if (new RemoteFiles(shell).Write(ConfigFile, ConfigContent))
        {
            changes.Add($"{Would("write", "wrote")} {ConfigFile}, applied at every boot");
        }

        foreach (var key in Keys)
        {
            var current = shell.Probe(new RemoteCommand($"sysctl -n {key}") { Privileged = true });
            if (!current.Succeeded && !shell.DryRun)
            {
                // No such key: the kernel has no IPv6 at all, which is what is wanted.
                continue;
            }

            if (current.Stdout.Trim() != "1" || shell.DryRun)
            {
                shell.Run(new RemoteCommand($"sysctl -q -w {key}=1") { Privileged = true });
                changes.Add($"{Would("set", "set")} {key} = 1 now");
            }
        }

        return changes;
    }

    private string Would(string verb, string done) => shell.DryRun ? "would " + verb : done;
}
