using System.Collections.Concurrent;
using System.Diagnostics;
using Cake.Core.Diagnostics;
using PrivateCloud.Tasks.Plumbing.Processes;
using PrivateCloud.Tasks.Plumbing.Secrets;
using PrivateCloud.Tests.Infrastructure;

namespace PrivateCloud.Tests.Plumbing.Processes;

public class CommandRunnerTests
{
    private readonly ConcurrentQueue<string> _streamed = new();
    private readonly SecretRedactor _redactor = new();
    private readonly CommandRunner _runner;

    public CommandRunnerTests()
    {
        _runner = CakeProcesses.CreateCommandRunner(_redactor, _streamed.Enqueue);
    }

    [Fact]
    public void Streams_each_line_and_captures_both_streams_with_the_exit_code()
    {
        var result = _runner.Run(Shell("echo one; echo two; echo oops >&2; exit 3"));

        Assert.Equal(3, result.ExitCode);
        Assert.False(result.Succeeded);
        Assert.Equal("one\ntwo", result.StandardOutput);
        Assert.Equal("oops", result.StandardError);
        Assert.Equal(["one", "oops", "two"], _streamed.Order());
    }

    [Fact]
    public void Passes_each_argument_verbatim_without_a_shell()
    {
        string[] awkward = ["a b", "q\"uote", "back\\slash\\", "", "$HOME", "it's"];

        var result = _runner.Run(new CommandRequest("/bin/sh", ["-c", "printf '%s\\n' \"$@\"", "sh", .. awkward]));

        Assert.True(result.Succeeded);
        Assert.Equal(awkward, result.StandardOutput.Split('\n'));
    }

    [Fact]
    public void Quiet_captures_without_streaming()
    {
        var result = _runner.Run(Shell("echo data") with { Quiet = true });

        Assert.Equal("data", result.StandardOutput);
        Assert.Empty(_streamed);
    }

    [Fact]
    public void Redacts_a_known_secret_in_streamed_and_captured_output_and_in_the_command()
    {
        _redactor.Add("s3cr3t-value");

        var result = _runner.Run(new CommandRequest("/bin/sh", ["-c", "echo \"token=$1\"; echo \"$1\" >&2", "sh", "s3cr3t-value"]));

        Assert.Equal("token=[REDACTED]", result.StandardOutput);
        Assert.Equal("[REDACTED]", result.StandardError);
        Assert.DoesNotContain(_streamed, line => line.Contains("s3cr3t-value", StringComparison.Ordinal));
        Assert.Contains("token=[REDACTED]", _streamed);
        Assert.DoesNotContain("s3cr3t-value", result.Command, StringComparison.Ordinal);
    }

    [Fact]
    public void Passes_environment_variables_and_redacts_values_of_secret_named_ones()
    {
        var request = Shell("echo \"$APP_MODE $DB_PASSWORD\"") with
        {
            Environment = new Dictionary<string, string> { ["APP_MODE"] = "production", ["DB_PASSWORD"] = "pw-from-env" },
        };

        var result = _runner.Run(request);

        Assert.Equal("production [REDACTED]", result.StandardOutput);
        Assert.Contains("production [REDACTED]", _streamed);
    }

    [Fact]
    public void Runs_in_the_working_directory()
    {
        var directory = Directory.CreateTempSubdirectory("commandrunner-");
        try
        {
            var result = _runner.Run(new CommandRequest("pwd", []) { WorkingDirectory = directory.FullName });

            Assert.Equal(directory.FullName, result.StandardOutput);
        }
        finally
        {
            directory.Delete();
        }
    }

    [Fact]
    public void Kills_the_program_after_the_timeout_and_keeps_what_it_printed()
    {
        var stopwatch = Stopwatch.StartNew();

        // Three seconds, so a loaded machine has started the shell and read its first line before the kill.
        var result = _runner.Run(Shell("echo started; exec sleep 30") with { Timeout = TimeSpan.FromSeconds(3) });

        Assert.True(result.TimedOut);
        Assert.False(result.Succeeded);
        Assert.Equal("started", result.StandardOutput);
        Assert.True(stopwatch.Elapsed < TimeSpan.FromSeconds(15), $"took {stopwatch.Elapsed}");
        var failure = Assert.Throws<CommandFailedException>(() => result.EnsureSuccess("Waiting"));
        Assert.Contains("timed out", failure.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Failure_message_names_the_command_and_the_last_error_lines_without_the_secret()
    {
        _redactor.Add("hunter2");
        var result = _runner.Run(Shell("echo 'bad password hunter2' >&2; exit 1"));

        var failure = Assert.Throws<CommandFailedException>(() => result.EnsureSuccess("Logging in"));

        Assert.StartsWith("Logging in failed: `/bin/sh -c", failure.Message, StringComparison.Ordinal);
        Assert.EndsWith("exited with code 1: bad password [REDACTED]", failure.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("hunter2", failure.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_missing_program_is_reported_with_its_name()
    {
        var failure = Assert.Throws<CommandFailedException>(
            () => _runner.Run(new CommandRequest("no-such-program-here", ["x"])));

        Assert.Contains("'no-such-program-here' installed and on PATH", failure.Message, StringComparison.Ordinal);
        Assert.Null(failure.Result);
    }

    [Fact]
    public void Streams_to_the_cake_log_verbatim_at_normal_verbosity()
    {
        var log = new RecordingLog();
        var runner = new CommandRunner(CakeProcesses.CreateRunner(), _redactor, log);

        runner.Run(Shell("echo '{not a format} {0}'"));

        var entry = Assert.Single(log.Entries);
        Assert.Equal((Verbosity.Normal, LogLevel.Information, "{not a format} {0}"), entry);
    }

    [Fact]
    public void An_argument_holding_a_known_secret_is_masked_in_cakes_executing_line()
    {
        _redactor.Add("pa55word");
        var cakeLog = new RecordingLog();
        var runner = new CommandRunner(CakeProcesses.CreateRunner(cakeLog), _redactor, _streamed.Enqueue);

        var result = runner.Run(new CommandRequest("/bin/sh", ["-c", "test \"$1\" = pa55word", "sh", "pa55word"]));

        Assert.True(result.Succeeded, "the program still receives the real value");
        var executing = Assert.Single(cakeLog.Entries, entry => entry.Item3.StartsWith("Executing:", StringComparison.Ordinal));
        Assert.Contains("[REDACTED]", executing.Item3, StringComparison.Ordinal);
        Assert.DoesNotContain("pa55word", executing.Item3, StringComparison.Ordinal);
    }

    [Fact]
    public void Each_line_of_a_multi_line_secret_is_masked_in_streamed_and_captured_output()
    {
        _redactor.Add("-----BEGIN KEY-----\nfirst-line-of-key\nsecond-line-of-key\n-----END KEY-----");

        var result = _runner.Run(Shell("printf 'first-line-of-key\\nsecond-line-of-key\\n'; echo first-line-of-key >&2"));

        Assert.Equal("[REDACTED]\n[REDACTED]", result.StandardOutput);
        Assert.Equal("[REDACTED]", result.StandardError);
        Assert.All(_streamed, line => Assert.Equal("[REDACTED]", line));
    }

    [Fact]
    public void A_secret_named_variable_holding_a_flag_is_passed_but_not_masked()
    {
        var result = _runner.Run(Shell("echo \"$ENABLE_KEY true\"") with { Environment = new Dictionary<string, string> { ["ENABLE_KEY"] = "true" } });

        Assert.Equal("true true", result.StandardOutput);
        Assert.Empty(_redactor.Secrets);
    }

    private static CommandRequest Shell(string script) => new("/bin/sh", ["-c", script]);
}
