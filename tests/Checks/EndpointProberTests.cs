using System.Net;
using System.Net.Sockets;
using System.Security.Cryptography.X509Certificates;
using PrivateCloud.Tasks.Checks.Endpoints;
using PrivateCloud.Tasks.Plumbing.Health;

namespace PrivateCloud.Tests.Checks;

/// <summary>Each endpoint check against real nginx, Dovecot and OpenSMTPD, in its passing state and each failing one.</summary>
public sealed class EndpointProberTests(EndpointServersFixture servers) : IClassFixture<EndpointServersFixture>
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(10);

    private const string Graded = "RSA 2048-bit key; HSTS max-age=31536000, includeSubDomains; TLS 1.0 and 1.1 refused";

    [Fact]
    public async Task A_trusted_certificate_for_the_name_and_a_200_is_ok()
    {
        var result = await Check(EndpointKind.Https, "git.test", servers.HttpsPort);

        Assert.Equal(CheckState.Ok, result.State);
        Assert.StartsWith("HTTP 200 OK; certificate valid until ", result.Line);
        Assert.Equal($"https git.test:{servers.HttpsPort}", result.Name);
    }

    [Fact]
    public async Task Tls_1_2_and_1_3_only_a_year_of_hsts_and_a_2048_bit_key_pass_every_grade()
    {
        var result = await Check(EndpointKind.Https, "cloud.test", servers.HttpsPort);

        Assert.Equal(CheckState.Ok, result.State);
        Assert.Matches($@"^HTTP 200 OK; certificate valid until \d{{4}}-\d\d-\d\d; {Graded}$", result.Line);
    }

    [Fact]
    public async Task A_server_offering_tls_1_0_and_1_1_without_hsts_fails_naming_both_and_what_to_do()
    {
        var result = await Check(EndpointKind.Https, "weak.test", servers.WeakHttpsPort);

        Assert.Equal(CheckState.Fail, result.State);
        Assert.Matches(
            "^no Strict-Transport-Security header: send max-age=31536000; includeSubDomains \\(Traefik's security-headers or hsts middleware on the router sets it\\); "
            + "accepts TLS 1.0 and TLS 1.1: allow TLS 1.2 and 1.3 only \\(minVersion: VersionTLS12 in Traefik's TLS options, configurations/traefik/dynamic.yml\\); "
            + @"HTTP 200 OK; certificate valid until \d{4}-\d\d-\d\d; RSA 2048-bit key$",
            result.Line);
    }

    [Fact]
    public async Task An_hsts_max_age_a_second_short_of_six_months_fails_alone()
    {
        var result = await Check(EndpointKind.Https, "short-hsts.test", servers.HttpsPort);

        Assert.Equal(CheckState.Fail, result.State);
        Assert.StartsWith("HSTS max-age=15767999 is under 15768000 s (6 months): send max-age=31536000 or more", result.Line);
        Assert.EndsWith("; RSA 2048-bit key; TLS 1.0 and 1.1 refused", result.Line);
    }

    [Fact]
    public async Task A_1024_bit_rsa_key_fails_and_the_rest_is_still_graded()
    {
        var result = await Check(EndpointKind.Https, "small-key.test", servers.WeakHttpsPort);

        Assert.Equal(CheckState.Fail, result.State);
        Assert.StartsWith(
            "RSA key of 1024 bits, under 2048: renew the certificate with an RSA key of 2048 bits or more, or an EC key of 256 (P-256); accepts TLS 1.0 and TLS 1.1: ",
            result.Line);
        Assert.EndsWith("; HSTS max-age=31536000, includeSubDomains", result.Line);
    }

    [Fact]
    public async Task A_port_the_old_versions_cannot_be_asked_on_warns_instead_of_passing()
    {
        servers.Require();
        var closed = await new LegacyTlsProbe(EndpointServersFixture.Address).JudgeAsync(
            new Endpoint(EndpointKind.Https, "cloud.test", servers.ClosedPort), CancellationToken.None);
        var noStartTls = await new LegacyTlsProbe(EndpointServersFixture.Address).JudgeAsync(
            new Endpoint(EndpointKind.Smtp, EndpointServersFixture.MailName, servers.PlainSmtpPort), CancellationToken.None);

        Assert.Equal(
            new TlsFinding(CheckState.Warn, "TLS 1.0 not probed: openssl s_client ended without an answer in TLS (Connection refused); "
                + "TLS 1.1 not probed: openssl s_client ended without an answer in TLS (Connection refused)"),
            closed);
        Assert.Equal(CheckState.Warn, noStartTls.State);
        Assert.StartsWith("TLS 1.0 not probed: openssl s_client ended without an answer in TLS (wrong version number)", noStartTls.Text);
    }

    [Fact]
    public async Task A_hang_up_after_a_missing_starttls_is_not_read_as_refusing_the_old_versions()
    {
        // Greets and answers EHLO without STARTTLS, then hangs up on the ClientHello s_client sends anyway.
        using var listener = new TcpListener(EndpointServersFixture.Address, 0);
        listener.Start();
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;
        using var stop = new CancellationTokenSource(Timeout);
        var server = Task.Run(async () =>
        {
            for (var i = 0; i < 2; i++)
            {
                using var client = await listener.AcceptTcpClientAsync(stop.Token);
                using var stream = client.GetStream();
                using var reader = new StreamReader(stream);
                await stream.WriteAsync("220 mail.test ESMTP\r\n"u8.ToArray(), stop.Token);
                await reader.ReadLineAsync(stop.Token);
                await stream.WriteAsync("250 mail.test\r\n"u8.ToArray(), stop.Token);
                await stream.ReadAtLeastAsync(new byte[5], 5, throwOnEndOfStream: false, stop.Token);
            }
        }, stop.Token);

        var finding = await new LegacyTlsProbe(EndpointServersFixture.Address).JudgeAsync(
            new Endpoint(EndpointKind.Smtp, EndpointServersFixture.MailName, port), CancellationToken.None);
        await server;

        // The reason is the kernel's: a hang-up (unexpected eof) mostly, a reset when the close races the ClientHello.
        Assert.Equal(CheckState.Warn, finding.State);
        Assert.StartsWith("TLS 1.0 not probed: openssl s_client ended without an answer in TLS (", finding.Text);
    }

    [Fact]
    public async Task Without_the_openssl_command_the_old_versions_are_not_probed_and_it_says_how_to_install_it()
    {
        servers.Require();
        var finding = await new LegacyTlsProbe(EndpointServersFixture.Address, program: "/nonexistent/openssl").JudgeAsync(
            new Endpoint(EndpointKind.Https, "weak.test", servers.WeakHttpsPort), CancellationToken.None);

        Assert.Equal(CheckState.Warn, finding.State);
        Assert.StartsWith("TLS 1.0 not probed: the /nonexistent/openssl command is not installed here (apt-get install openssl); ", finding.Text);
    }

    [Fact]
    public async Task A_certificate_expiring_within_the_warning_days_warns_and_within_three_days_fails()
    {
        var soon = await Check(EndpointKind.Https, "soon.test", servers.HttpsPort);
        var critical = await Check(EndpointKind.Https, "critical.test", servers.HttpsPort);

        Assert.Equal(CheckState.Warn, soon.State);
        Assert.Matches($@"^HTTP 200 OK; expires on \d{{4}}-\d\d-\d\d, in (9|10) days; {Graded}$", soon.Line);
        Assert.Equal(CheckState.Fail, critical.State);
        Assert.Matches(@"expires on \d{4}-\d\d-\d\d, in (1|2) days?$", critical.Line);
    }

    [Fact]
    public async Task An_expired_certificate_fails_with_its_date()
    {
        var result = await Check(EndpointKind.Https, "expired.test", servers.HttpsPort);

        Assert.Equal(CheckState.Fail, result.State);
        Assert.Equal($"expired on {DateTimeOffset.UtcNow.AddDays(-30):yyyy-MM-dd}", result.Line);
    }

    [Fact]
    public async Task A_certificate_for_another_name_fails_naming_both()
    {
        var result = await Check(EndpointKind.Https, "wrong.test", servers.HttpsPort);

        Assert.Equal(CheckState.Fail, result.State);
        Assert.Equal("name mismatch: the certificate is for other.test, not wrong.test", result.Line);
    }

    [Fact]
    public async Task A_certificate_from_an_unknown_ca_fails_as_untrusted()
    {
        var result = await Check(EndpointKind.Https, "untrusted.test", servers.HttpsPort);

        Assert.Equal(CheckState.Fail, result.State);
        Assert.StartsWith("untrusted: the chain ends at 'CN=stranger test CA', not at the CA file", result.Line);
    }

    [Fact]
    public async Task Without_a_ca_file_the_system_trust_store_decides()
    {
        var result = await Check(EndpointKind.Https, "cloud.test", servers.HttpsPort, useCa: false);

        Assert.Equal(CheckState.Fail, result.State);
        Assert.StartsWith("untrusted: the chain ends at 'CN=trusted test CA', not at the system's trusted roots", result.Line);
    }

    [Fact]
    public async Task A_route_answering_5xx_fails()
    {
        var result = await Check(EndpointKind.Https, "broken.test", servers.HttpsPort);

        Assert.Equal(CheckState.Fail, result.State);
        Assert.StartsWith("the route answers HTTP 502 Bad Gateway; certificate valid until ", result.Line);
    }

    [Fact]
    public async Task Mail_ports_pass_with_starttls_auth_after_it_implicit_tls_and_a_login()
    {
        var smtp = await Check(EndpointKind.Smtp, EndpointServersFixture.MailName, servers.SmtpPort);
        var submission = await Check(EndpointKind.Submission, EndpointServersFixture.MailName, servers.SubmissionPort);
        var smtps = await Check(EndpointKind.Smtps, EndpointServersFixture.MailName, servers.SmtpsPort);
        var imaps = await Check(EndpointKind.Imaps, EndpointServersFixture.MailName, servers.ImapsPort, password: EndpointServersFixture.MailPassword);

        AssertOk(smtp, "STARTTLS; certificate valid until ");
        AssertOk(submission, "STARTTLS required, then AUTH PLAIN LOGIN; certificate valid until ");
        AssertOk(smtps, "implicit TLS; certificate valid until ");
        AssertOk(imaps, $"implicit TLS, LOGIN as {EndpointServersFixture.MailUser} ok; certificate valid until ");
        // No HSTS on mail; the old versions are asked after STARTTLS on 25 and 587, so their refusal is TLS's.
        Assert.All([smtp, submission, smtps, imaps], result => Assert.EndsWith("; RSA 2048-bit key; TLS 1.0 and 1.1 refused", result.Line));
    }

    [Fact]
    public async Task Imap_without_credentials_checks_tls_and_says_no_login_was_tried()
    {
        var result = await Check(EndpointKind.Imaps, EndpointServersFixture.MailName, servers.ImapsPort, password: null);

        Assert.Equal(CheckState.Ok, result.State);
        Assert.EndsWith("; no LOGIN tried (MAIL_PRINCIPAL_USER and MAIL_PRINCIPAL_PASSWORD not set); RSA 2048-bit key; TLS 1.0 and 1.1 refused", result.Line);
    }

    [Fact]
    public async Task A_wrong_password_is_a_refused_login()
    {
        var result = await Check(EndpointKind.Imaps, EndpointServersFixture.MailName, servers.ImapsPort, password: "not-the-password");

        Assert.Equal(CheckState.Fail, result.State);
        Assert.StartsWith($"login refused for {EndpointServersFixture.MailUser}; certificate valid until ", result.Line);
        Assert.DoesNotContain("not-the-password", result.Line);
    }

    [Fact]
    public async Task A_smtp_server_without_starttls_fails_on_25_and_587()
    {
        var smtp = await Check(EndpointKind.Smtp, EndpointServersFixture.MailName, servers.PlainSmtpPort);
        var submission = await Check(EndpointKind.Submission, EndpointServersFixture.MailName, servers.PlainSmtpPort);

        Assert.Equal((CheckState.Fail, "no STARTTLS offered"), (smtp.State, smtp.Line));
        Assert.Equal((CheckState.Fail, "no STARTTLS offered"), (submission.State, submission.Line));
    }

    [Fact]
    public async Task A_starttls_whose_handshake_breaks_fails()
    {
        var result = await Check(EndpointKind.Smtp, EndpointServersFixture.MailName, servers.BrokenTlsSmtpPort);

        Assert.Equal(CheckState.Fail, result.State);
        Assert.StartsWith("TLS handshake failed", result.Line);
    }

    [Fact]
    public async Task A_mail_certificate_for_another_name_fails()
    {
        var result = await Check(EndpointKind.Imaps, "imap.test", servers.ImapsPort, password: EndpointServersFixture.MailPassword);

        Assert.Equal((CheckState.Fail, "name mismatch: the certificate is for mail.test, not imap.test"), (result.State, result.Line));
    }

    [Fact]
    public async Task A_port_that_does_not_answer_fails_as_refused()
    {
        var result = await Check(EndpointKind.Imaps, EndpointServersFixture.MailName, servers.ClosedPort);

        Assert.Equal((CheckState.Fail, $"connection refused: nothing listens on port {servers.ClosedPort}"), (result.State, result.Line));
    }

    [Fact]
    public async Task A_server_that_accepts_but_never_speaks_times_out()
    {
        // A listening socket nobody serves: the kernel completes the connection, no banner ever comes.
        using var silent = new TcpListener(EndpointServersFixture.Address, 0);
        silent.Start();
        var port = ((IPEndPoint)silent.LocalEndpoint).Port;

        var result = await Check(EndpointKind.Smtp, EndpointServersFixture.MailName, port, timeout: TimeSpan.FromSeconds(1));

        Assert.Equal((CheckState.Fail, "timeout: no answer within 1 s"), (result.State, result.Line));
    }

    [Fact]
    public async Task A_name_that_does_not_resolve_says_so_and_points_at_resolve()
    {
        servers.Require();
        var prober = new EndpointProber(Judge(Roots()), resolveTo: null, Timeout, credentials: null, new LegacyTlsProbe(resolveTo: null));

        var result = await prober.CheckAsync(new Endpoint(EndpointKind.Https, "nothing.invalid", servers.HttpsPort), CancellationToken.None);

        Assert.Equal(CheckState.Fail, result.State);
        Assert.Equal("nothing.invalid does not resolve (give --resolve=<ip> to check before DNS points at the host)", result.Line);
    }

    private async Task<CheckResult> Check(
        EndpointKind kind, string name, int port, string? password = null, TimeSpan? timeout = null, bool useCa = true)
    {
        servers.Require();
        var trusted = useCa ? Roots() : null;
        var credentials = password is null ? null : new MailCredentials(EndpointServersFixture.MailUser, password);
        var prober = new EndpointProber(Judge(trusted), EndpointServersFixture.Address, timeout ?? Timeout, credentials, new LegacyTlsProbe(EndpointServersFixture.Address));
        return await prober.CheckAsync(new Endpoint(kind, name, port), CancellationToken.None);
    }

    private static void AssertOk(CheckResult result, string start) =>
        Assert.True(result.State == CheckState.Ok && result.Line.StartsWith(start, StringComparison.Ordinal), result.ToString());

    private X509Certificate2Collection Roots()
    {
        var roots = new X509Certificate2Collection();
        roots.ImportFromPemFile(servers.CaFile);
        return roots;
    }

    private static CertificateJudge Judge(X509Certificate2Collection? roots) => new(roots, warnDays: 14, TimeProvider.System);
}
