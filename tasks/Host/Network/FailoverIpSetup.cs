using System.Globalization;
using System.Net;
using PrivateCloud.Frosting;
using PrivateCloud.Tasks.Plumbing.Reporting;
using PrivateCloud.Tasks.Plumbing.Remote;

namespace PrivateCloud.Tasks.Host.Network;

/// <summary>
/// Adds a failover IPv4 address as an interface alias: an ifupdown stanza in /etc/network/interfaces.d/
/// for every boot, the cloud-init setting that stops cloud-init from rewriting the network
/// configuration, and the address itself at once when the interface is there.
/// </summary>
public sealed class FailoverIpSetup(RemoteShell shell)
{
    public const string CloudInitFile = "/etc/cloud/cloud.cfg.d/99-disable-network-config.cfg";
    public const string CloudInitContent = "# Written by FailoverIp: the network configuration below /etc/network is kept as it is.\nnetwork: {config: disabled}\n";

    public static string AliasFile(string device, int alias) =>
        string.Create(CultureInfo.InvariantCulture, $"/etc/network/interfaces.d/60-failover-{device}-{alias}.cfg");

    public static string Stanza(IPAddress ip, string label) =>
        $"# Written by FailoverIp.\nauto {label}\niface {label} inet static\n    address {ip}\n    netmask 255.255.255.255\n";

    /// <summary>Returns what changed; notes (a reboot needed, ifupdown missing) go to <paramref name="notes"/>.</summary>
    public IReadOnlyList<HostChange> Ensure(IPAddress ip, string device, int alias, List<string> notes)
    {
        var label = string.Create(CultureInfo.InvariantCulture, $"{device}:{alias}");
        var interfaces = shell.Probe(NetworkCommands.ShowInterface(device));
        if (!interfaces.Succeeded)
        {
            var names = shell.Probe(NetworkCommands.ListInterfaces()).StandardOutput.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
            throw new BuildInputException(
                $"{shell.Target.Host} has no network interface {device}: give the one holding the main address with --interface (it has {string.Join(", ", names)}).");
        }

        var files = new RemoteFiles(shell);
        var changes = new List<HostChange>();
        var aliasFile = AliasFile(device, alias);
        if (files.Write(aliasFile, Stanza(ip, label)))
        {
            changes.Add(new HostChange("write", "wrote", $"{aliasFile}: {label} with {ip}/32 at every boot"));
        }

        if (files.Write(CloudInitFile, CloudInitContent))
        {
            changes.Add(new HostChange("write", "wrote", $"{CloudInitFile}: cloud-init no longer rewrites the network configuration"));
        }

        if (!shell.Probe(NetworkCommands.HasIfupdown()).Succeeded)
        {
            notes.Add($"ifupdown is not installed on {shell.Target.Host}: nothing reads {aliasFile} at boot; install it (apt-get install ifupdown) or add the address in the host's own network configuration.");
        }
        else if (!shell.Probe(NetworkCommands.InterfacesReadsDirectory()).Succeeded)
        {
            notes.Add($"/etc/network/interfaces on {shell.Target.Host} does not read /etc/network/interfaces.d/: add 'source /etc/network/interfaces.d/*' so {aliasFile} applies at boot.");
        }

        var addresses = shell.Probe(NetworkCommands.ShowAddresses(device)).StandardOutput;
        if (addresses.Contains($" {ip}/", StringComparison.Ordinal))
        {
            return changes;
        }

        var add = shell.Attempt(NetworkCommands.AddAddress(ip, device, label));
        if (add.Succeeded)
        {
            changes.Add(new HostChange("bring", "brought", $"up {ip} on {label} now, without a reboot"));
        }
        else
        {
            notes.Add($"Could not bring {ip} up on {label} now ({add.StandardError.Trim()}): reboot {shell.Target.Host} to apply it.");
        }

        return changes;
    }
}
