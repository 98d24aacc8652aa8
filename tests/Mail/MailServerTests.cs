using System.Runtime.Versioning;
using MailKit;
using MailKit.Net.Imap;
using MailKit.Net.Smtp;
using MailKit.Search;
using MailKit.Security;
using MimeKit;
using MimeKit.Cryptography;
using Org.BouncyCastle.Crypto;
using PrivateCloud.Tasks.Checks.Endpoints;
using PrivateCloud.Tasks.Plumbing.Health;
using PrivateCloud.Tasks.Plumbing.Docker;
using PrivateCloud.Tasks.Mail.Dkim;
using PrivateCloud.Tasks.Plumbing.Processes;
using PrivateCloud.Tasks.Plumbing.Settings;
using PrivateCloud.Tests.Infrastructure;

namespace PrivateCloud.Tests.Mail;

/// <summary>
/// The mail flow through the stack's own OpenSMTPD and Dovecot images (built from
/// configuration/build/), configured by the real rendering, under docker-compose v1 and v2: the
/// configuration checkers, submission with DKIM, delivery into the original maildir layout, IMAPS,
/// mail on 25 (no open relay), a wrong password, and CheckEndpoints' probes. Every message goes to a
/// local address: nothing is relayed off the machine.
/// </summary>
[SupportedOSPlatform("linux")]
public sealed class MailServerTests(MailServersFixture servers) : IClassFixture<MailServersFixture>
{
    private static readonly TimeSpan DeliveryTimeout = TimeSpan.FromSeconds(60);

    private readonly CommandRunner _runner = CakeProcesses.CreateCommandRunner();

    [Theory]
    [ClassData(typeof(EachComposeFlavor))]
    public void Smtpd_n_and_doveconf_n_accept_the_rendered_configuration_in_the_built_images(ComposeFlavor flavor)
    {
        var stack = servers.Stack(flavor);

        var smtpd = stack.Exec(_runner, "opensmtpd", "smtpd", "-n");
        var doveconf = stack.Exec(_runner, "dovecot", "doveconf", "-n");
        var version = stack.Exec(_runner, "opensmtpd", "dpkg-query", "--showformat=${Version}", "--show", "opensmtpd");

        Assert.True(smtpd.ExitCode == 0, smtpd.StandardError + smtpd.StandardOutput);
        Assert.Contains("configuration OK", smtpd.StandardError + smtpd.StandardOutput, StringComparison.Ordinal);
        Assert.True(doveconf.ExitCode == 0, doveconf.StandardError);
        Assert.Contains("mail_location = maildir:/var/mail/%n/Maildir", doveconf.StandardOutput, StringComparison.Ordinal);
        // 7.3.0p0 fixed the TLS handshakes that fail under OpenSSL 3.
        Assert.Matches(@"^7\.([3-9]|\d\d)\.", version.StandardOutput);
    }

    [Theory]
    [ClassData(typeof(EachComposeFlavor))]
    public void The_mail_volume_keeps_the_declared_group_and_mode_after_the_first_start(ComposeFlavor flavor)
    {
        var stack = servers.Stack(flavor);

        // Docker copies the image's /var/mail owner and mode into the empty volume at its first mount.
        var status = _runner.Run(new CommandRequest("stat", ["-c", "%g %a", stack.MailDirectory]) { Quiet = true }).EnsureSuccess("stat").StandardOutput.Trim();

        Assert.Equal($"{stack.Variables["MAIL_VOLUME_GROUP"]} 2775", status);
    }

    [Theory]
    [ClassData(typeof(EachComposeFlavor))]
    public async Task Authenticated_submissions_on_587_and_465_are_dkim_signed_delivered_to_the_maildir_and_read_over_imaps(ComposeFlavor flavor)
    {
        var stack = servers.Stack(flavor);
        var onStartTls = Message(stack, stack.Principal, "submission 587");
        var onTls = Message(stack, stack.Principal, "submission 465");

        await Send(stack, 587, SecureSocketOptions.StartTls, onStartTls, authenticate: true);
        await Send(stack, 465, SecureSocketOptions.SslOnConnect, onTls, authenticate: true);
        var received = new[] { await Fetch(stack, onStartTls), await Fetch(stack, onTls) };

        var verifier = new DkimVerifier(new RecordLocator(stack.DkimRecordName, stack.DkimRecordValue));
        Assert.All(received, message =>
        {
            var signature = Assert.Single(message.Headers, h => h.Id == HeaderId.DkimSignature);
            Assert.Contains($"d={stack.Variables[DkimRecord.SigningDomainVariable]};", signature.Value.Replace(" ", string.Empty, StringComparison.Ordinal), StringComparison.Ordinal);
            Assert.True(verifier.Verify(message, signature, TestContext.Current.CancellationToken), $"DKIM signature does not verify: {signature.Value}");
        });
        var maildir = Path.Combine(stack.MailDirectory, stack.Variables["MAIL_PRINCIPAL_USER"], "Maildir");
        var delivered = new[] { "new", "cur" }.SelectMany(folder => Directory.EnumerateFiles(Path.Combine(maildir, folder))).Select(File.ReadAllText).ToList();
        Assert.All(new[] { onStartTls, onTls }, sent => Assert.Single(delivered, text => text.Contains(sent.Subject!, StringComparison.Ordinal)));
    }

    [Theory]
    [ClassData(typeof(EachComposeFlavor))]
    public async Task Unauthenticated_mail_on_25_reaches_local_users_and_postmaster_but_is_not_relayed(ComposeFlavor flavor)
    {
        var stack = servers.Stack(flavor);
        var toPrincipal = Message(stack, stack.Principal, "inbound", from: "someone@example.net");
        var toPostmaster = Message(stack, $"postmaster@{stack.TopDomain}", "postmaster", from: "someone@example.net");
        var foreign = Message(stack, "someone@example.net", "relay attempt", from: "someone@example.org");
        var unknown = Message(stack, $"nobody-here@{stack.TopDomain}", "unknown user", from: "someone@example.net");

        await Send(stack, 25, SecureSocketOptions.StartTls, toPrincipal, authenticate: false);
        await Send(stack, 25, SecureSocketOptions.StartTls, toPostmaster, authenticate: false);
        var relay = await Assert.ThrowsAsync<SmtpCommandException>(() => Send(stack, 25, SecureSocketOptions.StartTls, foreign, authenticate: false));
        var stranger = await Assert.ThrowsAsync<SmtpCommandException>(() => Send(stack, 25, SecureSocketOptions.StartTls, unknown, authenticate: false));

        Assert.Equal(toPrincipal.Subject, (await Fetch(stack, toPrincipal)).Subject);
        Assert.Equal(toPostmaster.Subject, (await Fetch(stack, toPostmaster)).Subject);
        Assert.Equal((SmtpErrorCode.RecipientNotAccepted, 5), (relay.ErrorCode, (int)relay.StatusCode / 100));
        Assert.Equal((SmtpErrorCode.RecipientNotAccepted, 5), (stranger.ErrorCode, (int)stranger.StatusCode / 100));
    }

    [Theory]
    [ClassData(typeof(EachComposeFlavor))]
    public async Task A_wrong_password_is_refused_on_submission_and_imaps(ComposeFlavor flavor)
    {
        var stack = servers.Stack(flavor);
        using var smtp = new SmtpClient { ServerCertificateValidationCallback = (_, certificate, _, _) => stack.Trusts(certificate) };
        using var imap = new ImapClient { ServerCertificateValidationCallback = (_, certificate, _, _) => stack.Trusts(certificate) };

        await smtp.ConnectAsync(stack.Address.ToString(), 587, SecureSocketOptions.StartTls, TestContext.Current.CancellationToken);
        await imap.ConnectAsync(stack.Address.ToString(), 993, SecureSocketOptions.SslOnConnect, TestContext.Current.CancellationToken);

        await Assert.ThrowsAsync<AuthenticationException>(() => smtp.AuthenticateAsync(stack.Principal, "not-the-password", TestContext.Current.CancellationToken));
        await Assert.ThrowsAsync<AuthenticationException>(() => imap.AuthenticateAsync(stack.Principal, "not-the-password", TestContext.Current.CancellationToken));
    }

    [Theory]
    [ClassData(typeof(EachComposeFlavor))]
    public async Task CheckEndpoints_probes_pass_against_the_mail_containers(ComposeFlavor flavor)
    {
        var stack = servers.Stack(flavor);
        var roots = new System.Security.Cryptography.X509Certificates.X509Certificate2Collection();
        roots.ImportFromPemFile(stack.CaFile);
        var variables = new StackVariables(stack.Variables.ToDictionary(v => v.Key, v => (v.Value, ".env")));
        var prober = new EndpointProber(new CertificateJudge(roots, warnDays: 14, TimeProvider.System), stack.Address, TimeSpan.FromSeconds(10), MailCredentials.From(variables), new LegacyTlsProbe(stack.Address));

        var results = new List<CheckResult>();
        // No web names: these containers serve only the mail endpoints.
        foreach (var endpoint in EndpointPlan.From([], variables, EndpointPorts.Default))
        {
            results.Add(await prober.CheckAsync(endpoint, TestContext.Current.CancellationToken));
        }

        Assert.Equal(4, results.Count);
        Assert.All(results, result => Assert.True(result.State == CheckState.Ok, result.ToString()));
        Assert.Contains(results, result => result.Line.StartsWith($"implicit TLS, LOGIN as {stack.Principal} ok", StringComparison.Ordinal));
    }

    private static MimeMessage Message(MailStack stack, string to, string purpose, string? from = null)
    {
        var message = new MimeMessage();
        message.From.Add(MailboxAddress.Parse(from ?? stack.Principal));
        message.To.Add(MailboxAddress.Parse(to));
        message.Subject = $"{Guid.NewGuid():N} {purpose}";
        message.Body = new TextPart("plain") { Text = $"Sent by {nameof(MailServerTests)}: {purpose}.\n" };
        return message;
    }

    private static async Task Send(MailStack stack, int port, SecureSocketOptions security, MimeMessage message, bool authenticate)
    {
        var cancel = TestContext.Current.CancellationToken;
        using var client = new SmtpClient { ServerCertificateValidationCallback = (_, certificate, _, _) => stack.Trusts(certificate) };
        await client.ConnectAsync(stack.Address.ToString(), port, security, cancel);
        if (authenticate)
        {
            await client.AuthenticateAsync(stack.Principal, stack.Password, cancel);
        }

        await client.SendAsync(message, cancel);
        await client.DisconnectAsync(true, cancel);
    }

    /// <summary>Reads the message with this subject from the principal's inbox over IMAPS, waiting for delivery.</summary>
    private static async Task<MimeMessage> Fetch(MailStack stack, MimeMessage sent)
    {
        var cancel = TestContext.Current.CancellationToken;
        var subject = sent.Subject!;
        using var client = new ImapClient { ServerCertificateValidationCallback = (_, certificate, _, _) => stack.Trusts(certificate) };
        await client.ConnectAsync(stack.Address.ToString(), 993, SecureSocketOptions.SslOnConnect, cancel);
        await client.AuthenticateAsync(stack.Principal, stack.Password, cancel);
        var deadline = DateTime.UtcNow + DeliveryTimeout;
        while (true)
        {
            await client.Inbox.OpenAsync(FolderAccess.ReadOnly, cancel);
            var found = await client.Inbox.SearchAsync(SearchQuery.SubjectContains(subject.Split(' ')[0]), cancel);
            if (found.Count > 0)
            {
                return await client.Inbox.GetMessageAsync(found[0], cancel);
            }

            await client.Inbox.CloseAsync(false, cancel);
            Assert.True(DateTime.UtcNow < deadline, $"'{subject}' was not delivered within {DeliveryTimeout.TotalSeconds} s");
            await Task.Delay(500, cancel);
        }
    }

    /// <summary>
    /// Looks the key up in the one record MailDnsRecords lists instead of DNS: a signature naming
    /// another selector or domain than that record's name finds no key.
    /// </summary>
    private sealed class RecordLocator(string recordName, string recordValue) : DkimPublicKeyLocatorBase
    {
        public override AsymmetricKeyParameter LocatePublicKey(string methods, string domain, string selector, CancellationToken cancellationToken = default) =>
            $"{DkimRecord.Name(selector, domain)}." == recordName
                ? GetPublicKey(recordValue)
                : throw new ParseException($"{selector}._domainkey.{domain} is not {recordName}, the record MailDnsRecords lists", 0, 0);

        public override Task<AsymmetricKeyParameter> LocatePublicKeyAsync(string methods, string domain, string selector, CancellationToken cancellationToken = default) =>
            Task.FromResult(LocatePublicKey(methods, domain, selector, cancellationToken));
    }
}
