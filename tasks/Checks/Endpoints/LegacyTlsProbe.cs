using System.ComponentModel;
using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using PrivateCloud.Tasks.Plumbing.Health;

namespace PrivateCloud.Tasks.Checks.Endpoints;

/// <summary>
/// Asks an endpoint whether it still accepts TLS 1.0 or TLS 1.1, with <c>openssl s_client</c>. .NET
/// cannot offer them here: on OpenSSL 3 the default security level forbids their SHA-1 handshake
/// signatures, and that level is set for the whole process. <c>-cipher DEFAULT:@SECLEVEL=0</c>
/// lowers it for the probe's connection alone. The command line holds the address, port, name and
/// version, nothing secret.
/// </summary>
public sealed class LegacyTlsProbe(IPAddress? resolveTo, string program = "openssl")
{
    private static readonly (string Name, string Option, string Negotiated)[] Versions =
        [("TLS 1.0", "-tls1", "TLSv1"), ("TLS 1.1", "-tls1_1", "TLSv1.1")];

    // What s_client prints when the server would not go on with the old ClientHello: a protocol_version
    // or handshake_failure alert, a reply in a newer version than offered, or a hang-up (Dovecot's
    // answer). The probe runs only after a handshake on the same port succeeded, so a hang-up there
    // is the old version's refusal, not a port that speaks no TLS.
    private static readonly string[] RefusalSigns =
        ["alert protocol version", "alert handshake failure", "unsupported protocol", "unexpected eof while reading"];

    // s_client goes on without STARTTLS when the server offers none, and reads the plain reply as TLS.
    private const string NoStartTls = "Didn't find STARTTLS";

    public async Task<TlsFinding> JudgeAsync(Endpoint endpoint, CancellationToken cancellation)
    {
        var answers = await Task.WhenAll(Versions.Select(version => AskAsync(endpoint, version.Option, version.Negotiated, cancellation)));
        var accepted = Versions.Zip(answers).Where(pair => pair.Second.Accepted).Select(pair => pair.First.Name).ToList();
        if (accepted.Count > 0)
        {
            return new TlsFinding(CheckState.Fail, $"accepts {string.Join(" and ", accepted)}: allow TLS 1.2 and 1.3 only ({FixFor(endpoint.Kind)})");
        }

        var unknown = Versions.Zip(answers).Where(pair => pair.Second.Problem is not null).ToList();
        return unknown.Count == 0
            ? new TlsFinding(CheckState.Ok, "TLS 1.0 and 1.1 refused")
            : new TlsFinding(CheckState.Warn, string.Join("; ", unknown.Select(pair => $"{pair.First.Name} not probed: {pair.Second.Problem}")));
    }

    private static string FixFor(EndpointKind kind) => kind switch
    {
        EndpointKind.Https => "minVersion: VersionTLS12 in Traefik's TLS options, configurations/traefik/dynamic.yml",
        EndpointKind.Imaps => "ssl_min_protocol = TLSv1.2 in configurations/mail/dovecot.conf",
        _ => "protocols \"tlsv1.2,tlsv1.3\" on the listen line of configurations/mail/smtpd.conf.template",
    };

    private async Task<(bool Accepted, string? Problem)> AskAsync(Endpoint endpoint, string option, string negotiated, CancellationToken cancellation)
    {
        var host = resolveTo?.ToString() ?? endpoint.Name;
        var start = new ProcessStartInfo(program)
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        string[] arguments =
        [
            "s_client", "-brief", option, "-cipher", "DEFAULT:@SECLEVEL=0", "-servername", endpoint.Name,
            "-connect", string.Create(CultureInfo.InvariantCulture, $"{(resolveTo?.AddressFamily == AddressFamily.InterNetworkV6 ? $"[{host}]" : host)}:{endpoint.Port}"),
            .. endpoint.Kind is EndpointKind.Smtp or EndpointKind.Submission ? ["-starttls", "smtp"] : Array.Empty<string>(),
        ];
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        Process process;
        try
        {
            process = Process.Start(start)!;
        }
        catch (Win32Exception)
        {
            return (false, $"the {program} command is not installed here (apt-get install openssl)");
        }

        using (process)
        {
            // Closed input makes s_client hang up once the handshake is done (the project's
            // CommandRunner leaves a program's input to the terminal, where s_client would wait).
            process.StandardInput.Close();
            var output = process.StandardOutput.ReadToEndAsync(cancellation);
            var error = process.StandardError.ReadToEndAsync(cancellation);
            try
            {
                await process.WaitForExitAsync(cancellation);
                var text = await output + "\n" + await error;
                if (process.ExitCode == 0 && text.Contains($"Protocol version: {negotiated}\n", StringComparison.Ordinal))
                {
                    return (true, null);
                }

                return !text.Contains(NoStartTls, StringComparison.Ordinal) && RefusalSigns.Any(sign => text.Contains(sign, StringComparison.OrdinalIgnoreCase))
                    ? (false, null)
                    : (false, $"openssl s_client ended without an answer in TLS ({Reason(text)})");
            }
            catch (OperationCanceledException)
            {
                process.Kill(entireProcessTree: true);
                return (false, "no answer in time");
            }
        }
    }

    /// <summary>The reason of OpenSSL's first error line (<c>tid:error:code:library:function:reason:file:line</c>), else its last line.</summary>
    private static string Reason(string text)
    {
        var lines = text.Split('\n', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries);
        var error = lines.FirstOrDefault(line => line.Contains(":error:", StringComparison.Ordinal))?.Split(':');
        return error is { Length: > 5 } ? error[5] : lines.LastOrDefault() ?? "no output";
    }
}
