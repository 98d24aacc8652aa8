using System.Net;
using System.Net.Sockets;
using PrivateCloud.Frosting;
using PrivateCloud.Tasks.Plumbing.Settings;

namespace PrivateCloud.Tasks.Mail;

public sealed record MailSettings(
    int MxPriority,
    string DmarcPolicy,
    string? DmarcReport,
    IPAddress? HostIp,
    IPEndPoint? DnsServer,
    TimeSpan DnsTimeout,
    string DkimKey,
    int DkimBits)
{
    public const int DnsPort = 53;

    private static readonly string[] Listing = [nameof(MailDnsRecords), nameof(VerifyDns)];

    public static readonly Setting MxPrioritySetting = new("mx-priority", "Priority of the MX record MailDnsRecords lists.", "10")
    {
        ReadBy = Listing,
    };

    public static readonly Setting DmarcPolicySetting = new("dmarc-policy", "DMARC policy: none, quarantine or reject.", "none")
    {
        ReadBy = Listing,
    };

    public static readonly Setting DmarcRuaSetting = new("dmarc-rua", "Where DMARC reports go (an address or mailto: URI).", "postmaster@<TOP_DOMAIN>")
    {
        ReadBy = Listing,
    };

    public static readonly Setting HostIpSetting = new("host-ip", "The host's public address: MailDnsRecords adds an A (or AAAA) record for every name Traefik routes and for MAIL_DOMAIN (at MAIL_HOST_IP when set).")
    {
        ReadBy = Listing,
    };

    public static readonly Setting DnsServerSetting = new("dns-server", "The DNS server VerifyDns asks, as ip[:port].", "the system resolvers")
    {
        ReadBy = [nameof(VerifyDns)],
    };

    public static readonly Setting DnsTimeoutSetting = new("dns-timeout", "Seconds VerifyDns waits for each answer.", "5")
    {
        ReadBy = [nameof(VerifyDns)],
    };

    public static readonly Setting DkimKeySetting = new(
        "dkim-key", "The mail DKIM private key (PEM); created when missing, never overwritten.", "<stack>/configurations/mail/dkim/private.key")
    {
        ReadBy = [nameof(CreateDkimKey)],
    };

    public static readonly Setting DkimBitsSetting = new(
        "dkim-bits", "Size of a new DKIM key: 2048 or more; 1024 is accepted with a warning.", "2048")
    {
        ReadBy = [nameof(CreateDkimKey)],
    };

    public static IReadOnlyList<Setting> Definitions { get; } =
        [MxPrioritySetting, DmarcPolicySetting, DmarcRuaSetting, HostIpSetting, DnsServerSetting, DnsTimeoutSetting, DkimKeySetting, DkimBitsSetting];

    private static readonly string[] DmarcPolicies = ["none", "quarantine", "reject"];

    public string DnsServerText => DnsServer?.ToString() ?? "the system resolvers";

    public static MailSettings Read(SettingSources sources, string stackDirectory)
    {
        var policy = sources.Get(DmarcPolicySetting)!;
        if (!DmarcPolicies.Contains(policy))
        {
            throw new BuildInputException($"{DmarcPolicySetting.Option}={policy} is not a DMARC policy: use none, quarantine or reject.");
        }

        var hostIp = sources.Find(HostIpSetting);
        IPAddress? address = null;
        if (hostIp is { } given && !IPAddress.TryParse(given.Value, out address))
        {
            throw new BuildInputException($"{given.Origin}: {HostIpSetting.Option}={given.Value} is not an IP address.");
        }

        return new MailSettings(
            sources.GetInt(MxPrioritySetting, 0, 65535),
            policy,
            sources.Find(DmarcRuaSetting)?.Value,
            address,
            ReadServer(sources.Find(DnsServerSetting)),
            TimeSpan.FromSeconds(sources.GetInt(DnsTimeoutSetting, 1, 300)),
            sources.Find(DkimKeySetting) is { } key
                ? Path.GetFullPath(key.Value)
                : Path.Combine(stackDirectory, "configurations", "mail", "dkim", "private.key"),
            sources.GetInt(DkimBitsSetting, 1024, 16384));
    }

    private static IPEndPoint? ReadServer((string Value, string Origin)? given)
    {
        if (given is not { } server)
        {
            return null;
        }

        if (IPEndPoint.TryParse(server.Value, out var endPoint))
        {
            if (endPoint.Port == 0)
            {
                endPoint.Port = DnsPort;
            }

            return endPoint;
        }

        if (IPAddress.TryParse(server.Value, out var address) && address.AddressFamily == AddressFamily.InterNetworkV6)
        {
            return new IPEndPoint(address, DnsPort);
        }

        throw new BuildInputException(
            $"{server.Origin}: {DnsServerSetting.Option}={server.Value} is not ip[:port] (e.g. 192.0.2.53 or 127.0.0.1:5353; IPv6 as [2001:db8::53]:53).");
    }
}
