using System.Net;
using System.Net.Sockets;
using System.Text;
using PrivateCloud.Tasks.Remote;
using PrivateCloud.Tasks.Secrets;

namespace PrivateCloud.Tests.Remote;

/// <summary>Dry-run talks to no server: the target here is a port where nothing listens.</summary>
public sealed class RemoteShellDryRunTests
{
    private readonly List<string> _log = [];
    private readonly SecretRedactor _redactor = new();
    private readonly int _closedPort = ClosedPort();

    [Fact]
    public void Reports_each_command_and_answers_an_empty_success_without_connecting()
    {
        using var session = Session("root");
        var shell = new RemoteShell(session, _redactor, _log.Add);

        var output = shell.Run("systemctl restart docker");
        var probe = shell.Probe("test -e /etc/passwd");

        Assert.Equal(string.Empty, output);
        Assert.Equal(CommandResult.DryRun, probe);
        Assert.Equal(0, session.ConnectionsOpened);
        Assert.Equal(
            [
                $"[dry-run] would run on root@127.0.0.1:{_closedPort}: systemctl restart docker",
                $"[dry-run] would run on root@127.0.0.1:{_closedPort}: test -e /etc/passwd",
            ],
            _log);
    }

    [Fact]
    public void Shows_the_sudo_wrapping_and_the_stdin_size_but_never_the_stdin()
    {
        const string secret = "dry-run-secret-81x";
        _redactor.Add(secret);
        using var session = Session("opsuser");
        var files = new RemoteFiles(new RemoteShell(session, _redactor, _log.Add));

        var changed = files.Write("/etc/app.env", $"TOKEN={secret}\n", "600");

        Assert.True(changed);
        Assert.Equal(0, session.ConnectionsOpened);
        var line = Assert.Single(_log);
        Assert.StartsWith($"[dry-run] would run on opsuser@127.0.0.1:{_closedPort}: sudo -n -- sh -c 'set -e; target=/etc/app.env;", line, StringComparison.Ordinal);
        Assert.EndsWith($"(stdin: {"TOKEN=".Length + secret.Length + 1} bytes)", line, StringComparison.Ordinal);
        Assert.DoesNotContain(secret, line, StringComparison.Ordinal);
    }

    private SshSession Session(string user) => new(new SshSettings
    {
        Target = new SshTarget(user, "127.0.0.1", _closedPort),
        KeyFile = "/nonexistent/key",
        KnownHostsFile = "/nonexistent/known_hosts",
        DryRun = true,
    });

    private static int ClosedPort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
