using PrivateCloud.Tasks.Plumbing.Remote;

namespace PrivateCloud.Tasks.Host.MailTraffic;

/// <summary>
/// Every command line <see cref="MailRoutingSetup"/> and <see cref="MailRouteBootHook"/> run on the
/// host, built here so their text, and the quoting of the network name in it, is checked without a host.
/// </summary>
public static class MailRouteCommands
{
    /// <summary>Exit 0: the rule is present, 1: absent (<see cref="SnatRule.CheckCommand"/>).</summary>
    public static RemoteCommand CheckRule(SnatRule rule) => Root(rule.CheckCommand);

    public static RemoteCommand InsertRule(SnatRule rule) => Root(rule.InsertCommand);

    /// <summary>Names the backend in iptables 1.8 and later: "iptables v1.8.9 (nf_tables)".</summary>
    public static RemoteCommand IptablesVersion() => Root("iptables --version");

    /// <summary>Each subnet of the Docker network on its own line.</summary>
    public static RemoteCommand NetworkSubnets(string network) => Root(SubnetQuery(ShellQuote.Quote(network)));

    /// <summary>The subnet query for a network already quoted for the shell: also the boot hook's, which passes a shell variable.</summary>
    internal static string SubnetQuery(string quotedNetwork) =>
        $"docker network inspect {quotedNetwork} --format '{{{{range .IPAM.Config}}}}{{{{println .Subnet}}}}{{{{end}}}}'";

    /// <summary>Whether systemd is the host's init; any user may ask.</summary>
    public static RemoteCommand SystemdRuns() => new("test -d /run/systemd/system");

    public static RemoteCommand ReloadSystemd() => Root("systemctl daemon-reload");

    public static RemoteCommand BootHookEnabled() => Root($"systemctl is-enabled --quiet {MailRouteBootHook.UnitName}");

    public static RemoteCommand EnableBootHook() => Root($"systemctl enable --quiet {MailRouteBootHook.UnitName}");

    private static RemoteCommand Root(string text) => new(text) { Privileged = true };
}
