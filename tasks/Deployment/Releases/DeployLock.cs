using System.Globalization;
using PrivateCloud.Tasks.Processes;
using PrivateCloud.Tasks.Remote;

namespace PrivateCloud.Tasks.Deployment.Releases;

/// <summary>
/// One changing run at a time per host and remote directory. The lock is <c>flock</c> on a file in
/// the remote directory, held by a remote process that lives as long as this run's SSH session:
/// when the run ends, or its connection drops, the process ends and the kernel releases the lock,
/// so a lock is never stale and never needs cleaning by hand. The same process appends the run's
/// line to the <see cref="AuditLog"/> as it lets go, so holding and recording cost one command.
/// A run may also have it read the host once the lock is held, saving that read a command of its own.
/// </summary>
public sealed class DeployLock(RemoteShell shell, string remoteDirectory)
{
    public const string FileName = ".deploy.lock";
    // A line no read run under the lock prints (a release id, JSON, a file name): it says the lock is held.
    private const string Locked = "--- private-cloud deploy lock held ---";
    private const int HeldElsewhere = 3;
    private const int ReadFailed = 4;

    /// <summary>Takes the lock, waiting up to <paramref name="wait"/>; fails naming the holder. Dry-run takes nothing.</summary>
    /// <param name="holder">Who takes it, shown to a run that finds it taken: user@machine, task, since when.</param>
    /// <param name="readOnceHeld">
    /// A read-only script run once the lock is held, its output in <see cref="HeldDeployLock.ReadOnceHeld"/>;
    /// it fails the acquisition when it fails.
    /// </param>
    public HeldDeployLock? Acquire(string holder, TimeSpan wait, string? readOnceHeld = null)
    {
        var directory = ShellQuote.Quote(remoteDirectory.TrimEnd('/'));
        var seconds = ((int)Math.Ceiling(wait.TotalSeconds)).ToString(CultureInfo.InvariantCulture);
        var script =
            $"set -e; dir={directory}; mkdir -p -- \"$dir\"; exec 9>>\"$dir/{FileName}\"; " +
            $"if ! flock -w {seconds} 9; then cat -- \"$dir/{FileName}.holder\" 2>/dev/null || echo unknown; exit {HeldElsewhere}; fi; " +
            $"printf '%s\\n' {ShellQuote.Quote(holder)} > \"$dir/{FileName}.holder\"; " +
            // Held in a variable, so output without a last newline cannot run into the ready line.
            (readOnceHeld is null ? string.Empty : $"output=$( ({readOnceHeld}\n) </dev/null ) || exit {ReadFailed}; [ -z \"$output\" ] || printf '%s\\n' \"$output\"; ") +
            $"echo '{Locked}'; " +
            $"if IFS= read -r line && [ -n \"$line\" ]; then printf '%s\\n' \"$line\" >> \"$dir/{AuditLog.FileName}\"; fi";
        var held = shell.Hold(new RemoteCommand(script) { Privileged = true }, Locked, wait + TimeSpan.FromSeconds(30), out var ended);
        if (held is not null)
        {
            return new HeldDeployLock(held, $"{shell.Target}:{remoteDirectory.TrimEnd('/')}/{AuditLog.FileName}") { ReadOnceHeld = held.OutputBeforeReady };
        }

        if (ReferenceEquals(ended, CommandResult.NotRun))
        {
            return null;
        }

        throw ended.ExitCode switch
        {
            HeldElsewhere => new RemoteCommandException(
                $"Another run holds the deploy lock for {remoteDirectory} on {shell.Target}: {ended.StandardOutput.Trim()}; waited {seconds} s " +
                "(--lock-timeout). Run again once it is done; a run whose connection dropped has already let go.", HeldElsewhere),
            ReadFailed => new RemoteCommandException(
                $"Reading the deploy state in {remoteDirectory} on {shell.Target} failed: {ended.StandardError.Trim()}", ReadFailed),
            _ => new RemoteCommandException(
                $"Could not take the deploy lock for {remoteDirectory} on {shell.Target}: {ended.StandardError.Trim()}", ended.ExitCode ?? -1),
        };
    }
}
