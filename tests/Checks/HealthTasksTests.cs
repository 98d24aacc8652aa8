using System.Text.Json;
using PrivateCloud.Tests.Infrastructure;

namespace PrivateCloud.Tests.Checks;

/// <summary>CheckEndpoints and Doctor run by the real build program against the real servers of <see cref="EndpointServersFixture"/>.</summary>
public sealed class HealthTasksTests(EndpointServersFixture servers, SshServerFixture sshd)
    : IClassFixture<EndpointServersFixture>, IClassFixture<SshServerFixture>, IDisposable
{
    private readonly TemporaryDirectory _work = new();

    public void Dispose() => _work.Dispose();

    [Fact]
    public void CheckEndpoints_prints_one_ok_line_per_endpoint_and_exits_0()
    {
        var result = Run(GoodStack(), "--target=CheckEndpoints");

        Assert.True(result.ExitCode == 0, result.ToString());
        string[] expected =
        [
            $"ok             https cloud.test:{servers.HttpsPort}: HTTP 200 OK; certificate valid until",
            $"ok             https git.test:{servers.HttpsPort}: HTTP 200 OK",
            $"ok             smtp mail.test:{servers.SmtpPort}: STARTTLS;",
            $"ok             submission mail.test:{servers.SubmissionPort}: STARTTLS required, then AUTH PLAIN LOGIN;",
            $"ok             smtps mail.test:{servers.SmtpsPort}: implicit TLS;",
            $"ok             imaps mail.test:{servers.ImapsPort}: implicit TLS, LOGIN as {EndpointServersFixture.MailUser} ok;",
        ];
        Assert.All(expected, line => Assert.Contains(line, result.Output));
        Assert.Contains("CheckEndpoints: all 6 ok.", result.Output);
        Assert.DoesNotContain(EndpointServersFixture.MailPassword, result.Output);
    }

    [Fact]
    public void CheckEndpoints_as_json_puts_only_the_document_on_stdout_and_exits_1_on_a_failure()
    {
        var stack = GoodStack().Replace("GIT_DOMAIN=git.test", "GIT_DOMAIN=expired.test\nDAV_DOMAIN=soon.test");

        var result = Run(stack, "--target=CheckEndpoints", "--format=json");

        Assert.True(result.ExitCode == 1, result.ToString());
        using var document = JsonDocument.Parse(result.Stdout);
        var root = document.RootElement;
        Assert.Equal("fail", root.GetProperty("state").GetString());
        Assert.Equal(1, root.GetProperty("exitCode").GetInt32());
        var checks = root.GetProperty("checks").EnumerateArray()
            .ToDictionary(c => c.GetProperty("name").GetString()!, c => (State: c.GetProperty("state").GetString(), Line: c.GetProperty("line").GetString()!));
        Assert.Equal(7, checks.Count);
        Assert.Equal("fail", checks[$"https expired.test:{servers.HttpsPort}"].State);
        Assert.StartsWith("expired on ", checks[$"https expired.test:{servers.HttpsPort}"].Line);
        Assert.Equal("warn", checks[$"https soon.test:{servers.HttpsPort}"].State);
        Assert.Equal("ok", checks[$"imaps mail.test:{servers.ImapsPort}"].State);
        // The log went to stderr: the failure line is in the output, not in the document.
        Assert.Contains("CheckEndpoints: fail (1 fail, 1 warn, 5 ok).", result.Output);
        Assert.DoesNotContain("CheckEndpoints: fail", result.Stdout);
        Assert.DoesNotContain(EndpointServersFixture.MailPassword, result.Output);
    }

    [Fact]
    public void Without_resolve_a_name_that_is_not_in_dns_fails_and_says_how_to_check_anyway()
    {
        var result = Run("CLOUD_DOMAIN=cloud.test\n", "--target=CheckEndpoints", $"--endpoint-ports={servers.PortsSetting}");

        Assert.True(result.ExitCode == 1, result.ToString());
        Assert.Contains($"fail           https cloud.test:{servers.HttpsPort}: cloud.test does not resolve (give --resolve=<ip> to check before DNS points at the host)", result.Output);
    }

    [Fact]
    public void A_wrong_password_fails_the_run_and_stays_out_of_every_output()
    {
        var stack = GoodStack().Replace($"MAIL_PRINCIPAL_PASSWORD={EndpointServersFixture.MailPassword}", "MAIL_PRINCIPAL_PASSWORD=wrong-mailbox-secret");

        var result = Run(stack, "--target=CheckEndpoints", "--format=json");

        Assert.True(result.ExitCode == 1, result.ToString());
        Assert.Contains($"login refused for {EndpointServersFixture.MailUser}", result.Stdout);
        Assert.DoesNotContain("wrong-mailbox-secret", result.Output);
    }

    [Fact]
    public void Doctor_says_not_configured_for_what_it_cannot_check_exits_4_and_writes_a_page_chromium_shows()
    {
        HeadlessChromium.Require();
        var report = _work.Combine("artifacts", "health.html");

        var result = Run(GoodStack(), "--target=Doctor", $"--report={report}");

        Assert.True(result.ExitCode == 4, result.ToString());
        Assert.Contains("not configured ShowStatus: no --host (or --docker-host, --docker-context) to ask for the services", result.Output);
        Assert.Contains("not configured CheckDiskUsage: no --host to read the disks of", result.Output);
        Assert.Contains("ok             CheckEndpoints: all 6 ok", result.Output);
        Assert.Contains("not configured BackupStatus: no --host to read the backups from", result.Output);
        Assert.Contains("Doctor: not configured (4 not configured, 1 ok).", result.Output);

        var html = File.ReadAllText(report);
        Assert.DoesNotContain("src=", html);
        Assert.DoesNotContain("href=", html);
        Assert.DoesNotContain("@import", html);

        var screenshot = _work.Combine("health.png");
        var pdf = _work.Combine("health.pdf");
        HeadlessChromium.Render(report, _work.Combine("chromium-profile"), $"--screenshot={screenshot}", $"--print-to-pdf={pdf}", "--no-pdf-header-footer");
        var png = File.ReadAllBytes(screenshot);
        Assert.Equal([0x89, (byte)'P', (byte)'N', (byte)'G'], png[..4]);
        Assert.Equal((1100, 700), (BigEndian(png, 16), BigEndian(png, 20)));
        var text = HeadlessChromium.PdfText(pdf);
        Assert.Contains("Doctor", text);
        Assert.Matches(@"not configured\s+ShowStatus\s+no --host", text);
        Assert.Matches(@"ok\s+CheckEndpoints\s+all 6 ok", text);
        Assert.Matches($@"ok\s+imaps mail.test:{servers.ImapsPort}\s+implicit TLS, LOGIN as principal ok", text);
    }

    [Fact]
    public void Doctor_as_json_lists_each_check_with_its_details()
    {
        var stack = GoodStack().Replace("GIT_DOMAIN=git.test", "GIT_DOMAIN=wrong.test");

        var result = Run(stack, "--target=Doctor", "--format=json");

        Assert.True(result.ExitCode == 1, result.ToString());
        using var document = JsonDocument.Parse(result.Stdout);
        var checks = document.RootElement.GetProperty("checks").EnumerateArray().ToList();
        Assert.Equal(["ShowStatus", "CheckDiskUsage", "CheckEndpoints", "VerifyDns", "BackupStatus"], checks.Select(c => c.GetProperty("name").GetString()));
        Assert.Equal(["not configured", "not configured", "fail", "not configured", "not configured"], checks.Select(c => c.GetProperty("state").GetString()));
        Assert.StartsWith("The DKIM key ", checks[3].GetProperty("line").GetString());
        Assert.Equal("no --host to read the backups from", checks[4].GetProperty("line").GetString());
        Assert.Equal($"https wrong.test:{servers.HttpsPort}: name mismatch: the certificate is for other.test, not wrong.test", checks[2].GetProperty("line").GetString());
        Assert.Equal(6, checks[2].GetProperty("details").GetArrayLength());
    }

    [Fact]
    public void Doctor_with_a_host_reads_its_disks_and_fails_on_a_host_without_the_stack()
    {
        sshd.Require();

        var result = Run(
            GoodStack(), "--target=Doctor", "--format=json", $"--host=root@127.0.0.1:{sshd.Port}", $"--ssh-key={sshd.Ed25519Key}",
            $"--known-hosts={sshd.KnownHostsFile}", "--data-mounts=/", "--disk-warn=100", "--disk-fail=100", "--remote-dir=/nonexistent/private-cloud");

        Assert.True(result.ExitCode == 1, result.ToString());
        using var document = JsonDocument.Parse(result.Stdout);
        var checks = document.RootElement.GetProperty("checks").EnumerateArray()
            .ToDictionary(c => c.GetProperty("name").GetString()!, c => (State: c.GetProperty("state").GetString(), Line: c.GetProperty("line").GetString()!));
        Assert.True(checks["ShowStatus"] is { State: "fail" } && !checks["ShowStatus"].Line.Contains('\n'), checks["ShowStatus"].Line);
        Assert.Contains("/nonexistent/private-cloud", checks["ShowStatus"].Line);
        Assert.Equal("ok", checks["CheckDiskUsage"].State);
        Assert.Matches(@"^\d+ filesystems below 100%; fullest \S+ at \d+%$", checks["CheckDiskUsage"].Line);
        Assert.Equal("ok", checks["CheckEndpoints"].State);
    }

    /// <summary>
    /// Traefik's routers as the stack writes them: MAIL_DOMAIN's only fetches its certificate, which the
    /// mail endpoints check; the others name what CheckEndpoints probes over HTTPS.
    /// </summary>
    private const string RoutedCompose = """
        services:
          proxy:
            image: busybox
            labels:
              traefik.http.routers.mail-certificate.rule: Host(`${MAIL_DOMAIN}`)
              traefik.http.routers.mail-certificate.service: noop@internal
          cloud:
            image: busybox
            labels:
              traefik.http.routers.cloud.rule: Host(`${CLOUD_DOMAIN}`)
          git:
            image: busybox
            labels:
              traefik.http.routers.git.rule: Host(`${GIT_DOMAIN}`)
          dav:
            image: busybox
            labels:
              traefik.http.routers.dav.rule: Host(`${DAV_DOMAIN}`)

        """;

    private string GoodStack() => $"""
        COMPOSE_PROJECT_NAME=health
        CLOUD_DOMAIN=cloud.test
        GIT_DOMAIN=git.test
        MAIL_DOMAIN={EndpointServersFixture.MailName}
        MAIL_PRINCIPAL_USER={EndpointServersFixture.MailUser}
        MAIL_PRINCIPAL_PASSWORD={EndpointServersFixture.MailPassword}

        """;

    private BuildProgram.Result Run(string env, params string[] args)
    {
        servers.Require();
        _work.Write("configuration/.env", env);
        _work.Write("configuration/docker-compose.yml", RoutedCompose);
        string[] settings = [$"--resolve={EndpointServersFixture.Address}", $"--ca-file={servers.CaFile}", $"--endpoint-ports={servers.PortsSetting}"];
        var all = args.Any(a => a.StartsWith("--endpoint-ports", StringComparison.Ordinal)) ? args : [.. args, .. settings];
        return BuildProgram.Run(_work.Path, null, all);
    }

    private static int BigEndian(byte[] bytes, int offset) => (bytes[offset] << 24) | (bytes[offset + 1] << 16) | (bytes[offset + 2] << 8) | bytes[offset + 3];
}
