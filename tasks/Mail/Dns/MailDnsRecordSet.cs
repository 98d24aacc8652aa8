using PrivateCloud.Tasks.Mail.Dkim;
using PrivateCloud.Tasks.Mail;
using System.Net;
using System.Net.Sockets;
using System.Runtime.Versioning;
using PrivateCloud.Frosting;
using PrivateCloud.Tasks.Plumbing.Docker;
using PrivateCloud.Tasks.Plumbing.Settings;

namespace PrivateCloud.Tasks.Mail.Dns;

/// <summary>The DNS records the stack's mail and web services need, from the .env values and the DKIM key.</summary>
public static class MailDnsRecordSet
{
    public const int Ttl = 3600;
    public const string Spf = "v=spf1 mx -all";
    public const string CertificateAuthority = "letsencrypt.org";
    private const int HttpsPort = 443;

    /// <summary>The records for the run's .env, with the public key of --dkim-key.</summary>
    [UnsupportedOSPlatform("windows")]
    public static IReadOnlyList<DnsRecord> For(BuildSettings settings, string task)
    {
        var key = settings.Mail.DkimKey;
        if (!File.Exists(key))
        {
            throw new BuildInputException(
                $"The DKIM key {key} does not exist: create it with --target=CreateDkimKey, or give the key in use with {MailSettings.DkimKeySetting.Option}.");
        }

        return Create(RequiredVariables.Of(settings, task), settings.Variables, DkimKeyStore.ReadTxtValue(key), settings.Mail, TraefikRoutes.Of(settings));
    }

    /// <summary>
    /// The records to verify: those of <see cref="For"/>, and for every name a certificate is issued for
    /// (each name Traefik routes, and MAIL_DOMAIN) the CAA that applies to it, its own or its closest
    /// parent's (<see cref="DnsVerifier"/> climbs as a certificate authority does).
    /// </summary>
    [UnsupportedOSPlatform("windows")]
    public static IReadOnlyList<DnsRecord> ForVerification(BuildSettings settings, string task)
    {
        var records = For(settings, task);
        var caa = records.First(r => r.Type == "CAA");
        var mail = records.First(r => r.Type == "MX").Value.Split(' ')[1];
        return
        [
            .. records,
            .. TraefikRoutes.Of(settings)
                .Select(name => Fqdn(name.Trim().TrimEnd('.').ToLowerInvariant()))
                .Append(mail)
                .Where(name => name != caa.Name)
                .Distinct(StringComparer.Ordinal)
                .Order(StringComparer.Ordinal)
                .Select(name => caa with { Name = name, Purpose = "Let's Encrypt may issue its certificate", Zone = false }),
        ];
    }

    /// <param name="dkimTxt">The DKIM key's TXT value, <c>v=DKIM1; k=rsa; p=...</c>.</param>
    /// <param name="webNames">The names Traefik routes (<see cref="TraefikRoutes"/>): with --host-ip, each gets an address record.</param>
    public static IReadOnlyList<DnsRecord> Create(RequiredVariables variables, StackVariables all, string dkimTxt, MailSettings settings, IReadOnlyList<string> webNames)
    {
        var top = Domain(variables, "TOP_DOMAIN");
        var mail = Domain(variables, "MAIL_DOMAIN");
        var dav = Domain(variables, "DAV_DOMAIN");
        var selector = variables["DKIM_SELECTOR"];
        var signing = Domain(variables, DkimRecord.SigningDomainVariable);
        var rua = settings.DmarcReport is { } given
            ? (given.StartsWith("mailto:", StringComparison.OrdinalIgnoreCase) ? given : "mailto:" + given)
            : $"mailto:postmaster@{top.TrimEnd('.')}";

        List<DnsRecord> records =
        [
            new(top, "MX", $"{settings.MxPriority} {mail}", Ttl, true, "mail for the domain goes to MAIL_DOMAIN"),
            new(top, "TXT", Spf, Ttl, true, "SPF: only the MX hosts send the domain's mail"),
            new(Fqdn(DkimRecord.Name(selector, signing.TrimEnd('.'))), "TXT", dkimTxt, Ttl, true, "DKIM public key of selector DKIM_SELECTOR"),
            new($"_dmarc.{top}", "TXT", $"v=DMARC1; p={settings.DmarcPolicy}; rua={rua}", Ttl, false, "DMARC policy and where reports go"),
            new(top, "CAA", $"0 issue \"{CertificateAuthority}\"", Ttl, false, "only Let's Encrypt may issue certificates"),
            new($"_caldavs._tcp.{top}", "SRV", $"0 1 {HttpsPort} {dav}", Ttl, false, "calendar clients find Davis"),
            new($"_carddavs._tcp.{top}", "SRV", $"0 1 {HttpsPort} {dav}", Ttl, false, "contact clients find Davis"),
        ];

        var mailAddress = all["MAIL_HOST_IP"] is { Length: > 0 } mailIp && IPAddress.TryParse(mailIp, out var parsed)
            && !parsed.Equals(IPAddress.Any) && !parsed.Equals(IPAddress.IPv6Any)
            ? parsed
            : null;
        if (mailAddress is not null)
        {
            records.Add(Address(mail, mailAddress, "the MX host, at the address its mail leaves from (MAIL_HOST_IP): SPF's 'mx' checks it"));
        }

        // Only what the host serves needs an address: the names Traefik routes, and MAIL_DOMAIN when
        // MAIL_HOST_IP does not give it one. TOP_DOMAIN names mail addresses; nothing answers there.
        if (settings.HostIp is { } address)
        {
            records.AddRange(webNames
                .Select(name => Fqdn(name.Trim().TrimEnd('.').ToLowerInvariant()))
                .Append(mail)
                .Where(name => mailAddress is null || name != mail)
                .Distinct(StringComparer.Ordinal)
                .Order(StringComparer.Ordinal)
                .Select(name => Address(name, address, name == mail ? "the MX host" : "Traefik routes this name")));
        }

        if (mailAddress is not null)
        {
            records.Add(new DnsRecord(Fqdn(ReverseName(mailAddress)), "PTR", mail, Ttl, false, "set by whoever owns MAIL_HOST_IP: receivers check it")
            {
                Zone = false,
            });
        }

        return records;
    }

    /// <summary>The <c>in-addr.arpa</c> or <c>ip6.arpa</c> name of an address.</summary>
    public static string ReverseName(IPAddress address)
    {
        var bytes = address.GetAddressBytes();
        return address.AddressFamily == AddressFamily.InterNetworkV6
            ? string.Join('.', bytes.Reverse().SelectMany(b => new[] { b & 0xF, b >> 4 }).Select(nibble => nibble.ToString("x"))) + ".ip6.arpa"
            : string.Join('.', bytes.Reverse()) + ".in-addr.arpa";
    }

    private static DnsRecord Address(string name, IPAddress address, string purpose) =>
        new(name, address.AddressFamily == AddressFamily.InterNetworkV6 ? "AAAA" : "A", address.ToString(), Ttl, true, purpose);

    private static string Domain(RequiredVariables variables, string name)
    {
        var value = variables[name].Trim().TrimEnd('.').ToLowerInvariant();
        if (value.Length == 0 || value.Split('.').Any(label => label.Length is 0 or > 63 || !label.All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_')))
        {
            throw new BuildInputException($"{name} ({variables.Origin(name)}) is '{variables[name]}', not a domain name such as mail.example.com.");
        }

        return Fqdn(value);
    }

    private static string Fqdn(string name) => name.EndsWith('.') ? name : name + ".";
}
