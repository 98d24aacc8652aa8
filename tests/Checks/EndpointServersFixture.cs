using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using PrivateCloud.Tasks.Checks.Endpoints;
using PrivateCloud.Tests.Infrastructure;

namespace PrivateCloud.Tests.Checks;

/// <summary>
/// Real servers from Debian's packages on loopback high ports, with certificates from a test CA:
/// nginx serving one HTTPS port for several names by SNI, TLS 1.2 and 1.3 only and HSTS for a year
/// (a good certificate, one expiring soon, one about to expire, an expired one, one for another name,
/// one from an unknown CA, a route that answers 502, and a name whose HSTS max-age is a second short
/// of six months), and a second HTTPS port that still offers TLS 1.0 and 1.1 (a name without HSTS,
/// and one with a 1024-bit RSA key); Dovecot for IMAPS with one mail user and for SMTP submission (STARTTLS on an
/// MX-style and a 587-style port, implicit TLS on a 465-style one); OpenSMTPD on a port without
/// STARTTLS and on one whose TLS handshake breaks (Debian 12's OpenSMTPD cannot sign with OpenSSL 3,
/// which is also why Dovecot serves the TLS submission ports here). One set per test class.
/// </summary>
public sealed class EndpointServersFixture : IAsyncLifetime
{
    public const string MailName = "mail.test";
    public const string MailUser = "principal";
    public const string MailPassword = "endpoint-check-mailbox-pass";

    /// <summary>
    /// Not 127.0.0.1: Dovecot treats a client whose address equals the server's as secured and would
    /// offer AUTH before STARTTLS; from 127.0.0.1 to 127.0.0.2 it behaves as it does for a remote client.
    /// </summary>
    public static readonly IPAddress Address = IPAddress.Parse("127.0.0.2");

    private static readonly string[] Tools = ["nginx", "dovecot", "doveadm", "smtpd", "openssl", "unshare"];
    private static readonly TimeSpan StartTimeout = TimeSpan.FromSeconds(30);

    private readonly List<Process> _servers = [];

    public string Folder { get; } = Directory.CreateTempSubdirectory("endpoint-servers-").FullName;

    public string? Problem { get; private set; }

    /// <summary>The CA that signed every certificate but the untrusted one.</summary>
    public string CaFile => Path.Combine(Folder, "trusted-ca.crt");

    public int HttpsPort { get; private set; }

    /// <summary>nginx offering TLS 1.0 and 1.1 too, with OpenSSL 3's security level lowered so it really does.</summary>
    public int WeakHttpsPort { get; private set; }

    public int ImapsPort { get; private set; }

    public int SmtpPort { get; private set; }

    public int SubmissionPort { get; private set; }

    public int SmtpsPort { get; private set; }

    /// <summary>OpenSMTPD without TLS: no STARTTLS offered.</summary>
    public int PlainSmtpPort { get; private set; }

    /// <summary>OpenSMTPD offering STARTTLS whose handshake then fails.</summary>
    public int BrokenTlsSmtpPort { get; private set; }

    /// <summary>A port nothing listens on.</summary>
    public int ClosedPort { get; private set; }

    /// <summary>The standard ports replaced by this fixture's, for --endpoint-ports.</summary>
    public EndpointPorts Ports => new(new Dictionary<EndpointKind, int>
    {
        [EndpointKind.Https] = HttpsPort,
        [EndpointKind.Smtp] = SmtpPort,
        [EndpointKind.Submission] = SubmissionPort,
        [EndpointKind.Smtps] = SmtpsPort,
        [EndpointKind.Imaps] = ImapsPort,
    });

    public string PortsSetting => $"https={HttpsPort},smtp={SmtpPort},submission={SubmissionPort},smtps={SmtpsPort},imaps={ImapsPort}";

    public void Require() => Requires.That(Problem is null, Problem ?? string.Empty);

    public async ValueTask InitializeAsync()
    {
        var missing = Tools.Where(tool => !Requires.Executable(tool) && !Requires.Executable("/usr/sbin/" + tool)).ToList();
        if (missing.Count > 0 || Environment.UserName != "root")
        {
            Problem = missing.Count > 0
                ? $"Missing {string.Join(", ", missing)}: install nginx-light, dovecot-imapd, dovecot-submissiond and opensmtpd"
                : "The mail servers need root to start (they drop privileges themselves)";
            return;
        }

        var now = DateTimeOffset.UtcNow;
        var trusted = TestCertificates.Create(Folder, "trusted");
        var stranger = TestCertificates.Create(Folder, "stranger");
        var web = new Dictionary<string, (string Chain, string Key)>
        {
            ["cloud.test"] = trusted.Issue(["cloud.test", "git.test", MailName, "broken.test"], now.AddDays(-1), now.AddDays(90)),
            ["soon.test"] = trusted.Issue(["soon.test"], now.AddDays(-80), now.AddDays(10)),
            ["critical.test"] = trusted.Issue(["critical.test"], now.AddDays(-88), now.AddDays(2)),
            ["expired.test"] = trusted.Issue(["expired.test"], now.AddDays(-120), now.AddDays(-30)),
            ["wrong.test"] = trusted.Issue(["other.test"], now.AddDays(-1), now.AddDays(90)),
            ["untrusted.test"] = stranger.Issue(["untrusted.test"], now.AddDays(-1), now.AddDays(90)),
            ["short-hsts.test"] = trusted.Issue(["short-hsts.test"], now.AddDays(-1), now.AddDays(90)),
        };
        var weak = trusted.Issue(["weak.test"], now.AddDays(-1), now.AddDays(90));
        var smallKey = trusted.Issue(["small-key.test"], now.AddDays(-1), now.AddDays(90), rsaBits: 1024);
        var mail = trusted.Issue([MailName], now.AddDays(-1), now.AddDays(90));

        (HttpsPort, WeakHttpsPort, ImapsPort, SmtpPort, SubmissionPort, SmtpsPort, PlainSmtpPort, BrokenTlsSmtpPort, ClosedPort) =
            (FreePort(), FreePort(), FreePort(), FreePort(), FreePort(), FreePort(), FreePort(), FreePort(), FreePort());

        await StartNginx(web, weak, smallKey);
        await StartDovecot(mail);
        await StartOpenSmtpd(mail);
    }

    public ValueTask DisposeAsync()
    {
        foreach (var server in _servers)
        {
            if (!server.HasExited)
            {
                server.Kill(entireProcessTree: true);
                server.WaitForExit();
            }

            server.Dispose();
        }

        Directory.Delete(Folder, recursive: true);
        return ValueTask.CompletedTask;
    }

    private async Task StartNginx(
        Dictionary<string, (string Chain, string Key)> sites, (string Chain, string Key) weak, (string Chain, string Key) smallKey)
    {
        var folder = Directory.CreateDirectory(Path.Combine(Folder, "nginx")).FullName;
        var servers = string.Join('\n', sites.Select(site => $$"""
              server {
                listen {{Address}}:{{HttpsPort}} ssl{{(site.Key == "cloud.test" ? " default_server" : string.Empty)}};
                server_name {{(site.Key == "cloud.test" ? $"cloud.test git.test {MailName}" : site.Key)}};
                ssl_certificate {{site.Value.Chain}};
                ssl_certificate_key {{site.Value.Key}};
                add_header Strict-Transport-Security "max-age={{(site.Key == "short-hsts.test" ? "15767999" : "31536000; includeSubDomains")}}" always;
                location / { return 200 "ok\n"; }
              }
            """));
        var (brokenChain, brokenKey) = sites["cloud.test"];
        var config = Path.Combine(folder, "nginx.conf");
        await File.WriteAllTextAsync(config, $$"""
            pid {{folder}}/nginx.pid;
            error_log {{folder}}/error.log;
            daemon off;
            events {}
            http {
              access_log off;
              client_body_temp_path {{folder}};
              proxy_temp_path {{folder}};
              fastcgi_temp_path {{folder}};
              uwsgi_temp_path {{folder}};
              scgi_temp_path {{folder}};
              ssl_protocols TLSv1.2 TLSv1.3;
            {{servers}}
              server {
                listen {{Address}}:{{HttpsPort}} ssl;
                server_name broken.test;
                ssl_certificate {{brokenChain}};
                ssl_certificate_key {{brokenKey}};
                add_header Strict-Transport-Security "max-age=31536000; includeSubDomains" always;
                location / { return 502; }
              }
              # nginx takes a port's protocols from its default server. OpenSSL 3 refuses TLS 1.0 and
              # 1.1 at its default security level, so without level 0 they would be listed, not offered.
              server {
                listen {{Address}}:{{WeakHttpsPort}} ssl default_server;
                server_name weak.test;
                ssl_protocols TLSv1 TLSv1.1 TLSv1.2 TLSv1.3;
                ssl_ciphers DEFAULT:@SECLEVEL=0;
                ssl_certificate {{weak.Chain}};
                ssl_certificate_key {{weak.Key}};
                location / { return 200 "ok\n"; }
              }
              server {
                listen {{Address}}:{{WeakHttpsPort}} ssl;
                server_name small-key.test;
                ssl_ciphers DEFAULT:@SECLEVEL=0;
                ssl_certificate {{smallKey.Chain}};
                ssl_certificate_key {{smallKey.Key}};
                add_header Strict-Transport-Security "max-age=31536000; includeSubDomains" always;
                location / { return 200 "ok\n"; }
              }
            }
            """);
        await Start("nginx", ["-c", config], Path.Combine(folder, "error.log"), HttpsPort, WeakHttpsPort);
    }

    private async Task StartDovecot((string Chain, string Key) certificate)
    {
        var folder = Directory.CreateDirectory(Path.Combine(Folder, "dovecot")).FullName;
        var users = Path.Combine(folder, "users");
        var hash = (await SshServerFixture.RunTool("doveadm", "pw", "-s", "SHA512-CRYPT", "-p", MailPassword)).Trim();
        await File.WriteAllTextAsync(users, $"{MailUser}:{hash}\n");
        // The mailbox process runs as nobody after a login, and needs a home it can create its maildir in.
        var home = Directory.CreateDirectory(Path.Combine(Folder, "home")).FullName;
        await SshServerFixture.RunTool("chmod", "755", Folder);
        await SshServerFixture.RunTool("chmod", "1777", home);
        var config = Path.Combine(folder, "dovecot.conf");
        await File.WriteAllTextAsync(config, $$"""
            base_dir = {{folder}}/run
            state_dir = {{folder}}/state
            log_path = {{folder}}/dovecot.log
            protocols = imap submission
            listen = {{Address}}
            ssl = yes
            ssl_min_protocol = TLSv1.2
            ssl_cert = <{{certificate.Chain}}
            ssl_key = <{{certificate.Key}}
            disable_plaintext_auth = yes
            auth_mechanisms = plain login
            passdb {
              driver = passwd-file
              args = scheme=CRYPT username_format=%u {{users}}
            }
            userdb {
              driver = static
              args = uid=nobody gid=nogroup home={{home}}/%u
            }
            mail_location = maildir:~/Maildir
            hostname = {{MailName}}
            submission_relay_host = {{Address}}
            submission_relay_port = {{PlainSmtpPort}}
            service imap-login {
              inet_listener imap {
                port = 0
              }
              inet_listener imaps {
                port = {{ImapsPort}}
                ssl = yes
              }
            }
            service submission-login {
              inet_listener submission {
                port = {{SubmissionPort}}
              }
              inet_listener submissions {
                port = {{SmtpsPort}}
                ssl = yes
              }
              inet_listener mx {
                port = {{SmtpPort}}
              }
            }
            """);
        await Start("dovecot", ["-F", "-c", config], Path.Combine(folder, "dovecot.log"), ImapsPort, SubmissionPort, SmtpsPort, SmtpPort);
    }

    private async Task StartOpenSmtpd((string Chain, string Key) certificate)
    {
        var folder = Directory.CreateDirectory(Path.Combine(Folder, "smtpd")).FullName;
        var config = Path.Combine(folder, "smtpd.conf");
        await File.WriteAllTextAsync(config, $"""
            pki {MailName} cert "{certificate.Chain}"
            pki {MailName} key "{certificate.Key}"
            listen on {Address} port {PlainSmtpPort}
            listen on {Address} port {BrokenTlsSmtpPort} tls pki {MailName}
            action "keep" maildir "{folder}/mail"
            match from any for domain "{MailName}" action "keep"
            """);
        // OpenSMTPD allows one instance per machine (its control socket and queue have fixed paths): this
        // one gets its own /run and spool in a mount namespace, so it never meets another. The spool is
        // made inside a private tmpfs over /var/spool: Debian's package does not ship /var/spool/smtpd
        // (smtpd creates it on its first start as a service), so the test owns it rather than the machine.
        const string privateInstance =
            "mount -t tmpfs -o mode=0755 tmpfs /run && mount -t tmpfs -o mode=0755 tmpfs /var/spool " +
            "&& mkdir -m 0711 /var/spool/smtpd && exec smtpd -d -f \"$1\"";
        await Start("unshare", ["--mount", "--propagation", "private", "sh", "-c", privateInstance, "sh", config], null, PlainSmtpPort, BrokenTlsSmtpPort);
    }

    private async Task Start(string program, string[] arguments, string? logFile, params int[] ports)
    {
        var start = new ProcessStartInfo(program) { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        var process = Process.Start(start)!;
        _servers.Add(process);
        var output = new System.Text.StringBuilder();
        process.OutputDataReceived += (_, e) => { lock (output) { output.AppendLine(e.Data); } };
        process.ErrorDataReceived += (_, e) => { lock (output) { output.AppendLine(e.Data); } };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();

        var waited = Stopwatch.StartNew();
        foreach (var port in ports)
        {
            while (!await Accepts(port))
            {
                if (process.HasExited || waited.Elapsed > StartTimeout)
                {
                    var log = logFile is not null && File.Exists(logFile) ? await File.ReadAllTextAsync(logFile) : string.Empty;
                    throw new InvalidOperationException($"{program} did not listen on {Address}:{port}: {output}{log}");
                }

                await Task.Delay(100);
            }
        }
    }

    private static async Task<bool> Accepts(int port)
    {
        try
        {
            using var client = new TcpClient();
            await client.ConnectAsync(Address, port);
            return true;
        }
        catch (SocketException)
        {
            return false;
        }
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(Address, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
