using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using PrivateCloud.Tasks.Plumbing.Remote;

namespace PrivateCloud.Tests.Infrastructure;

/// <summary>
/// A real OpenSSH server on 127.0.0.1 for one test class: its own host key, its own
/// authorized_keys, client keys of every supported type, and a known_hosts file that already
/// trusts it. Root may log in with a key only. Nothing outside its temp folder is touched,
/// except creating sshd's privilege separation folder /run/sshd when missing.
/// </summary>
public class SshServerFixture : IAsyncLifetime
{
    public const string SshdPath = "/usr/sbin/sshd";
    public const string Host = "127.0.0.1";
    public const string User = "root";

    /// <summary>The passphrase of <see cref="PassphraseKey"/>; a test value, not a real secret.</summary>
    public const string Passphrase = "correct horse battery staple";

    private readonly ConcurrentQueue<string> _log = new();
    private Process? _sshd;

    public string Folder { get; } = Directory.CreateTempSubdirectory("sshd-fixture-").FullName;

    public int Port { get; private set; }

    public string Ed25519Key => Path.Combine(Folder, "id_ed25519");

    public string EcdsaKey => Path.Combine(Folder, "id_ecdsa");

    public string RsaKey => Path.Combine(Folder, "id_rsa");

    public string PassphraseKey => Path.Combine(Folder, "id_protected");

    /// <summary>A well-formed key the server does not authorize.</summary>
    public string StrangerKey => Path.Combine(Folder, "id_stranger");

    public string HostKeyFile => Path.Combine(Folder, "ssh_host_ed25519_key");

    /// <summary>The server's other host keys: it offers all three, and known_hosts decides which one the client asks for.</summary>
    public string RsaHostKeyFile => Path.Combine(Folder, "ssh_host_rsa_key");

    public string EcdsaHostKeyFile => Path.Combine(Folder, "ssh_host_ecdsa_key");

    /// <summary>The RSA host key line (<c>ssh-rsa AAAA...</c>) without a host name.</summary>
    public string RsaHostKeyLine { get; private set; } = string.Empty;

    public string EcdsaHostKeyLine { get; private set; } = string.Empty;

    /// <summary>Trusts this server's host key under <c>[127.0.0.1]:port</c>. Copy it before changing it.</summary>
    public string KnownHostsFile => Path.Combine(Folder, "known_hosts");

    /// <summary>The host key's fingerprint as <c>ssh-keygen -l</c> prints it.</summary>
    public string HostKeyFingerprint { get; private set; } = string.Empty;

    /// <summary>The host key line (<c>ssh-ed25519 AAAA...</c>) without a host name.</summary>
    public string HostKeyLine { get; private set; } = string.Empty;

    public virtual bool Available => File.Exists(SshdPath) && Requires.Executable("ssh-keygen");

    public SshTarget Target => new(User, Host, Port);

    /// <summary>Everything sshd wrote to stderr (it runs with -e), one entry a line.</summary>
    public IReadOnlyCollection<string> ServerLog => _log;

    /// <summary>Call first in every test: skips (fails in CI) when OpenSSH is missing.</summary>
    public void Require() =>
        Requires.That(Available, $"OpenSSH server ({SshdPath}) and ssh-keygen are needed (apt-get install openssh-server)");

    /// <summary>Settings that connect to and trust the server; vary them with <c>with { ... }</c>.</summary>
    public SshSettings Settings(string? keyFile = null, string? knownHostsFile = null) => new()
    {
        Target = Target,
        KeyFile = keyFile ?? Ed25519Key,
        KnownHostsFile = knownHostsFile ?? KnownHostsFile,
        ConnectTimeout = TimeSpan.FromSeconds(10),
        CommandTimeout = TimeSpan.FromSeconds(30),
    };

    /// <summary>Successful logins so far, counted from sshd's own log.</summary>
    public int AcceptedLogins => _log.Count(line => line.Contains("Accepted publickey for", StringComparison.Ordinal));

    /// <summary>Variables sshd sets in every session it starts (its SetEnv), for a fixture that changes what sessions reach.</summary>
    protected virtual IReadOnlyDictionary<string, string> SessionEnvironment => new Dictionary<string, string>();

    /// <summary>sshd_config lines a subclass adds, for a fixture that changes how sessions run.</summary>
    protected virtual IEnumerable<string> AdditionalConfiguration => [];

    /// <summary>Commands (exec requests) sessions ran so far, counted from sshd's own log.</summary>
    public int CommandsStarted => _log.Count(line => line.StartsWith("Starting session: command ", StringComparison.Ordinal));

    /// <summary>
    /// First on the PATH of every session, empty unless a test puts programs there (to wrap the
    /// real ones); the rest of the PATH is sshd's own for root.
    /// </summary>
    public string SessionPathDirectory => Path.Combine(Folder, "session-path");

    /// <summary>
    /// Waits until sshd has logged the end of every connection it accepted: its log is read as it
    /// comes, so right after a client ends, the last lines may still be on their way.
    /// </summary>
    public void WaitForConnectionsToEnd()
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(10);
        while (_log.Count(line => line.StartsWith("Disconnected from user ", StringComparison.Ordinal)) < AcceptedLogins && DateTime.UtcNow < deadline)
        {
            Thread.Sleep(50);
        }
    }

    public async ValueTask InitializeAsync()
    {
        if (!Available)
        {
            return;
        }

        // sshd refuses to start without its privilege separation folder, which a container may lack.
        Directory.CreateDirectory("/run/sshd");
        Directory.CreateDirectory(SessionPathDirectory);

        await GenerateKey(HostKeyFile, "ed25519");
        await GenerateKey(RsaHostKeyFile, "rsa");
        await GenerateKey(EcdsaHostKeyFile, "ecdsa");
        await GenerateKey(Ed25519Key, "ed25519");
        await GenerateKey(EcdsaKey, "ecdsa");
        await GenerateKey(RsaKey, "rsa");
        await GenerateKey(PassphraseKey, "ed25519", Passphrase);
        await GenerateKey(StrangerKey, "ed25519");

        var authorized = new[] { Ed25519Key, EcdsaKey, RsaKey, PassphraseKey }.Select(k => File.ReadAllText(k + ".pub").Trim());
        await File.WriteAllLinesAsync(Path.Combine(Folder, "authorized_keys"), authorized);

        var publicKey = (await File.ReadAllTextAsync(HostKeyFile + ".pub")).Split(' ');
        HostKeyLine = $"{publicKey[0]} {publicKey[1]}";
        RsaHostKeyLine = string.Join(' ', (await File.ReadAllTextAsync(RsaHostKeyFile + ".pub")).Split(' ')[..2]);
        EcdsaHostKeyLine = string.Join(' ', (await File.ReadAllTextAsync(EcdsaHostKeyFile + ".pub")).Split(' ')[..2]);
        HostKeyFingerprint = (await RunTool("ssh-keygen", "-l", "-E", "sha256", "-f", HostKeyFile + ".pub")).Split(' ')[1];

        await StartServer();
        await File.WriteAllTextAsync(KnownHostsFile, $"{Target.KnownHostsName} {HostKeyLine}\n");
    }

    public virtual async ValueTask DisposeAsync()
    {
        if (_sshd is not null)
        {
            if (!_sshd.HasExited)
            {
                _sshd.Kill(entireProcessTree: true);
                await _sshd.WaitForExitAsync();
            }

            _sshd.Dispose();
        }

        Directory.Delete(Folder, recursive: true);
    }

    /// <summary>Runs a local tool and returns its stdout; fails the test with its stderr when it fails.</summary>
    public static async Task<string> RunTool(string fileName, params string[] arguments)
    {
        var start = new ProcessStartInfo(fileName) { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException($"{fileName} {string.Join(' ', arguments)} failed: {await stderr}");
        }

        return await stdout;
    }

    private static Task<string> GenerateKey(string path, string type, string passphrase = "") =>
        RunTool("ssh-keygen", "-q", "-t", type, "-N", passphrase, "-C", $"fixture-{type}", "-f", path);

    /// <summary>
    /// Takes a free port and starts sshd on it; if another process grabbed the port in between,
    /// tries again with a new one.
    /// </summary>
    private async Task StartServer()
    {
        for (var attempt = 1; ; attempt++)
        {
            Port = FreePort();
            var config = Path.Combine(Folder, "sshd_config");
            await File.WriteAllLinesAsync(config,
            [
                $"Port {Port.ToString(CultureInfo.InvariantCulture)}",
                $"ListenAddress {Host}",
                $"HostKey {HostKeyFile}",
                $"HostKey {RsaHostKeyFile}",
                $"HostKey {EcdsaHostKeyFile}",
                $"PidFile {Path.Combine(Folder, "sshd.pid")}",
                $"AuthorizedKeysFile {Path.Combine(Folder, "authorized_keys")}",
                "StrictModes no",
                "UsePAM no",
                "PermitRootLogin prohibit-password",
                "PubkeyAuthentication yes",
                "PasswordAuthentication no",
                "KbdInteractiveAuthentication no",
                "MaxStartups 50",
                "LogLevel VERBOSE",
                // sshd takes only its first SetEnv line: every variable goes on this one.
                // SHLVL=1: bash, run by sshd for each command, then counts itself nested and skips ~/.bashrc,
                // as a stock Debian root's .bashrc does for a command anyway. This machine's runs pyenv's
                // init, whose rehash takes a lock every session waits for: 1.5 s a command, 60 s when a
                // killed session left the lock behind.
                string.Join(' ', ["SetEnv", "SHLVL=1", $"PATH={SessionPathDirectory}:/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin",
                    .. SessionEnvironment.Select(variable => $"{variable.Key}={variable.Value}")]),
                .. AdditionalConfiguration,
            ]);

            _log.Clear();
            var listening = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            var start = ServerProcess(["-D", "-e", "-f", config]);
            start.RedirectStandardError = true;
            start.RedirectStandardOutput = true;

            _sshd = new Process { StartInfo = start, EnableRaisingEvents = true };
            _sshd.ErrorDataReceived += (_, e) =>
            {
                if (e.Data is null)
                {
                    return;
                }

                _log.Enqueue(e.Data);
                if (e.Data.StartsWith("Server listening on", StringComparison.Ordinal))
                {
                    listening.TrySetResult();
                }
            };
            _sshd.Exited += (_, _) => listening.TrySetException(new InvalidOperationException(
                $"sshd exited at start: {string.Join(" | ", _log)}"));
            _sshd.Start();
            _sshd.BeginErrorReadLine();

            try
            {
                await listening.Task.WaitAsync(TimeSpan.FromSeconds(15));
                return;
            }
            catch (InvalidOperationException) when (attempt < 3 && _log.Any(l => l.Contains("Address already in use", StringComparison.Ordinal)))
            {
                _sshd.Dispose();
            }
        }
    }

    /// <summary>How sshd is started: directly here; a subclass may start it in another environment.</summary>
    protected virtual ProcessStartInfo ServerProcess(IReadOnlyList<string> sshdArguments) => new(SshdPath, sshdArguments);

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
