using System.Diagnostics;
using System.Text;
using PrivateCloud.Tasks.Plumbing.Processes;
using PrivateCloud.Tasks.Plumbing.Remote;
using PrivateCloud.Tasks.Plumbing.Secrets;
using PrivateCloud.Tests.Infrastructure;

namespace PrivateCloud.Tests.Plumbing.Remote;

/// <summary>Output of a command running on a real sshd reaching the caller line by line while it runs.</summary>
public sealed class RemoteShellStreamingTests(SshServerFixture server) : IClassFixture<SshServerFixture>
{
    private const string Secret = "abcdef";

    private readonly List<string> _log = [];
    private readonly List<string> _lines = [];
    private readonly SecretRedactor _redactor = new();

    [Fact]
    public void First_line_arrives_while_the_command_still_runs()
    {
        server.Require();
        using var session = new SshSession(server.Settings());
        var shell = Shell(session);
        _ = session.Connection;
        var clock = Stopwatch.StartNew();
        var arrivals = new List<(string Line, TimeSpan At)>();

        var stdout = shell.Run(new RemoteCommand("echo 'line 1'; sleep 2; echo 'line 2'")
        {
            OnOutputLine = line => arrivals.Add((line, clock.Elapsed)),
        });
        var finished = clock.Elapsed;

        Assert.Equal(["line 1", "line 2"], arrivals.Select(arrival => arrival.Line));
        Assert.True(finished - arrivals[0].At >= TimeSpan.FromSeconds(1.5),
            $"line 1 arrived at {arrivals[0].At}, only shortly before the command finished at {finished}");
        Assert.True(arrivals[1].At - arrivals[0].At >= TimeSpan.FromSeconds(1.5), $"line 1 at {arrivals[0].At}, line 2 at {arrivals[1].At}");
        Assert.Equal("line 1\nline 2\n", stdout);
    }

    [Fact]
    public void Secret_written_in_two_pieces_is_redacted_in_the_streamed_line()
    {
        server.Require();
        _redactor.Add(Secret);
        using var session = new SshSession(server.Settings());

        var stdout = Shell(session).Run(Streamed("printf 'abc'; sleep 0.2; printf 'def\\n'; printf 'tail abc'; sleep 0.2; printf 'def'"));

        Assert.Equal(["[REDACTED]", "tail [REDACTED]"], _lines);
        Assert.Equal("abcdef\ntail abcdef", stdout);
        Assert.DoesNotContain(_log, line => line.Contains(Secret, StringComparison.Ordinal));
    }

    [Fact]
    public void Stderr_lines_are_streamed_and_a_failed_exit_status_still_throws()
    {
        server.Require();
        using var session = new SshSession(server.Settings());
        var shell = Shell(session);

        var error = Assert.Throws<RemoteCommandException>(() => shell.Run(Streamed("echo out; sleep 0.2; echo 'err 1' >&2; echo 'err 2' >&2; exit 4")));

        Assert.Equal(["out", "err 1", "err 2"], _lines);
        Assert.Equal(4, error.ExitStatus);
        Assert.EndsWith("with exit status 4: echo out; sleep 0.2; echo 'err 1' >&2; echo 'err 2' >&2; exit 4; stderr: err 1 | err 2", error.Message, StringComparison.Ordinal);

        _lines.Clear();
        var result = shell.Probe(Streamed("echo out; echo err >&2; exit 5"));
        Assert.Equal(new CommandResult(5, "out\n", "err\n"), result);
        Assert.Equal(["err", "out"], _lines.Order());
    }

    [Fact]
    public void Each_line_of_a_multi_line_secret_is_masked_in_the_streamed_output_and_the_error()
    {
        server.Require();
        _redactor.Add("-----BEGIN KEY-----\nfirst-line-of-key\nsecond-line-of-key\n-----END KEY-----");
        using var session = new SshSession(server.Settings());

        var command = Streamed("while IFS= read -r line; do echo \"$line\"; sleep 0.2; echo \"$line\" >&2; done; exit 1") with
        {
            Input = Encoding.UTF8.GetBytes("first-line-of-key\nsecond-line-of-key\n"),
        };

        var error = Assert.Throws<RemoteCommandException>(() => Shell(session).Run(command));

        Assert.Equal(["[REDACTED]", "[REDACTED]", "[REDACTED]", "[REDACTED]"], _lines);
        Assert.DoesNotContain("line-of-key", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Stdin_still_reaches_a_streamed_command()
    {
        server.Require();
        _redactor.Add(Secret);
        using var session = new SshSession(server.Settings());
        var command = Streamed("cat") with { Input = Encoding.UTF8.GetBytes($"first\ntoken={Secret}\nlast") };

        var stdout = Shell(session).Run(command);

        Assert.Equal(["first", "token=[REDACTED]", "last"], _lines);
        Assert.Equal($"first\ntoken={Secret}\nlast", stdout);
    }

    [Fact]
    public void Streamed_command_running_past_the_timeout_is_stopped_after_showing_its_output()
    {
        server.Require();
        // Generous: starting a command on this sshd alone takes about a second on a busy machine.
        using var session = new SshSession(server.Settings() with { CommandTimeout = TimeSpan.FromSeconds(3) });
        var shell = Shell(session);
        _ = session.Connection;
        var clock = Stopwatch.StartNew();

        var error = Assert.Throws<RemoteCommandException>(() => shell.Run(Streamed("echo started; echo 'on stderr' >&2; sleep 20; echo never")));

        Assert.Equal(
            $"Command timed out after 3 s on root@127.0.0.1:{server.Port} and was stopped: echo started; echo 'on stderr' >&2; sleep 20; echo never; " +
            "raise --command-timeout if it needs longer.",
            error.Message);
        Assert.IsType<TimeoutException>(error.InnerException);
        Assert.InRange(clock.Elapsed, TimeSpan.FromSeconds(2.9), TimeSpan.FromSeconds(10));
        Assert.Equal(["on stderr", "started"], _lines.Order());
    }

    [Fact]
    public void Streamed_commands_share_the_session_connection()
    {
        server.Require();
        using var session = new SshSession(server.Settings());
        var shell = Shell(session);

        var endpoints = Enumerable.Range(1, 3).Select(_ => shell.Run(Streamed("echo $SSH_CONNECTION"))).ToList();

        Assert.Equal(1, session.ConnectionsOpened);
        Assert.Single(endpoints.Distinct());
        Assert.Equal(endpoints.Select(endpoint => endpoint.TrimEnd('\n')), _lines);
    }

    [Fact]
    public void Dry_run_streams_nothing()
    {
        using var session = new SshSession(server.Settings() with { DryRun = true });

        var stdout = Shell(session).Run(Streamed("echo hello"));

        Assert.Equal(string.Empty, stdout);
        Assert.Empty(_lines);
        Assert.Equal(0, session.ConnectionsOpened);
    }

    private RemoteCommand Streamed(string text) => new(text) { OnOutputLine = _lines.Add };

    private RemoteShell Shell(SshSession session) => new(session, _redactor, _log.Add);
}
