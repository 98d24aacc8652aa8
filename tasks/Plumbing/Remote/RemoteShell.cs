using System.Globalization;
using Renci.SshNet.Common;
using PrivateCloud.Tasks.Plumbing.Processes;
using PrivateCloud.Tasks.Plumbing.Secrets;

namespace PrivateCloud.Tasks.Plumbing.Remote;

/// <summary>
/// Runs commands on the target over the session's connection: logs each one (redacted), wraps
/// privileged ones in sudo for a non-root user, streams output lines when asked (redacted) and checks
/// the exit status. The one place a dry run is decided: each call site says whether its command
/// reads the host (<see cref="Read"/>, <see cref="Probe"/>: these run for real, so a dry run sees
/// the host as it is) or changes it (<see cref="Run"/>, <see cref="Attempt"/>: in a dry run these
/// are shown, not run). Services built on it therefore need no dry-run branches of their own.
/// </summary>
public sealed class RemoteShell(SshSession session, SecretRedactor redactor, Action<string> log)
{
    private const int StderrTailLines = 3;
    private const int StderrTailChars = 400;

    public SshTarget Target => session.Settings.Target;

    /// <summary>Whether changes are only shown: for a service that folds a read into a change, which then must read on its own.</summary>
    public bool DryRun => session.Settings.DryRun;

    /// <summary>Reads the host and returns stdout; a non-zero exit status throws with the stderr tail. Runs in a dry run too.</summary>
    public string Read(RemoteCommand command) => Checked(command, Execute(command));

    /// <summary>Reads the host where failure is an answer (<c>test -f</c>, <c>getent</c>), not an error. Runs in a dry run too.</summary>
    public CommandResult Probe(RemoteCommand command) => Execute(command);

    /// <summary>Changes the host and returns stdout; a non-zero exit status throws. A dry run shows it and answers empty.</summary>
    public string Run(RemoteCommand command) => Checked(command, Change(command));

    /// <summary>Changes the host where the exit status is the caller's to judge. A dry run shows it and answers success.</summary>
    public CommandResult Attempt(RemoteCommand command) => Change(command);

    /// <summary>
    /// Starts a command that runs until the result is disposed (or the connection drops), once it
    /// printed <paramref name="readyLine"/>. Null, with <paramref name="ended"/> set, when it ended first.
    /// A dry run starts nothing and holds nothing.
    /// </summary>
    public SshConnection.HeldCommand? Hold(RemoteCommand command, string readyLine, TimeSpan timeout, out CommandResult ended)
    {
        var (text, _) = Shown(command);
        if (session.Settings.DryRun)
        {
            log($"[dry-run] would hold on {Target}: {text}");
            ended = CommandResult.NotRun;
            return null;
        }

        log($"{Target}: {text}");
        var held = session.Connection.Hold(Wrapped(command), readyLine, timeout, out var result);
        ended = result ?? CommandResult.NotRun;
        return held;
    }

    private string Checked(RemoteCommand command, CommandResult result) =>
        result.Succeeded ? result.StandardOutput : throw Failure(command, result);

    private CommandResult Change(RemoteCommand command)
    {
        if (!session.Settings.DryRun)
        {
            return Execute(command);
        }

        var (text, input) = Shown(command);
        log($"[dry-run] would run on {Target}: {text}{input}");
        return CommandResult.NotRun;
    }

    private CommandResult Execute(RemoteCommand command)
    {
        var (text, input) = Shown(command);
        log($"{Target}: {text}{input}");
        var timeout = session.Settings.CommandTimeout;
        try
        {
            return session.Connection.Execute(Wrapped(command), command.Input, timeout, OutputLines(command));
        }
        catch (TimeoutException ex)
        {
            var seconds = timeout.TotalSeconds.ToString("0.#", CultureInfo.InvariantCulture);
            throw new RemoteCommandException(
                $"Command timed out after {seconds} s on {Target} and was stopped: {Unwrapped(command)}; " +
                $"raise {RemoteSettings.CommandTimeout.Option} if it needs longer.", innerException: ex);
        }
        catch (SshConnectionException ex)
        {
            throw new RemoteCommandException(
                $"Lost the SSH connection to {Target} while running: {Unwrapped(command)} ({redactor.Redact(ex.Message)}).", innerException: ex);
        }
    }

    private string Wrapped(RemoteCommand command)
    {
        if (redactor.ContainsSecret(command.Text))
        {
            // Command lines are visible to every user of the server (ps, /proc): secrets go on stdin.
            throw new InvalidOperationException(
                $"Refusing to put a secret value in a remote command line, pass it on stdin: {redactor.Redact(command.Text)}");
        }

        return command.Privileged && !Target.IsRoot ? Sudo.Wrap(command.Text) : command.Text;
    }

    /// <summary>The command as the log shows it: redacted, with the sudo wrapping, and the size of its stdin but never the bytes.</summary>
    private (string Text, string Input) Shown(RemoteCommand command) =>
        (redactor.Redact(Wrapped(command)),
         command.Input is null ? string.Empty : $" (stdin: {command.Input.Length.ToString(CultureInfo.InvariantCulture)} bytes)");

    /// <summary>Redacts each line before the caller sees it: a line is whole, so a secret in it is whole too.</summary>
    private Action<string>? OutputLines(RemoteCommand command) =>
        command.OnOutputLine is { } onLine ? line => onLine(redactor.Redact(line)) : null;

    private RemoteCommandException Failure(RemoteCommand command, CommandResult result)
    {
        if (command.Privileged && !Target.IsRoot && Sudo.AsksForPassword(result.StandardError))
        {
            return new RemoteCommandException(
                $"sudo on {Target.Host} asks user '{Target.User}' for a password: allow '{Target.User}' passwordless sudo (NOPASSWD) " +
                $"or connect as root; command: {Unwrapped(command)}", result.ExitCode);
        }

        var how = result.ExitCode is { } status
            ? $"with exit status {status.ToString(CultureInfo.InvariantCulture)}"
            : $"killed by signal {result.ExitSignal ?? "unknown"}";
        var stderr = StderrTail(result.StandardError);
        return new RemoteCommandException(
            $"Command failed on {Target} {how}: {Unwrapped(command)}{(stderr.Length > 0 ? $"; stderr: {stderr}" : string.Empty)}",
            result.ExitCode);
    }

    /// <summary>The last few stderr lines, joined on one line: where tools put the reason they failed.</summary>
    private string StderrTail(string stderr)
    {
        var lines = stderr.Split(['\r', '\n'], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        var tail = redactor.Redact(string.Join(" | ", lines.TakeLast(StderrTailLines)));
        return tail.Length <= StderrTailChars ? tail : "..." + tail[^StderrTailChars..];
    }

    private string Unwrapped(RemoteCommand command) => redactor.Redact(command.Text);
}
