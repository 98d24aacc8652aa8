using System.Net;
using System.Net.Sockets;
using System.Text;
using PrivateCloud.Tasks.Plumbing.Processes;
using PrivateCloud.Tasks.Plumbing.Remote;
using PrivateCloud.Tasks.Plumbing.Secrets;
using PrivateCloud.Tests.Infrastructure;

namespace PrivateCloud.Tests.Plumbing.Remote;

/// <summary>
/// A dry run reads the host for real and only shows what would change it. The reads go to the real
/// sshd; the changes are checked not to have happened on this machine, which is the host here.
/// </summary>
public sealed class RemoteShellDryRunTests(SshServerFixture server) : IClassFixture<SshServerFixture>, IDisposable
{
    private readonly List<string> _log = [];
    private readonly SecretRedactor _redactor = new();
    private readonly TemporaryDirectory _folder = new();

    public void Dispose() => _folder.Dispose();

    [Fact]
    public void Reads_run_for_real_and_changes_are_shown_not_run()
    {
        server.Require();
        var marker = _folder.Combine("made-by-a-change");
        using var session = new SshSession(server.Settings() with { DryRun = true });
        var shell = new RemoteShell(session, _redactor, _log.Add);

        var read = shell.Read("echo read-for-real");
        var probe = shell.Probe("test -e /nonexistent/path");
        var change = shell.Run($"touch {ShellQuote.Quote(marker)}");
        var attempt = shell.Attempt("exit 7");

        Assert.Equal("read-for-real\n", read);
        Assert.Equal(1, probe.ExitCode);
        Assert.Equal(string.Empty, change);
        Assert.Equal(CommandResult.NotRun, attempt);
        Assert.False(File.Exists(marker));
        Assert.Equal(1, session.ConnectionsOpened);
        Assert.Equal(
            [
                $"root@127.0.0.1:{server.Port}: echo read-for-real",
                $"root@127.0.0.1:{server.Port}: test -e /nonexistent/path",
                $"[dry-run] would run on root@127.0.0.1:{server.Port}: touch {ShellQuote.Quote(marker)}",
                $"[dry-run] would run on root@127.0.0.1:{server.Port}: exit 7",
            ],
            _log);
    }

    [Fact]
    public void A_change_is_shown_with_its_sudo_wrapping_and_stdin_size_but_never_the_stdin_and_connects_to_nothing()
    {
        const string secret = "dry-run-secret-81x";
        _redactor.Add(secret);
        var port = ClosedPort();
        using var session = new SshSession(new SshSettings
        {
            Target = new SshTarget("opsuser", "127.0.0.1", port),
            KeyFile = "/nonexistent/key",
            KnownHostsFile = "/nonexistent/known_hosts",
            DryRun = true,
        });
        var input = Encoding.UTF8.GetBytes($"TOKEN={secret}\n");

        new RemoteShell(session, _redactor, _log.Add).Run(new RemoteCommand("cat > /etc/app.env") { Input = input, Privileged = true });

        Assert.Equal(0, session.ConnectionsOpened);
        var line = Assert.Single(_log);
        Assert.Equal($"[dry-run] would run on opsuser@127.0.0.1:{port}: sudo -n -- sh -c 'cat > /etc/app.env' (stdin: {input.Length} bytes)", line);
        Assert.DoesNotContain(secret, line, StringComparison.Ordinal);
    }

    private static int ClosedPort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
