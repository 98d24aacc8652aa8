using PrivateCloud.Tasks.Mail.Dkim;
using PrivateCloud.Tasks.Mail.Dns;
using System.Net;
using System.Net.Sockets;
using System.Runtime.Versioning;
using System.Text.Json;
using PrivateCloud.Tasks.Mail;
using PrivateCloud.Tests.Infrastructure;

namespace PrivateCloud.Tests.Mail;

/// <summary>
/// VerifyDns run as a user runs it, against a real dnsmasq on loopback serving the zone right,
/// wrong, or not at all.
/// </summary>
[UnsupportedOSPlatform("windows")]
public sealed class VerifyDnsTests : IDisposable
{
    private const string HostIp = "192.0.2.80";
    private const string MailIp = "192.0.2.25";

    private readonly TemporaryDirectory _work = new();
    private readonly string _dkimTxt;

    public VerifyDnsTests()
    {
        _work.Write(
            "stack/.env",
            $"TOP_DOMAIN=example.test\nMAIL_DOMAIN=mail.example.test\nDAV_DOMAIN=dav.example.test\nCLOUD_DOMAIN=cloud.example.test\nDKIM_SELECTOR=sel\nMAIL_HOST_IP={MailIp}\n");
        // What Traefik routes gets an address record; TOP_DOMAIN, routed nowhere, gets none.
        _work.Write(
            "stack/docker-compose.yaml",
            "services:\n  cozy:\n    image: cozy\n    labels:\n      traefik.http.routers.cozy.rule: Host(`${CLOUD_DOMAIN}`)\n"
            + "  davis:\n    image: davis\n    labels:\n      traefik.http.routers.davis.rule: Host(`${DAV_DOMAIN}`)\n");
        _dkimTxt = DkimKeyStore.Ensure(_work.Combine("dkim.key")).TxtValue;
    }

    public void Dispose() => _work.Dispose();

    private BuildProgram.Result Verify(IPEndPoint server, params string[] args) =>
        BuildProgram.Run(_work.Path, null, [
            "--target=VerifyDns", "--stack=stack", $"--dkim-key={_work.Combine("dkim.key")}", $"--host-ip={HostIp}",
            $"--dns-server={server}", "--format=json", .. args]);

    private static Dictionary<string, JsonElement> ByRecord(BuildProgram.Result result)
    {
        using var json = JsonDocument.Parse(result.Stdout);
        return json.RootElement.EnumerateArray().ToDictionary(
            record => $"{record.GetProperty("type").GetString()} {record.GetProperty("name").GetString()}"
                      + (record.GetProperty("type").GetString() == "TXT" ? " " + record.GetProperty("expected").GetString()!.Split(';', ' ')[0] : string.Empty),
            record => record.Clone());
    }

    private static string Status(Dictionary<string, JsonElement> checks, string key) => checks[key].GetProperty("status").GetString()!;

    /// <summary>The DKIM value in two character-strings, the way a DNS host publishes a 2048-bit key.</summary>
    private string[] DkimStrings() => [_dkimTxt[..DnsRecordFormatter.MaxTxtString], _dkimTxt[DnsRecordFormatter.MaxTxtString..]];

    private string[] CorrectZone() =>
    [
        "--mx-host=example.test,mail.example.test,10",
        DnsmasqServer.TxtRecord("example.test", "v=spf1 mx -all"),
        DnsmasqServer.TxtRecord("example.test", "site-verification=0123"),
        DnsmasqServer.TxtRecord("sel._domainkey.example.test", DkimStrings()),
        // The old script's spelling of the same policy: no blanks, a final ';'.
        DnsmasqServer.TxtRecord("_dmarc.example.test", "v=DMARC1;p=none;rua=mailto:postmaster@example.test;"),
        DnsmasqServer.CaaRecord("example.test", 0, "issue", "letsencrypt.org"),
        "--srv-host=_caldavs._tcp.example.test,dav.example.test,443,0,1",
        "--srv-host=_carddavs._tcp.example.test,dav.example.test,443,0,1",
        $"--host-record=example.test,{HostIp}",
        $"--host-record=cloud.example.test,{HostIp}",
        $"--host-record=dav.example.test,{HostIp}",
        $"--host-record=mail.example.test,{MailIp}",
    ];

    [Fact]
    public void A_correct_zone_passes_with_split_dkim_strings_joined_and_the_old_dmarc_spelling_accepted()
    {
        using var server = DnsmasqServer.Start(["example.test", "2.0.192.in-addr.arpa"], CorrectZone());

        var result = Verify(server.EndPoint);

        Assert.True(result.ExitCode == 0, result + "\n" + server.Log);
        var checks = ByRecord(result);
        Assert.All(checks, check => Assert.Equal("ok", check.Value.GetProperty("status").GetString()));
        Assert.Equal(
            ["MX example.test.", "TXT example.test. v=spf1", "TXT sel._domainkey.example.test. v=DKIM1", "TXT _dmarc.example.test. v=DMARC1",
             "CAA example.test.", "SRV _caldavs._tcp.example.test.", "SRV _carddavs._tcp.example.test.", "A mail.example.test.",
             "A cloud.example.test.", "A dav.example.test.", "PTR 25.2.0.192.in-addr.arpa.",
             "CAA cloud.example.test.", "CAA dav.example.test.", "CAA mail.example.test."],
            checks.Keys);
        Assert.Equal([_dkimTxt], checks["TXT sel._domainkey.example.test. v=DKIM1"].GetProperty("found").EnumerateArray().Select(f => f.GetString()));
        Assert.Equal(["v=spf1 mx -all"], checks["TXT example.test. v=spf1"].GetProperty("found").EnumerateArray().Select(f => f.GetString()));
        Assert.Contains("Every required record is in place (14 of 14 records ok).", result.Output);
    }

    [Fact]
    public void Doctor_sums_the_records_up_ok_on_a_correct_zone_and_fail_naming_a_wrong_record()
    {
        using var good = DnsmasqServer.Start(["example.test", "2.0.192.in-addr.arpa"], CorrectZone());
        using var wrong = DnsmasqServer.Start(["example.test", "2.0.192.in-addr.arpa"], [.. CorrectZone().Where(option => !option.Contains("_dmarc") && !option.Contains("v=spf1"))]);

        var passing = DoctorsDnsCheck(good.EndPoint);
        var failing = DoctorsDnsCheck(wrong.EndPoint);

        Assert.Equal("ok", passing.GetProperty("state").GetString());
        Assert.Equal("all 14 ok", passing.GetProperty("line").GetString());
        Assert.Equal("fail", failing.GetProperty("state").GetString());
        Assert.StartsWith("TXT example.test.: ", failing.GetProperty("line").GetString());
        Assert.Contains(failing.GetProperty("details").EnumerateArray(), record => record.GetProperty("state").GetString() == "warn" && record.GetProperty("name").GetString() == "TXT _dmarc.example.test.");
    }

    /// <summary>Doctor's VerifyDns entry; the endpoint checks go to loopback, where nothing listens.</summary>
    private JsonElement DoctorsDnsCheck(IPEndPoint server)
    {
        var result = BuildProgram.Run(_work.Path, null, [
            "--target=Doctor", "--stack=stack", $"--dkim-key={_work.Combine("dkim.key")}", $"--host-ip={HostIp}",
            $"--dns-server={server}", "--resolve=127.0.0.1", "--check-timeout=2", "--format=json"]);
        using var json = JsonDocument.Parse(result.Stdout);
        return json.RootElement.GetProperty("checks").EnumerateArray().Single(check => check.GetProperty("name").GetString() == "VerifyDns").Clone();
    }

    [Fact]
    public void Each_kind_of_mistake_is_reported_with_what_was_found_and_a_required_one_fails_the_run()
    {
        using var server = DnsmasqServer.Start(["example.test", "2.0.192.in-addr.arpa"],
        [
            "--mx-host=example.test,mail.example.test,20",
            DnsmasqServer.TxtRecord("example.test", "v=spf1 a -all"),
            DnsmasqServer.CaaRecord("example.test", 0, "issue", "pki.example"),
            "--srv-host=_caldavs._tcp.example.test,dav.example.test,443,0,1",
            $"--host-record=example.test,{HostIp}",
            "--host-record=cloud.example.test,192.0.2.99",
            $"--host-record=dav.example.test,{HostIp}",
            $"--host-record=mail.example.test,{MailIp}",
        ]);

        var result = Verify(server.EndPoint);

        Assert.Equal(1, result.ExitCode);
        var checks = ByRecord(result);
        Assert.Equal("different", Status(checks, "MX example.test."));
        Assert.Equal(["20 mail.example.test."], checks["MX example.test."].GetProperty("found").EnumerateArray().Select(f => f.GetString()));
        Assert.Equal("10 mail.example.test.", checks["MX example.test."].GetProperty("expected").GetString());
        Assert.Equal("different", Status(checks, "TXT example.test. v=spf1"));
        Assert.Equal("missing", Status(checks, "TXT sel._domainkey.example.test. v=DKIM1"));
        Assert.Equal("missing", Status(checks, "TXT _dmarc.example.test. v=DMARC1"));
        Assert.Equal("different", Status(checks, "CAA example.test."));
        Assert.Equal("different", Status(checks, "CAA cloud.example.test."));
        Assert.Equal("ok", Status(checks, "SRV _caldavs._tcp.example.test."));
        Assert.Equal("missing", Status(checks, "SRV _carddavs._tcp.example.test."));
        Assert.Equal("different", Status(checks, "A cloud.example.test."));
        Assert.Equal("ok", Status(checks, "A mail.example.test."));
        Assert.Equal("ok", Status(checks, "PTR 25.2.0.192.in-addr.arpa."));
        Assert.Contains(
            "4 required DNS record(s) not as expected on 127.0.0.1:" + server.Port
            + ": MX example.test. different, TXT example.test. different, TXT sel._domainkey.example.test. missing, A cloud.example.test. different",
            result.Output);
    }

    [Fact]
    public void Each_name_a_certificate_is_issued_for_is_covered_by_its_own_caa_first_then_its_parents()
    {
        using var server = DnsmasqServer.Start(["example.test", "2.0.192.in-addr.arpa"],
            [.. CorrectZone(), DnsmasqServer.CaaRecord("cloud.example.test", 0, "issue", "pki.example")]);

        var checks = ByRecord(Verify(server.EndPoint));

        Assert.Equal("different", Status(checks, "CAA cloud.example.test."));
        Assert.Equal(["0 issue \"pki.example\""], checks["CAA cloud.example.test."].GetProperty("found").EnumerateArray().Select(f => f.GetString()));
        Assert.Equal(("ok", "ok", "ok"), (Status(checks, "CAA example.test."), Status(checks, "CAA dav.example.test."), Status(checks, "CAA mail.example.test.")));
    }

    [Fact]
    public void Without_any_caa_each_name_is_named_missing_and_doctor_warns_one_line_each()
    {
        using var server = DnsmasqServer.Start(["example.test", "2.0.192.in-addr.arpa"], [.. CorrectZone().Where(option => !option.Contains(",257,"))]);

        var result = Verify(server.EndPoint);
        var doctor = DoctorsDnsCheck(server.EndPoint);

        Assert.True(result.ExitCode == 0, result.ToString());
        var checks = ByRecord(result);
        Assert.All(
            ["CAA example.test.", "CAA cloud.example.test.", "CAA dav.example.test.", "CAA mail.example.test."],
            key => Assert.Equal("missing", Status(checks, key)));
        Assert.Equal("warn", doctor.GetProperty("state").GetString());
        Assert.Equal("4 of 14 warn, first CAA example.test.: missing", doctor.GetProperty("line").GetString());
    }

    [Fact]
    public void A_server_that_never_answers_gives_timeouts_not_missing_records()
    {
        using var silent = new Socket(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp);
        silent.Bind(new IPEndPoint(IPAddress.Loopback, 0));

        var result = Verify((IPEndPoint)silent.LocalEndPoint!, "--dns-timeout=1");

        Assert.Equal(1, result.ExitCode);
        var checks = ByRecord(result);
        Assert.All(checks.Values, check => Assert.Equal("timeout", check.GetProperty("status").GetString()));
        Assert.Contains("MX example.test. timeout", result.Output);
    }

    [Fact]
    public void A_port_where_no_server_listens_gives_timeouts_not_missing_records()
    {
        int port;
        using (var probe = new Socket(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp))
        {
            probe.Bind(new IPEndPoint(IPAddress.Loopback, 0));
            port = ((IPEndPoint)probe.LocalEndPoint!).Port;
        }

        var result = Verify(new IPEndPoint(IPAddress.Loopback, port), "--dns-timeout=2");

        Assert.Equal(1, result.ExitCode);
        var checks = ByRecord(result);
        Assert.All(checks.Values, check => Assert.Equal("timeout", check.GetProperty("status").GetString()));
    }

    [Fact]
    public void The_text_report_is_a_table_of_status_expected_and_found()
    {
        using var server = DnsmasqServer.Start(["example.test", "2.0.192.in-addr.arpa"], CorrectZone()[1..]);

        var result = BuildProgram.Run(_work.Path, null,
            "--target=VerifyDns", "--stack=stack", $"--dkim-key={_work.Combine("dkim.key")}", $"--dns-server={server.EndPoint}");

        Assert.Equal(1, result.ExitCode);
        var header = result.Stdout.Split('\n').First(line => line.StartsWith("STATUS", StringComparison.Ordinal));
        Assert.Matches(@"^STATUS +NEED +TYPE +NAME +EXPECTED +FOUND$", header);
        Assert.Matches(@"(?m)^missing +required +MX +example\.test\. +10 mail\.example\.test\. +-$", result.Stdout);
        Assert.Matches(@"(?m)^ok +required +TXT +example\.test\. +v=spf1 mx -all +v=spf1 mx -all$", result.Stdout);
        Assert.Contains("1 required DNS record(s) not as expected", result.Output);
    }
}
