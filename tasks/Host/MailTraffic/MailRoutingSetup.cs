using System.Globalization;
using PrivateCloud.Frosting;
using PrivateCloud.Tasks.Plumbing.Reporting;
using PrivateCloud.Tasks.Plumbing.Processes;
using PrivateCloud.Tasks.Plumbing.Remote;
using PrivateCloud.Tasks.Plumbing.Settings;

namespace PrivateCloud.Tasks.Host.MailTraffic;

/// <summary>
/// Ensures the SNAT rule that sends the mail network's outgoing traffic from MAIL_HOST_IP. Adds it
/// only when <c>iptables -C</c> says it is absent, so a second run changes nothing.
/// </summary>
public sealed class MailRoutingSetup(RemoteShell shell)
{
    public const string HostIpVariable = "MAIL_HOST_IP";
    public const string SubnetVariable = "MAIL_SUBNET";

    /// <summary>MAIL_SUBNET when set: the subnet is then never looked up.</summary>
    public static string? Subnet(StackVariables variables) => variables[SubnetVariable] is { Length: > 0 } subnet ? subnet : null;

    private const int RulePresent = 0;
    private const int RuleAbsent = 1;

    /// <summary>
    /// <paramref name="subnet"/> overrides the lookup of <paramref name="network"/>'s subnet on the
    /// host; the network must then exist already (the mail stack created it).
    /// </summary>
    public MailRoutingResult Ensure(string hostIp, string network, string? subnet = null)
    {
        // Bad input fails before anything touches the host.
        SnatRule.ParseAddress(hostIp, HostIpVariable);
        var givenRule = subnet is null ? null : SnatRule.Create(hostIp, HostIpVariable, subnet, SubnetVariable);

        var backend = DetectBackend();
        var advice = backend == IptablesBackend.NfTables ? NfTablesAdvice() : null;

        var rule = givenRule ?? LookUpRule(hostIp, network);
        var check = shell.Probe(MailRouteCommands.CheckRule(rule));
        if (check.ExitCode == RulePresent)
        {
            return new MailRoutingResult([], backend, advice);
        }

        if (check.ExitCode is not (RulePresent or RuleAbsent))
        {
            throw new RemoteCommandException(
                $"Could not check the mail SNAT rule on {shell.Target} ({Status(check)}): {rule.CheckCommand}; stderr: {check.StandardError.Trim()}",
                check.ExitCode);
        }

        shell.Run(MailRouteCommands.InsertRule(rule));
        return new MailRoutingResult([new HostChange("add", "added", $"SNAT rule: iptables -t nat POSTROUTING {rule.Spec}")], backend, advice);
    }

    private IptablesBackend DetectBackend()
    {
        var version = shell.Probe(MailRouteCommands.IptablesVersion());
        if (!version.Succeeded)
        {
            throw new RemoteCommandException(
                $"iptables does not run on {shell.Target} ({Status(version)}): install it with 'apt-get install iptables'.", version.ExitCode);
        }

        // iptables 1.8+ names its backend: "iptables v1.8.9 (nf_tables)" or "(legacy)"; older ones only had legacy.
        return version.StandardOutput.Contains("(nf_tables)", StringComparison.Ordinal) ? IptablesBackend.NfTables
            : version.StandardOutput.StartsWith("iptables v", StringComparison.Ordinal) ? IptablesBackend.Legacy
            : IptablesBackend.Unknown;
    }

    private SnatRule LookUpRule(string hostIp, string network)
    {
        var result = shell.Probe(MailRouteCommands.NetworkSubnets(network));
        if (!result.Succeeded)
        {
            throw new BuildInputException(
                $"Could not read the subnet of Docker network '{network}' on {shell.Target.Host} ({result.StandardError.Trim()}): " +
                $"start the mail stack first so the network exists, or set {SubnetVariable}.");
        }

        var subnets = result.StandardOutput.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        var ipv4 = subnets.Where(s => !s.Contains(':', StringComparison.Ordinal)).ToList();
        if (ipv4.Count != 1)
        {
            throw new BuildInputException(
                $"Docker network '{network}' on {shell.Target.Host} has {ipv4.Count.ToString(CultureInfo.InvariantCulture)} IPv4 subnets " +
                $"({string.Join(", ", subnets)}); set {SubnetVariable} to the one the mail server uses.");
        }

        return SnatRule.Create(hostIp, HostIpVariable, ipv4[0], $"The subnet of Docker network '{network}' on {shell.Target.Host}");
    }

    /// <summary>
    /// Prints the network's subnets, one a line: the documented '{{range}}{{.Subnet}}{{end}}' glues an
    /// IPv6 subnet onto the IPv4 one. <paramref name="quotedNetwork"/> is shell text: a quoted name, or the boot hook's variable.
    /// </summary>
    private string NfTablesAdvice() =>
        $"iptables on {shell.Target.Host} uses the nf_tables backend. If mail still leaves from another address because Docker " +
        "keeps its rules in the legacy tables, switch to legacy: 'update-alternatives --set iptables /usr/sbin/iptables-legacy', " +
        "restart Docker ('systemctl restart docker'), recreate the networks ('docker compose down' then 'up -d'), and run this again.";

    private static string Status(CommandResult result) =>
        result.ExitCode is { } status ? $"exit status {status.ToString(CultureInfo.InvariantCulture)}" : $"signal {result.ExitSignal}";
}
