using System.Globalization;
using System.Net;
using System.Net.Http;
using System.Net.Sockets;
using MailKit;
using MailKit.Net.Imap;
using MailKit.Net.Smtp;
using MailKit.Security;
using PrivateCloud.Tasks.Plumbing.Health;

namespace PrivateCloud.Tasks.Checks.Endpoints;

/// <summary>
/// Checks one endpoint from outside, as a browser or mail client would: TLS with SNI and the
/// certificate judged, then the protocol step that matters (HTTP status, STARTTLS, AUTH, LOGIN).
/// Once a handshake succeeded, it grades what an A+ rating would: the key size, HSTS on HTTPS,
/// and TLS 1.0 and 1.1 refused. Every problem becomes part of the result's one line, named first;
/// nothing here throws for what a server does.
/// </summary>
public sealed class EndpointProber(CertificateJudge judge, IPAddress? resolveTo, TimeSpan timeout, MailCredentials? credentials, LegacyTlsProbe legacyTls)
{
    public async Task<CheckResult> CheckAsync(Endpoint endpoint, CancellationToken cancellation)
    {
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellation);
        deadline.CancelAfter(timeout);
        var capture = new CertificateCapture(judge, endpoint.Name);
        var graded = new List<TlsFinding>();
        try
        {
            var (state, line) = endpoint.Kind switch
            {
                EndpointKind.Https => await Https(endpoint, capture, graded, deadline.Token),
                EndpointKind.Smtp => await Smtp(endpoint, capture, deadline.Token),
                EndpointKind.Submission => await Submission(endpoint, capture, deadline.Token),
                EndpointKind.Smtps => await Smtps(endpoint, capture, deadline.Token),
                _ => await Imaps(endpoint, capture, deadline.Token),
            };
            // Graded only after a handshake: a port that speaks no TLS (or no STARTTLS) has nothing to grade.
            if (capture.KeyFinding is { } key)
            {
                graded.Insert(0, key);
                graded.Add(await legacyTls.JudgeAsync(endpoint, deadline.Token));
            }

            return new CheckResult(endpoint.Label, graded.Select(f => f.State).Append(state).Max(), string.Join("; ", [
                .. graded.Where(f => f.State != CheckState.Ok).Select(f => f.Text),
                line,
                .. graded.Where(f => f.State == CheckState.Ok).Select(f => f.Text),
            ]));
        }
        catch (Exception exception) when (exception is not OutOfMemoryException)
        {
            return new CheckResult(endpoint.Label, CheckState.Fail, Describe(exception, capture, endpoint, deadline.IsCancellationRequested));
        }
    }

    /// <param name="graded">Receives the judgement of the answer's Strict-Transport-Security header.</param>
    private async Task<(CheckState, string)> Https(Endpoint endpoint, CertificateCapture capture, List<TlsFinding> graded, CancellationToken cancellation)
    {
        using var handler = new SocketsHttpHandler
        {
            AllowAutoRedirect = false,
            UseProxy = false,
            UseCookies = false,
            ConnectCallback = async (_, token) => new NetworkStream(await Connect(endpoint, token), ownsSocket: true),
        };
        handler.SslOptions.RemoteCertificateValidationCallback = capture.Validate;
        handler.SslOptions.CertificateRevocationCheckMode = System.Security.Cryptography.X509Certificates.X509RevocationMode.NoCheck;
        using var client = new HttpClient(handler) { Timeout = Timeout.InfiniteTimeSpan };
        var uri = new UriBuilder(Uri.UriSchemeHttps, endpoint.Name, endpoint.Port).Uri;
        using var response = await client.GetAsync(uri, HttpCompletionOption.ResponseHeadersRead, cancellation);
        var status = (int)response.StatusCode;
        var answer = string.Create(CultureInfo.InvariantCulture, $"HTTP {status} {response.ReasonPhrase}").TrimEnd();
        var finding = capture.Finding!;
        graded.Add(StrictTransportSecurity.Judge(response.Headers.TryGetValues(StrictTransportSecurity.Header, out var values) ? values : null));
        return status >= 500
            ? (CheckState.Fail, $"the route answers {answer}; {finding.Reason}")
            : (finding.State, $"{answer}; {finding.Reason}");
    }

    private async Task<(CheckState, string)> Smtp(Endpoint endpoint, CertificateCapture capture, CancellationToken cancellation)
    {
        using var client = Client(new SmtpClient(), capture);
        await client.ConnectAsync(await Connect(endpoint, cancellation), endpoint.Name, endpoint.Port, SecureSocketOptions.StartTls, cancellation);
        await client.DisconnectAsync(quit: true, cancellation);
        return (capture.Finding!.State, $"STARTTLS; {capture.Finding.Reason}");
    }

    private async Task<(CheckState, string)> Submission(Endpoint endpoint, CertificateCapture capture, CancellationToken cancellation)
    {
        using (var plain = Client(new SmtpClient(), capture))
        {
            await plain.ConnectAsync(await Connect(endpoint, cancellation), endpoint.Name, endpoint.Port, SecureSocketOptions.None, cancellation);
            var offersStartTls = plain.Capabilities.HasFlag(SmtpCapabilities.StartTLS);
            var clearAuth = plain.AuthenticationMechanisms.ToList();
            await plain.DisconnectAsync(quit: true, cancellation);
            if (!offersStartTls)
            {
                return (CheckState.Fail, "no STARTTLS offered");
            }

            if (clearAuth.Count > 0)
            {
                return (CheckState.Fail, $"offers AUTH {string.Join(' ', clearAuth)} before STARTTLS: passwords could travel unencrypted");
            }
        }

        using var client = Client(new SmtpClient(), capture);
        await client.ConnectAsync(await Connect(endpoint, cancellation), endpoint.Name, endpoint.Port, SecureSocketOptions.StartTls, cancellation);
        var mechanisms = client.AuthenticationMechanisms.ToList();
        await client.DisconnectAsync(quit: true, cancellation);
        return mechanisms.Count == 0
            ? (CheckState.Fail, $"no AUTH offered after STARTTLS; {capture.Finding!.Reason}")
            : (capture.Finding!.State, $"STARTTLS required, then AUTH {string.Join(' ', mechanisms)}; {capture.Finding.Reason}");
    }

    private async Task<(CheckState, string)> Smtps(Endpoint endpoint, CertificateCapture capture, CancellationToken cancellation)
    {
        using var client = Client(new SmtpClient(), capture);
        await client.ConnectAsync(await Connect(endpoint, cancellation), endpoint.Name, endpoint.Port, SecureSocketOptions.SslOnConnect, cancellation);
        await client.DisconnectAsync(quit: true, cancellation);
        return (capture.Finding!.State, $"implicit TLS; {capture.Finding.Reason}");
    }

    private async Task<(CheckState, string)> Imaps(Endpoint endpoint, CertificateCapture capture, CancellationToken cancellation)
    {
        using var client = Client(new ImapClient(), capture);
        await client.ConnectAsync(await Connect(endpoint, cancellation), endpoint.Name, endpoint.Port, SecureSocketOptions.SslOnConnect, cancellation);
        var finding = capture.Finding!;
        if (credentials is null)
        {
            await client.DisconnectAsync(quit: true, cancellation);
            return (finding.State, $"implicit TLS; {finding.Reason}; no LOGIN tried ({MailCredentials.UserVariable} and {MailCredentials.PasswordVariable} not set)");
        }

        try
        {
            // The IMAP LOGIN command, as the guide's manual test types it: one attempt, where trying
            // each SASL mechanism in turn would add the server's failure delay once per mechanism.
            client.AuthenticationMechanisms.Clear();
            await client.AuthenticateAsync(credentials.User, credentials.Password, cancellation);
        }
        catch (MailKit.Security.AuthenticationException)
        {
            return (CheckState.Fail, $"login refused for {credentials.User}; {finding.Reason}");
        }

        await client.DisconnectAsync(quit: true, cancellation);
        return (finding.State, $"implicit TLS, LOGIN as {credentials.User} ok; {finding.Reason}");
    }

    private TClient Client<TClient>(TClient client, CertificateCapture capture)
        where TClient : MailService
    {
        client.Timeout = (int)timeout.TotalMilliseconds;
        client.CheckCertificateRevocation = false;
        client.ServerCertificateValidationCallback = capture.Validate;
        return client;
    }

    /// <summary>A TCP connection to the --resolve address, else to each address the name resolves to in turn.</summary>
    private async Task<Socket> Connect(Endpoint endpoint, CancellationToken cancellation)
    {
        var addresses = resolveTo is not null ? [resolveTo] : await Dns.GetHostAddressesAsync(endpoint.Name, cancellation);
        SocketException? last = null;
        foreach (var address in addresses)
        {
            var socket = new Socket(address.AddressFamily, SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
            try
            {
                await socket.ConnectAsync(address, endpoint.Port, cancellation);
                return socket;
            }
            catch (SocketException exception)
            {
                socket.Dispose();
                last = exception;
            }
            catch
            {
                socket.Dispose();
                throw;
            }
        }

        throw last ?? new SocketException((int)SocketError.HostNotFound);
    }

    private string Describe(Exception exception, CertificateCapture capture, Endpoint endpoint, bool timedOut)
    {
        if (capture.Finding is { State: CheckState.Fail } rejected)
        {
            return rejected.Reason;
        }

        if (timedOut || exception is TimeoutException)
        {
            return string.Create(CultureInfo.InvariantCulture, $"timeout: no answer within {timeout.TotalSeconds:0.#} s");
        }

        var socket = Find<SocketException>(exception);
        return socket?.SocketErrorCode switch
        {
            SocketError.ConnectionRefused => string.Create(CultureInfo.InvariantCulture, $"connection refused: nothing listens on port {endpoint.Port}"),
            SocketError.HostNotFound or SocketError.NoData or SocketError.TryAgain =>
                $"{endpoint.Name} does not resolve (give --resolve=<ip> to check before DNS points at the host)",
            SocketError.TimedOut => string.Create(CultureInfo.InvariantCulture, $"timeout: no answer within {timeout.TotalSeconds:0.#} s"),
            not null => $"cannot connect: {socket.Message}",
            null => exception switch
            {
                NotSupportedException when exception.Message.Contains("STARTTLS", StringComparison.OrdinalIgnoreCase) => "no STARTTLS offered",
                SslHandshakeException or System.Security.Authentication.AuthenticationException => $"TLS handshake failed: {Innermost(exception).Message}",
                ServiceNotConnectedException or IOException or HttpRequestException => $"connection failed: {Innermost(exception).Message}",
                _ => $"{exception.GetType().Name}: {exception.Message}",
            },
        };
    }

    private static T? Find<T>(Exception exception)
        where T : Exception
    {
        for (Exception? current = exception; current is not null; current = current.InnerException)
        {
            if (current is T found)
            {
                return found;
            }
        }

        return null;
    }

    private static Exception Innermost(Exception exception) => exception.InnerException is { } inner ? Innermost(inner) : exception;
}
