using System.Globalization;
using Renci.SshNet.Common;
using PrivateCloud.Tasks.Secrets;

namespace PrivateCloud.Tasks.Remote;

/// <summary>
/// Runs commands on the target over the session's connection: logs each one (redacted), wraps
/// privileged ones in sudo for a non-root user, streams output lines when asked (redacted), checks the
/// exit status, and in dry-run only reports.
/// </summary>
public sealed class RemoteShell(SshSession session, SecretRedactor redactor, Action<string> log)
{
    private const int StderrTailLines = 3;
    private const int StderrTailChars = 400;

    public SshTarget Target => session.Settings.Target;

    public bool DryRun => session.Settings.DryRun;

    /// <summary>Runs the command and returns its stdout; a non-zero exit status throws with the stderr tail.</summary>
    public string Run(RemoteCommand command)
    {
        var result = Execute(command);
        if (result.Succeeded)
        {
            return result.Stdout;
        }

        throw Failure(command, result);
    }

    /// <summary>
    /// Starts a command that runs until the result is disposed (or the connection drops), once it
    /// printed <paramref name="readyLine"/>. Null, with <paramref name="ended"/> set, when it ended first.
    /// Dry-run starts nothing and holds nothing.
    /// </summary>
    public IDisposable? Hold(RemoteCommand command, string readyLine, TimeSpan timeout, out CommandResult ended)
    {
        var text = command.Privileged && !Target.IsRoot ? Sudo.Wrap(command.Text) : command.Text;
        if (DryRun)
        {
            log($"[dry-run] would hold on {Target}: {redactor.Redact(text)}");
            ended = CommandResult.DryRun;
            return null;
        }

        log($"{Target}: {redactor.Redact(text)}");
        var held = session.Connection.Hold(text, readyLine, timeout, out var result);
        ended = result ?? CommandResult.DryRun;
        return held;
    }

    /// <summary>Runs a command whose failure is an answer (<c>test -f</c>, <c>id -u</c>), not an error.</summary>
    public CommandResult Probe(RemoteCommand command) => Execute(command);

    private CommandResult Execute(RemoteCommand command)
    {
        if (redactor.ContainsSecret(command.Text))
        {
            // Command lines are visible to every user of the server (ps, /proc): secrets go on stdin.
            throw new InvalidOperationException(
                $"Refusing to put a secret value in a remote command line, pass it on stdin: {redactor.Redact(command.Text)}");
        }

        var text = command.Privileged && !Target.IsRoot ? Sudo.Wrap(command.Text) : command.Text;
        var input = command.Input is null ? string.Empty : $" (stdin: {command.Input.Length.ToString(CultureInfo.InvariantCulture)} bytes)";
        if (DryRun)
        {
            log($"[dry-run] would run on {Target}: {redactor.Redact(text)}{input}");
            return CommandResult.DryRun;
        }

        log($"{Target}: {redactor.Redact(text)}{input}");
        var timeout = session.Settings.CommandTimeout;
        try
        {
            return session.Connection.Execute(text, command.Input, timeout, OutputLines(command));
        }
        catch (TimeoutException ex)
        {
            var seconds = timeout.TotalSeconds.ToString("0.#", CultureInfo.InvariantCulture);
            throw new RemoteCommandException(
                $"Command timed out after {seconds} s on {Target} and was stopped: {Shown(command)}; " +
                $"raise {SshSettings.CommandTimeoutSetting} if it needs longer.", innerException: ex);
        }
        catch (SshConnectionException ex)
        {
            throw new RemoteCommandException(
                $"Lost the SSH connection to {Target} while running: {Shown(command)} ({redactor.Redact(ex.Message)}).", innerException: ex);
        }
    }

    /// <summary>Redacts each line before the caller sees it: a line is whole, so a secret in it is whole too.</summary>
    private Action<string>? OutputLines(RemoteCommand command) =>
        command.OnOutputLine is { } onLine ? line => onLine(redactor.Redact(line)) : null;

    private RemoteCommandException Failure(RemoteCommand command, CommandResult result)
    {
        if (command.Privileged && !Target.IsRoot && Sudo.AsksForPassword(result.Stderr))
        {
            return new RemoteCommandException(
                $"sudo on {Target.Host} asks user '{Target.User}' for a password: allow '{Target.User}' passwordless sudo (NOPASSWD) " +
                $"or connect as root; command: {Shown(command)}", result.ExitStatus);
        }

        var how = result.ExitStatus is { } status
            ? $"with exit status {status.ToString(CultureInfo.InvariantCulture)}"
            : $"killed by signal {result.ExitSignal ?? "unknown"}";
        var stderr = StderrTail(result.Stderr);
        return new RemoteCommandException(
            $"Command failed on {Target} {how}: {Shown(command)}{(stderr.Length > 0 ? $"; stderr: {stderr}" : string.Empty)}",
            result.ExitStatus);
    }

    /// <summary>The last few stderr lines, joined on one line: where tools put the reason they failed.</summary>
    private string StderrTail(string stderr)
    {
        var lines = stderr.Split(['\r', '\n'], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        var tail = redactor.Redact(string.Join(" | ", lines.TakeLast(StderrTailLines)));
        return tail.Length <= StderrTailChars ? tail : "..." + tail[^StderrTailChars..];
    }

    private string Shown(RemoteCommand command) => redactor.Redact(command.Text);
}
