using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using PrivateCloud.Tasks.Plumbing.Remote;
using PrivateCloud.Tests.Infrastructure;

namespace PrivateCloud.Tests.Plumbing.Remote;

/// <summary>Connecting to a real sshd: host key trust, authentication and connect failures.</summary>
public sealed class SshConnectionTests(SshServerFixture server) : IClassFixture<SshServerFixture>, IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("ssh-connection-tests-").FullName;

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    [Fact]
    public void Known_host_key_connects_and_runs_a_command()
    {
        server.Require();

        using var connection = SshConnection.Open(server.Settings());

        var result = connection.Execute("id -un; echo $SSH_CONNECTION", input: null, TimeSpan.FromSeconds(10));
        Assert.Equal(0, result.ExitCode);
        Assert.StartsWith("root\n127.0.0.1 ", result.StandardOutput, StringComparison.Ordinal);
        Assert.EndsWith($" 127.0.0.1 {server.Port}\n", result.StandardOutput, StringComparison.Ordinal);
    }

    [Fact]
    public void Commands_that_end_without_reading_their_input_leave_the_connection_open()
    {
        server.Require();
        using var connection = SshConnection.Open(server.Settings());

        // More input than the channel window: the client used to wait for window space on a channel
        // the command had already closed, until the timeout.
        Assert.Equal(3, connection.Execute("exit 3", new byte[8 * 1024 * 1024], TimeSpan.FromSeconds(120)).ExitCode);

        // Commands that end at once, racing their input's end-of-file: sshd drops the whole connection
        // when that end-of-file reaches a channel it has already freed.
        for (var round = 0; round < 20; round++)
        {
            Assert.Equal(3, connection.Execute("set -e; (exit 3); echo not reached", "input"u8.ToArray(), TimeSpan.FromSeconds(10)).ExitCode);
            Assert.Equal(0, connection.Execute("true", input: null, TimeSpan.FromSeconds(10)).ExitCode);
        }

        Assert.Equal("7", connection.Execute("wc -c", "1234567"u8.ToArray(), TimeSpan.FromSeconds(10)).StandardOutput.Trim());
        Assert.Equal("0", connection.Execute("wc -c", [], TimeSpan.FromSeconds(10)).StandardOutput.Trim());
        Assert.Equal(0, connection.Execute("true", [], TimeSpan.FromSeconds(10)).ExitCode);
        Assert.Equal(string.Empty, connection.Execute("cat", input: null, TimeSpan.FromSeconds(10)).StandardOutput);
    }

    [Theory]
    [InlineData("ed25519")]
    [InlineData("ecdsa")]
    [InlineData("rsa")]
    public void Each_key_type_authenticates(string type)
    {
        server.Require();
        var key = type switch { "ed25519" => server.Ed25519Key, "ecdsa" => server.EcdsaKey, _ => server.RsaKey };

        using var connection = SshConnection.Open(server.Settings(key));

        Assert.Equal("ok\n", connection.Execute("echo ok", null, TimeSpan.FromSeconds(10)).StandardOutput);
        var publicKey = File.ReadAllText(key + ".pub").Split(' ')[1];
        var fingerprint = HostKeyFingerprint.Sha256(Convert.FromBase64String(publicKey));
        Assert.Contains(server.ServerLog, line => line.Contains("Accepted publickey", StringComparison.Ordinal) && line.Contains(fingerprint, StringComparison.Ordinal));
    }

    [Fact]
    public void Unknown_host_key_is_refused_with_its_fingerprint_and_what_to_do()
    {
        server.Require();
        var knownHosts = Path.Combine(_folder, "missing_known_hosts");

        var error = Assert.Throws<RemoteConnectionException>(() => SshConnection.Open(server.Settings(knownHostsFile: knownHosts)));

        Assert.Contains($"127.0.0.1:{server.Port} is unknown", error.Message, StringComparison.Ordinal);
        Assert.Contains($"--host-key={server.HostKeyFingerprint} ", error.Message, StringComparison.Ordinal);
        Assert.Contains("--accept-new-host-key", error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain('\n', error.Message);
        Assert.False(File.Exists(knownHosts));
    }

    [Fact]
    public void Host_key_listed_without_the_port_does_not_vouch_for_a_non_default_port()
    {
        server.Require();
        var knownHosts = Path.Combine(_folder, "known_hosts");
        File.WriteAllText(knownHosts, $"127.0.0.1 {server.HostKeyLine}\n");

        var error = Assert.Throws<RemoteConnectionException>(() => SshConnection.Open(server.Settings(knownHostsFile: knownHosts)));

        Assert.Contains("is unknown", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Pinned_fingerprint_trusts_an_unknown_host_without_recording_it()
    {
        server.Require();
        var knownHosts = Path.Combine(_folder, "known_hosts");
        var settings = server.Settings(knownHostsFile: knownHosts) with { PinnedHostKey = server.HostKeyFingerprint };

        using var connection = SshConnection.Open(settings);

        Assert.Equal("ok\n", connection.Execute("echo ok", null, TimeSpan.FromSeconds(10)).StandardOutput);
        Assert.False(File.Exists(knownHosts));
    }

    [Fact]
    public void Pinned_fingerprint_that_differs_is_refused()
    {
        server.Require();
        var other = HostKeyFingerprint.Sha256(Convert.FromBase64String(File.ReadAllText(server.StrangerKey + ".pub").Split(' ')[1]));
        var settings = server.Settings(knownHostsFile: Path.Combine(_folder, "known_hosts")) with { PinnedHostKey = other, AcceptNewHostKey = true };

        var error = Assert.Throws<RemoteConnectionException>(() => SshConnection.Open(settings));

        Assert.Contains($"is ssh-ed25519 {server.HostKeyFingerprint}, not the pinned --host-key={other}", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Changed_host_key_is_refused_even_with_accept_new()
    {
        server.Require();
        var knownHosts = Path.Combine(_folder, "known_hosts");
        var impostor = File.ReadAllText(server.StrangerKey + ".pub").Split(' ');
        var content = $"{server.Target.KnownHostsName} {impostor[0]} {impostor[1]}\n";
        File.WriteAllText(knownHosts, content);
        var settings = server.Settings(knownHostsFile: knownHosts) with { AcceptNewHostKey = true };

        var error = Assert.Throws<RemoteConnectionException>(() => SshConnection.Open(settings));

        Assert.Contains($"127.0.0.1:{server.Port} has CHANGED: it presented ssh-ed25519 {server.HostKeyFingerprint}", error.Message, StringComparison.Ordinal);
        Assert.Contains($"ssh-keygen -R '[127.0.0.1]:{server.Port}'", error.Message, StringComparison.Ordinal);
        Assert.Equal(content, File.ReadAllText(knownHosts));
    }

    [Theory]
    [InlineData("rsa")]
    [InlineData("ecdsa")]
    public void A_host_known_only_by_its_rsa_or_ecdsa_key_is_known_not_changed(string type)
    {
        server.Require();
        var knownHosts = Path.Combine(_folder, "known_hosts");
        File.WriteAllText(knownHosts, $"{server.Target.KnownHostsName} {(type == "rsa" ? server.RsaHostKeyLine : server.EcdsaHostKeyLine)}\n");

        using var connection = SshConnection.Open(server.Settings(knownHostsFile: knownHosts));

        Assert.Equal("ok\n", connection.Execute("echo ok", null, TimeSpan.FromSeconds(10)).StandardOutput);
    }

    [Fact]
    public void Revoked_host_key_is_refused()
    {
        server.Require();
        var knownHosts = Path.Combine(_folder, "known_hosts");
        File.WriteAllText(knownHosts, $"{server.Target.KnownHostsName} {server.HostKeyLine}\n@revoked * {server.HostKeyLine}\n");

        var error = Assert.Throws<RemoteConnectionException>(() => SshConnection.Open(server.Settings(knownHostsFile: knownHosts)));

        Assert.Contains("is marked @revoked", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Hashed_known_hosts_entry_is_recognised()
    {
        server.Require();
        var knownHosts = Path.Combine(_folder, "known_hosts");
        File.Copy(server.KnownHostsFile, knownHosts);
        await SshServerFixture.RunTool("ssh-keygen", "-H", "-f", knownHosts);
        var hashed = File.ReadAllText(knownHosts);
        Assert.StartsWith("|1|", hashed, StringComparison.Ordinal);
        Assert.DoesNotContain("127.0.0.1", hashed, StringComparison.Ordinal);

        using var connection = SshConnection.Open(server.Settings(knownHostsFile: knownHosts));

        Assert.Equal("ok\n", connection.Execute("echo ok", null, TimeSpan.FromSeconds(10)).StandardOutput);
    }

    [Fact]
    public async Task Accept_new_records_the_key_so_the_next_connection_knows_it()
    {
        server.Require();
        var knownHosts = Path.Combine(_folder, "sub", "known_hosts");
        var settings = server.Settings(knownHostsFile: knownHosts);

        using (SshConnection.Open(settings with { AcceptNewHostKey = true }))
        {
        }

        Assert.Equal($"[127.0.0.1]:{server.Port} {server.HostKeyLine}\n", File.ReadAllText(knownHosts));
        var found = await SshServerFixture.RunTool("ssh-keygen", "-F", $"[127.0.0.1]:{server.Port}", "-f", knownHosts);
        Assert.Contains(server.HostKeyLine, found, StringComparison.Ordinal);

        using var second = SshConnection.Open(settings);
        Assert.Equal("ok\n", second.Execute("echo ok", null, TimeSpan.FromSeconds(10)).StandardOutput);
        Assert.Single(File.ReadAllLines(knownHosts));
    }

    [Fact]
    public void Refused_key_names_the_user_and_the_key_file()
    {
        server.Require();

        var error = Assert.Throws<RemoteConnectionException>(() => SshConnection.Open(server.Settings(server.StrangerKey)));

        Assert.Contains($"SSH authentication refused by 127.0.0.1:{server.Port}: user 'root' with key {server.StrangerKey} was not accepted", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Passphrase_protected_key_works_with_its_passphrase()
    {
        server.Require();

        using var connection = SshConnection.Open(server.Settings(server.PassphraseKey) with { KeyPassphrase = SshServerFixture.Passphrase });

        Assert.Equal("ok\n", connection.Execute("echo ok", null, TimeSpan.FromSeconds(10)).StandardOutput);
    }

    [Fact]
    public void Passphrase_protected_key_without_passphrase_says_which_variable_to_set()
    {
        server.Require();

        var error = Assert.Throws<RemoteConnectionException>(() => SshConnection.Open(server.Settings(server.PassphraseKey)));

        Assert.Equal($"SSH private key {server.PassphraseKey} is protected by a passphrase: set the environment variable DEPLOY_SSH_KEY_PASSPHRASE.", error.Message);
    }

    [Fact]
    public void Wrong_passphrase_fails_without_showing_it()
    {
        server.Require();
        const string wrong = "not-the-passphrase";

        var error = Assert.Throws<RemoteConnectionException>(() => SshConnection.Open(server.Settings(server.PassphraseKey) with { KeyPassphrase = wrong }));

        Assert.StartsWith($"Cannot read SSH private key {server.PassphraseKey} (is DEPLOY_SSH_KEY_PASSPHRASE the right passphrase?)", error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain(wrong, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Closed_port_is_reported_as_unreachable()
    {
        server.Require();
        var port = ClosedPort();

        var error = Assert.Throws<RemoteConnectionException>(() => SshConnection.Open(server.Settings() with { Target = new SshTarget("root", "127.0.0.1", port) }));

        Assert.StartsWith($"Cannot reach 127.0.0.1:{port}: Connection refused", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Server_that_never_speaks_ssh_times_out_after_the_connect_timeout()
    {
        server.Require();
        using var silent = new TcpListener(IPAddress.Loopback, 0);
        silent.Start();
        var port = ((IPEndPoint)silent.LocalEndpoint).Port;
        var accepted = silent.AcceptTcpClientAsync(TestContext.Current.CancellationToken);
        var settings = server.Settings() with { Target = new SshTarget("root", "127.0.0.1", port), ConnectTimeout = TimeSpan.FromSeconds(1) };
        var clock = Stopwatch.StartNew();

        var error = Assert.Throws<RemoteConnectionException>(() => SshConnection.Open(settings));

        Assert.Equal($"Timed out after 1 s connecting to the SSH server at 127.0.0.1:{port} (no SSH handshake in time); check the host and port, or raise --connect-timeout.", error.Message);
        Assert.InRange(clock.Elapsed, TimeSpan.FromSeconds(0.9), TimeSpan.FromSeconds(10));
        (await accepted).Dispose();
    }

    private static int ClosedPort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
