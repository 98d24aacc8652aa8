using System.Net;
using System.Net.Sockets;
using PrivateCloud.Frosting;

namespace PrivateCloud.Tasks.Host.MailTraffic;

/// <summary>
/// The nat rule that makes traffic from a Docker network leave the host from one address, so the
/// mail server's outgoing connections come from the IP its SPF record and reverse DNS name.
/// </summary>
public sealed record SnatRule
{
    private SnatRule(IPNetwork subnet, IPAddress source)
    {
        Subnet = subnet;
        Source = source;
    }

    public IPNetwork Subnet { get; }

    public IPAddress Source { get; }

    /// <summary>
    /// Traffic between containers of the network keeps its addresses (<c>! -d</c>); only traffic
    /// leaving the network is rewritten.
    /// </summary>
    public string Spec => FormatSpec(Subnet.ToString(), Source.ToString());

    /// <summary>Exit 0: present, 1: absent. -w waits for the xtables lock Docker may be holding instead of failing.</summary>
    public string CheckCommand => CheckCommandFor(Spec);

    /// <summary>First in the chain, before the MASQUERADE rule Docker appends for every network, which would win otherwise.</summary>
    public string InsertCommand => InsertCommandFor(Spec);

    /// <summary>
    /// The rule's text for a subnet and address given as text: also the boot hook's, which fills in
    /// shell variables, so the hook and this tool check and insert the same rule.
    /// </summary>
    internal static string FormatSpec(string subnet, string source) => $"-s {subnet} ! -d {subnet} -j SNAT --to-source {source}";

    /// <summary>Exit 0: present, 1: absent; then the insert. The same words the tool runs, for any spec.</summary>
    internal static string CheckCommandFor(string spec) => $"iptables -w 30 -t nat -C POSTROUTING {spec}";

    internal static string InsertCommandFor(string spec) => $"iptables -w 30 -t nat -I POSTROUTING 1 {spec}";

    /// <summary>Validates both values, naming the setting each came from.</summary>
    public static SnatRule Create(string hostIp, string hostIpSetting, string subnet, string subnetSource) =>
        new(ParseSubnet(subnet, subnetSource), ParseAddress(hostIp, hostIpSetting));

    internal static IPAddress ParseAddress(string value, string setting)
    {
        var text = value.Trim();
        // IPAddress.TryParse also takes shorthand ("10.1") and leading zeros: only text that reads back the same is meant literally.
        if (!IPAddress.TryParse(text, out var address) || address.AddressFamily != AddressFamily.InterNetwork || address.ToString() != text)
        {
            throw new BuildInputException(
                $"{setting} has the invalid value '{value}': expected the host's public IPv4 address the mail should leave from, e.g. 203.0.113.25.");
        }

        return address;
    }

    private static IPNetwork ParseSubnet(string value, string source)
    {
        var text = value.Trim();
        // Host bits after the prefix (172.28.0.5/16) mean a typo, and iptables would print the rule differently from the text.
        if (!IPNetwork.TryParse(text, out var subnet) || subnet.BaseAddress.AddressFamily != AddressFamily.InterNetwork ||
            subnet.ToString() != text)
        {
            throw new BuildInputException(
                $"{source} has the invalid value '{value}': expected an IPv4 network in CIDR form with no host bits, e.g. 172.28.0.0/16.");
        }

        return subnet;
    }
}
