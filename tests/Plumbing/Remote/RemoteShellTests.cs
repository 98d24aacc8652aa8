using System.Diagnostics;
using System.Runtime.Versioning;
using System.Text;
using PrivateCloud.Tasks.Plumbing.Remote;
using PrivateCloud.Tasks.Plumbing.Secrets;
using PrivateCloud.Tests.Infrastructure;

namespace PrivateCloud.Tests.Plumbing.Remote;

/// <summary>Running commands and writing files on a real sshd through one shared session.</summary>
public sealed class RemoteShellTests(SshServerFixture server) : IClassFixture<SshServerFixture>, IDisposable
{
    private const string Secret = "pa55-w0rd-Zq8!x";

    private readonly List<string> _log = [];
    private readonly SecretRedactor _redactor = new();
    private readonly string _folder = Directory.CreateTempSubdirectory("remote-shell-tests-").FullName;

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    [Fact]
    public void One_session_running_many_commands_opens_one_connection()
    {
        server.Require();
        using var session = new SshSession(server.Settings());
        var shell = Shell(session);

        var clientEndpoints = Enumerable.Range(1, 5).Select(_ => shell.Run("echo $SSH_CONNECTION")).ToList();

        Assert.Equal(1, session.ConnectionsOpened);
        // The client's source port is part of SSH_CONNECTION: one value means one TCP connection.
        Assert.Single(clientEndpoints.Distinct());
        Assert.Equal(5, _log.Count(line => line == $"root@127.0.0.1:{server.Port}: echo $SSH_CONNECTION"));
    }

    [Fact]
    public void Failed_command_reports_exit_status_and_redacted_stderr_tail()
    {
        server.Require();
        _redactor.Add(Secret);
        using var session = new SshSession(server.Settings());
        var command = new RemoteCommand("echo first >&2; echo second >&2; cat >&2; echo last >&2; exit 3")
        {
            Input = Encoding.UTF8.GetBytes($"token={Secret}\n"),
        };

        var error = Assert.Throws<RemoteCommandException>(() => Shell(session).Run(command));

        Assert.Equal(
            $"Command failed on root@127.0.0.1:{server.Port} with exit status 3: {command.Text}; stderr: second | token=[REDACTED] | last",
            error.Message);
        Assert.Equal(3, error.ExitStatus);
    }

    [Fact]
    public void Probe_returns_a_failed_status_instead_of_throwing()
    {
        server.Require();
        using var session = new SshSession(server.Settings());

        var result = Shell(session).Probe("test -e /nonexistent/file");

        Assert.Equal(1, result.ExitCode);
        Assert.False(result.Succeeded);
    }

    [Fact]
    public void Secret_on_stdin_reaches_the_server_but_no_command_line_and_no_log()
    {
        server.Require();
        _redactor.Add(Secret);
        var secretFile = Path.Combine(_folder, "secret.txt");
        using var session = new SshSession(server.Settings());

        // While the command still runs, it lists the command line of every process on the server.
        var commandLines = Shell(session).Run(new RemoteCommand(
            $"cat > {ShellQuote.Quote(secretFile)}; for f in /proc/[0-9]*/cmdline; do tr '\\0' ' ' < $f; echo; done")
        {
            Input = Encoding.UTF8.GetBytes(Secret),
        });

        Assert.Equal(Secret, File.ReadAllText(secretFile));
        Assert.Contains($"cat > {secretFile}", commandLines, StringComparison.Ordinal);
        Assert.Contains("sshd", commandLines, StringComparison.Ordinal);
        Assert.DoesNotContain(Secret, commandLines, StringComparison.Ordinal);
        Assert.Contains(_log, line => line.EndsWith($"(stdin: {Secret.Length} bytes)", StringComparison.Ordinal));
        Assert.DoesNotContain(_log, line => line.Contains(Secret, StringComparison.Ordinal));
    }

    [Fact]
    public void Command_line_holding_a_secret_is_refused_before_connecting()
    {
        _redactor.Add(Secret);
        using var session = new SshSession(server.Settings());

        var error = Assert.Throws<InvalidOperationException>(() => Shell(session).Run($"echo {Secret} > /tmp/leak"));

        Assert.Equal("Refusing to put a secret value in a remote command line, pass it on stdin: echo [REDACTED] > /tmp/leak", error.Message);
        Assert.Equal(0, session.ConnectionsOpened);
        Assert.Empty(_log);
    }

    [Fact]
    public void Command_running_past_the_command_timeout_is_stopped()
    {
        server.Require();
        using var session = new SshSession(server.Settings() with { CommandTimeout = TimeSpan.FromSeconds(1) });
        var shell = Shell(session);
        _ = session.Connection;
        var clock = Stopwatch.StartNew();

        var error = Assert.Throws<RemoteCommandException>(() => shell.Run("sleep 30"));

        Assert.Equal(
            $"Command timed out after 1 s on root@127.0.0.1:{server.Port} and was stopped: sleep 30; raise --command-timeout if it needs longer.",
            error.Message);
        Assert.InRange(clock.Elapsed, TimeSpan.FromSeconds(0.9), TimeSpan.FromSeconds(20));
        Assert.Null(error.ExitStatus);
    }

    /// <summary>
    /// Plain, in the background of a shell that waits, and deaf to TERM (only the KILL that follows
    /// two seconds later ends it): in each case the process is gone from the host afterwards.
    /// </summary>
    [Theory]
    [InlineData("echo started; {0}; echo never")]
    [InlineData("{0} & wait")]
    [InlineData("trap '' TERM; {0} & wait")]
    public async Task A_command_stopped_on_timeout_is_really_dead_on_the_host(string script)
    {
        server.Require();
        using var session = new SshSession(server.Settings() with { CommandTimeout = TimeSpan.FromSeconds(2) });
        var shell = Shell(session);
        var marker = $"sleep 300.{Random.Shared.Next(100000, 999999)}";

        Assert.Throws<RemoteCommandException>(() => shell.Run(string.Format(System.Globalization.CultureInfo.InvariantCulture, script, marker)));

        // Dying takes the host a moment after the signal; a live process stays, whatever the wait.
        var alive = true;
        for (var attempt = 0; attempt < 50 && alive; attempt++)
        {
            await Task.Delay(TimeSpan.FromMilliseconds(200), TestContext.Current.CancellationToken);
            // "[s]leep" matches the sleep but not the shell running pgrep, whose own command line holds the pattern.
            alive = (await SshServerFixture.RunTool("/bin/sh", "-c", $"pgrep -f '[s]{marker[1..]}' || true")).Length > 0;
        }

        Assert.False(alive, $"'{marker}' still runs on the host after its timeout");
    }

    [Fact]
    public void Privileged_command_as_root_runs_without_sudo()
    {
        server.Require();
        using var session = new SshSession(server.Settings());

        var user = Shell(session).Run(new RemoteCommand("id -u") { Privileged = true });

        Assert.Equal("0\n", user);
        Assert.Equal([$"root@127.0.0.1:{server.Port}: id -u"], _log);
    }

    [Fact]
    [UnsupportedOSPlatform("windows")]
    public void Written_file_gets_content_and_mode_and_an_identical_rewrite_changes_nothing()
    {
        server.Require();
        _redactor.Add(Secret);
        var path = Path.Combine(_folder, "etc dir", "app's.env");
        using var session = new SshSession(server.Settings());
        var files = new RemoteFiles(Shell(session));

        Assert.False(files.Exists(path));
        Assert.True(files.Write(path, $"PASSWORD={Secret}\n", "0600"));
        var firstWrite = File.GetLastWriteTimeUtc(path);

        Assert.Equal($"PASSWORD={Secret}\n", File.ReadAllText(path));
        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(path));
        Assert.True(files.Exists(path));
        Assert.Equal($"PASSWORD={Secret}\n", files.Read(path));

        Assert.False(files.Write(path, $"PASSWORD={Secret}\n", "600"));
        Assert.Equal(firstWrite, File.GetLastWriteTimeUtc(path));

        Assert.True(files.Write(path, $"PASSWORD={Secret}\n", "640"));
        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.GroupRead, File.GetUnixFileMode(path));

        Assert.True(files.Write(path, "PASSWORD=other\n", "640", owner: "root:root"));
        Assert.Equal("PASSWORD=other\n", File.ReadAllText(path));
        Assert.False(files.Write(path, "PASSWORD=other\n", "640", owner: "root:root"));

        // Temporary files were renamed over the target or removed: nothing else is left beside it.
        Assert.Equal([path], Directory.GetFiles(Path.GetDirectoryName(path)!));
        Assert.DoesNotContain(_log, line => line.Contains(Secret, StringComparison.Ordinal));
        Assert.Equal(1, session.ConnectionsOpened);
    }

    private RemoteShell Shell(SshSession session) => new(session, _redactor, _log.Add);
}
