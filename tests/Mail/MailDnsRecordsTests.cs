using PrivateCloud.Tasks.Mail.Dkim;
using System.Runtime.Versioning;
using System.Text.Json;
using PrivateCloud.Tasks.Mail;
using PrivateCloud.Tests.Infrastructure;

namespace PrivateCloud.Tests.Mail;

/// <summary>MailDnsRecords run as a user runs it, on the install guide's own .env.dist.</summary>
[UnsupportedOSPlatform("windows")]
public sealed class MailDnsRecordsTests : IDisposable
{
    /// <summary>The install guide's .env.dist (its domain and mail part), as users have it, escaped password included.</summary>
    private const string GuideEnvDist =
        """
        # Domains
        TOP_DOMAIN=mydomain.com
        PASSWORDS_DOMAIN=passwords.mydomain.com
        CLOUD_DOMAIN=cloud.mydomain.com
        BOOKMARKS_DOMAIN=bookmarks.mydomain.com
        DAV_DOMAIN=dav.mydomain.com
        TASKS_DOMAIN=tasks.mydomain.com
        MAIL_DOMAIN=mail.mydomain.com
        MAPS_DOMAIN=maps.mydomain.com
        CRYPTPAD_DOMAIN=pad.mydomain.com
        CRYPTPAD_SANDBOX_DOMAIN=pad-secure.mydomain.com

        ############## General Mail configuration
        EMAIL=myusername@mydomain.com
        MAIL_HOST=smtp.provider.com
        MAIL_PORT=587
        MAIL_PASSWORD=mailpwd

        # For our own mail containers :
        MAIL_HOST_IP=0.0.0.0
        MAIL_VOLUME_GROUP=3000
        DKIM_SELECTOR=123456789

        ############## Cozy (File server)
        COUCHDB_USER=cozy
        COUCHDB_PASSWORD=SomeRandomlyGeneratedPassword
        # Quote what needs to be quoted ONLY (', <spaces>, etc)
        CLOUD_MASTER_PASSWORD="This\ is\ a\ \'strong\'\ password"
        WEKAN_MAIL_FROM='Tasks Notifications <noreply.tasks@mydomain.com>'
        CRYPTPAD_ADMIN_KEY='https://pad.domain.com/user/#/1/username/key'

        """;

    private readonly TemporaryDirectory _work = new();
    private readonly string _dkimTxt;

    /// <summary>Two routers, one with a Cozy app's name: the address records follow what Traefik routes.</summary>
    private const string RoutingCompose = """
        services:
          cozy:
            image: cozy
            labels:
              traefik.http.routers.cozy.rule: Host(`${CLOUD_DOMAIN}`) || Host(`drive.${CLOUD_DOMAIN}`)
          davis:
            image: davis
            labels:
              traefik.http.routers.davis.rule: Host(`${DAV_DOMAIN}`)
        """;

    public MailDnsRecordsTests()
    {
        _work.Write("stack/.env.dist", GuideEnvDist);
        _work.Write("stack/docker-compose.yaml", RoutingCompose);
        _dkimTxt = DkimKeyStore.Ensure(_work.Combine("dkim", "mail.key")).TxtValue;
    }

    public void Dispose() => _work.Dispose();

    private BuildProgram.Result Run(params string[] args) =>
        BuildProgram.Run(_work.Path, null, ["--target=MailDnsRecords", "--stack=stack", $"--dkim-key={_work.Combine("dkim", "mail.key")}", .. args]);

    [Fact]
    public void Json_on_the_guides_env_dist_is_the_only_stdout_and_carries_the_real_key()
    {
        var result = Run("--format=json");

        Assert.True(result.ExitCode == 0, result.ToString());
        using var json = JsonDocument.Parse(result.Stdout);
        var records = json.RootElement.EnumerateArray()
            .Select(r => (Name: r.GetProperty("name").GetString(), Type: r.GetProperty("type").GetString(), Value: r.GetProperty("value").GetString(),
                Ttl: r.GetProperty("ttl").GetInt32(), Required: r.GetProperty("required").GetBoolean()))
            .ToList();
        Assert.Equal(
            [
                ("mydomain.com.", "MX", "10 mail.mydomain.com.", 3600, true),
                ("mydomain.com.", "TXT", "v=spf1 mx -all", 3600, true),
                ("123456789._domainkey.mydomain.com.", "TXT", _dkimTxt, 3600, true),
                ("_dmarc.mydomain.com.", "TXT", "v=DMARC1; p=none; rua=mailto:postmaster@mydomain.com", 3600, false),
                ("mydomain.com.", "CAA", "0 issue \"letsencrypt.org\"", 3600, false),
                ("_caldavs._tcp.mydomain.com.", "SRV", "0 1 443 dav.mydomain.com.", 3600, false),
                ("_carddavs._tcp.mydomain.com.", "SRV", "0 1 443 dav.mydomain.com.", 3600, false),
            ],
            records);
        Assert.Contains("reading .env.dist instead", result.Output);
        Assert.DoesNotContain("reading .env.dist", result.Stdout);
        Assert.DoesNotContain("MailDnsRecords", result.Stdout);
    }

    [Fact]
    public void Zone_lines_split_the_dkim_key_into_quoted_strings_and_host_ip_adds_an_a_record_per_routed_name_and_the_mail_domain()
    {
        var result = Run("--host-ip=203.0.113.7", "--mx-priority=5", "--dmarc-policy=quarantine", "--dmarc-rua=reports@example.net");

        Assert.True(result.ExitCode == 0, result.ToString());
        var lines = result.Stdout.Split('\n');
        var dkim = Assert.Single(lines, line => line.StartsWith("123456789._domainkey.mydomain.com.", StringComparison.Ordinal));
        Assert.Contains($"IN TXT   \"{_dkimTxt[..255]}\" \"{_dkimTxt[255..]}\" ; required", dkim);
        Assert.Single(lines, line => line.StartsWith("mydomain.com. ", StringComparison.Ordinal) && line.Contains("IN MX    5 mail.mydomain.com. ; required", StringComparison.Ordinal));
        Assert.Single(lines, line => line.Contains("IN TXT   \"v=DMARC1; p=quarantine; rua=mailto:reports@example.net\" ; recommended", StringComparison.Ordinal));
        var addresses = lines.Where(line => line.Contains(" IN A ", StringComparison.Ordinal)).Select(line => line.Split(' ')[0]).ToList();
        // TOP_DOMAIN names mail addresses and is routed nowhere: it needs no address record.
        Assert.Equal(["cloud.mydomain.com.", "dav.mydomain.com.", "drive.cloud.mydomain.com.", "mail.mydomain.com."], addresses);
        Assert.All(lines.Where(line => line.Contains(" IN A ", StringComparison.Ordinal)), line => Assert.Contains(" 203.0.113.7 ; required", line));
        Assert.Contains("; PTR: the reverse record of MAIL_HOST_IP must name MAIL_DOMAIN", result.Stdout);
    }

    [Fact]
    public void A_mail_host_ip_gives_the_mail_domain_its_own_address_and_the_ptr_to_set()
    {
        _work.Write("stack/.env", GuideEnvDist.Replace("MAIL_HOST_IP=0.0.0.0", "MAIL_HOST_IP=198.51.100.25", StringComparison.Ordinal));

        var result = Run("--format=table", "--host-ip=203.0.113.7");

        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.Matches(@"(?m)^NAME +TYPE +VALUE +TTL +NEED +PURPOSE$", result.Stdout);
        Assert.Matches(@"(?m)^mail\.mydomain\.com\. +A +198\.51\.100\.25 +3600 +required ", result.Stdout);
        Assert.Matches(@"(?m)^cloud\.mydomain\.com\. +A +203\.0\.113\.7 +3600 +required ", result.Stdout);
        Assert.Matches(@"(?m)^25\.100\.51\.198\.in-addr\.arpa\. +PTR +mail\.mydomain\.com\. +3600 +recommended ", result.Stdout);
    }

    [Fact]
    public void A_missing_variable_or_key_and_an_unknown_format_each_stop_with_one_line()
    {
        var unknown = Run("--format=yaml");
        _work.Write("stack/.env", "TOP_DOMAIN=mydomain.com\nDKIM_SELECTOR=mail\nDAV_DOMAIN=dav.mydomain.com\nMAIL_DOMAIN=\n");
        var missingVariable = Run();
        var missingKey = BuildProgram.Run(_work.Path, null, "--target=MailDnsRecords", "--stack=stack", "--dkim-key=nowhere.key");

        Assert.Equal(2, unknown.ExitCode);
        Assert.Contains("Error: --format (command line): --format takes text, json, zone or table, not 'yaml'.", unknown.Output);
        Assert.Equal(2, missingVariable.ExitCode);
        Assert.Contains($"Error: MAIL_DOMAIN is not set in {_work.Combine("stack", ".env")} (nor in the environment): MailDnsRecords needs it; add MAIL_DOMAIN=<value> there.", missingVariable.Output);
        Assert.Equal(2, missingKey.ExitCode);
        Assert.Contains($"Error: The DKIM key {_work.Combine("nowhere.key")} does not exist: create it with --target=CreateDkimKey", missingKey.Output);
        Assert.DoesNotContain(missingKey.Stdout.Split('\n'), line => line.StartsWith(';'));
    }
}
