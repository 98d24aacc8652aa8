using System.Globalization;
using PrivateCloud.Tasks.Plumbing.Processes;
using PrivateCloud.Tasks.Plumbing.Remote;

namespace PrivateCloud.Tasks.Stacks.Releases;

/// <summary>
/// One changing run at a time per host and remote directory. The lock is <c>flock</c> on a file in
/// the remote directory, held by a remote process that lives as long as this run's SSH session:
/// when the run ends, or its connection drops, the process ends and the kernel releases the lock.
/// A connection that goes silent without closing (a laptop asleep) would keep it for hours, so the
/// holder also ends after <see cref="LockHeartbeat.Silence"/> without a heartbeat from this run; each
/// beat touches the holder file, whose age a refused run is told. The same process appends the
/// run's line to the <see cref="AuditLog"/> as it lets go, so holding and recording cost one command.
/// A run may also have it read the host once the lock is held, saving that read a command of its own.
/// </summary>
public sealed class DeployLock(RemoteShell shell, string remoteDirectory, LockHeartbeat heartbeat)
{
    public const string FileName = ".deploy.lock";

    /// <summary>Who holds the lock (first line) and the process id that holds it (second line); touched at every heartbeat.</summary>
    public const string HolderFileName = FileName + ".holder";

    /// <summary>The line the holding run sends to say it is still there; never an audit line, which starts with a time.</summary>
    internal const string Beat = "beat";

    // A line no read run under the lock prints (a release id, JSON, a file name): it says the lock is held.
    private const string Locked = "--- private-cloud deploy lock held ---";
    private const int HeldElsewhere = 3;
    private const int ReadFailed = 4;

    public DeployLock(RemoteShell shell, string remoteDirectory)
        : this(shell, remoteDirectory, LockHeartbeat.Default)
    {
    }

    /// <summary>Takes the lock, waiting up to <paramref name="wait"/>; fails naming the holder and the age of its last heartbeat. Dry-run takes nothing.</summary>
    /// <param name="holder">Who takes it, shown to a run that finds it taken: user@machine, task, since when.</param>
    /// <param name="readOnceHeld">
    /// A read-only script run once the lock is held, its output in <see cref="HeldDeployLock.ReadOnceHeld"/>;
    /// it fails the acquisition when it fails.
    /// </param>
    /// <param name="breakingStale">
    /// Who takes it by breaking a stale holder (<c>--break-lock</c>): one whose last heartbeat is older than
    /// <see cref="LockHeartbeat.Silence"/> yet still holds the lock is ended first, and the audit log
    /// records who broke whose lock. Null leaves every holder alone.
    /// </param>
    /// <param name="interruptedRun">
    /// The run's user@machine and task, as its audit line names them: when its connection ends, or goes silent,
    /// before it sent that line, the holder records the run as <see cref="AuditLog.Interrupted"/> with the release
    /// <c>current</c> names then, so the log shows a run that never came back. Null records nothing for it.
    /// </param>
    public HeldDeployLock? Acquire(string holder, TimeSpan wait, string? readOnceHeld = null, string? breakingStale = null, (string Who, string Task)? interruptedRun = null)
    {
        var directory = ShellQuote.Quote(remoteDirectory.TrimEnd('/'));
        var seconds = ((int)Math.Ceiling(wait.TotalSeconds)).ToString(CultureInfo.InvariantCulture);
        var silence = Seconds(heartbeat.Silence);
        // Seconds since the holder file last changed: since the holder's last heartbeat, or since it took the lock.
        const string heartbeatAge = "$(( $(date +%s) - $(stat -c %Y -- \"$h\") ))";
        var script =
            $"set -e; dir={directory}; h=\"$dir/{HolderFileName}\"; mkdir -p -- \"$dir\"; exec 9>>\"$dir/{FileName}\"; " +
            (breakingStale is null ? string.Empty : BreakStale(breakingStale, silence, heartbeatAge)) +
            $"if ! flock -w {seconds} 9; then head -n 1 -- \"$h\" 2>/dev/null || echo unknown; [ ! -e \"$h\" ] || echo {heartbeatAge}; exit {HeldElsewhere}; fi; " +
            $"printf '%s\\n%s\\n' {ShellQuote.Quote(holder)} \"$$\" > \"$h\"; " +
            // Held in a variable, so output without a last newline cannot run into the ready line.
            (readOnceHeld is null ? string.Empty : $"output=$( ({readOnceHeld}\n) </dev/null 9>&- ) || exit {ReadFailed}; [ -z \"$output\" ] || printf '%s\\n' \"$output\"; ") +
            $"echo '{Locked}'; " +
            // Each line is read under a timeout (dash's read has none); the reader never holds the lock's descriptor,
            // so a silent run's holder ends, and the lock with it, after the silence.
            $"while line=$(timeout {silence} sh -c 'IFS= read -r line && printf \"%s\\n\" \"$line\"' 9>&-); do " +
            $"if [ \"$line\" = {Beat} ]; then touch -- \"$h\"; continue; fi; " +
            $"[ -z \"$line\" ] || printf '%s\\n' \"$line\" >> \"$dir/{AuditLog.FileName}\"; exit 0; done" +
            (interruptedRun is { } run ? Interrupted(run.Who, run.Task) : string.Empty);
        var held = shell.Hold(new RemoteCommand(script) { Privileged = true }, Locked, wait + TimeSpan.FromSeconds(30), out var ended);
        if (held is not null)
        {
            return new HeldDeployLock(held, $"{shell.Target}:{remoteDirectory.TrimEnd('/')}/{AuditLog.FileName}", heartbeat.Interval) { ReadOnceHeld = held.OutputBeforeReady };
        }

        if (ReferenceEquals(ended, CommandResult.NotRun))
        {
            return null;
        }

        throw ended.ExitCode switch
        {
            HeldElsewhere => new RemoteCommandException(Refusal(ended.StandardOutput, seconds), HeldElsewhere),
            ReadFailed => new RemoteCommandException(
                $"Reading the deploy state in {remoteDirectory} on {shell.Target} failed: {ended.StandardError.Trim()}", ReadFailed),
            _ => new RemoteCommandException(
                $"Could not take the deploy lock for {remoteDirectory} on {shell.Target}: {ended.StandardError.Trim()}", ended.ExitCode ?? -1),
        };
    }

    /// <summary>
    /// Ends the holder when the lock is taken and its last heartbeat older than the silence, then takes
    /// the lock and records the break. The process id comes from the holder file and is ended only while
    /// it still holds the lock file open on descriptor 9, as the holder does: a reused id is left alone.
    /// </summary>
    private static string BreakStale(string breaker, string silence, string heartbeatAge) =>
        $"if ! flock -n 9 && [ -e \"$h\" ] && [ {heartbeatAge} -ge {silence} ] && pid=$(sed -n 2p -- \"$h\") && [ -n \"$pid\" ] " +
        $"&& [ \"$(readlink /proc/\"$pid\"/fd/9)\" = \"$(readlink -f -- \"$dir/{FileName}\")\" ]; then " +
        "broken=$(head -n 1 -- \"$h\" | sed 's/, /,/g; s/ /=/g'); kill -TERM \"$pid\" || true; " +
        $"if flock -w 10 9; then printf '%s%s\\n' {ShellQuote.Quote(AuditLog.BreakLinePrefix(DateTimeOffset.UtcNow, breaker))} \"$broken\" >> \"$dir/{AuditLog.FileName}\"; fi; fi; ";

    /// <summary>Runs once the holder's reading ended without the run's line: its input closed or went silent.</summary>
    private static string Interrupted(string who, string task) =>
        "; current=$(readlink -- \"$dir/current\") && release=${current##*/} || release=-; " +
        $"printf '%s %s release=%s commit=- outcome={AuditLog.Interrupted}\\n' \"$(date -u +{AuditLog.ShellTimeFormat})\" " +
        $"{ShellQuote.Quote($"{who} {task}")} \"$release\" >> \"$dir/{AuditLog.FileName}\"";

    private string Refusal(string output, string waited)
    {
        var lines = output.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        var age = lines.Length > 1 ? $"its last heartbeat was {lines[1].Trim()} s ago" : "it has written no heartbeat";
        return $"Another run holds the deploy lock for {remoteDirectory} on {shell.Target}: {lines.FirstOrDefault()?.Trim() ?? "unknown"}; waited {waited} s " +
            $"(--lock-timeout); {age}. Run again once it is done: a holder whose connection drops lets go at once, one silent for " +
            $"{Seconds(heartbeat.Silence)} s lets go by itself, and --break-lock=true ends one that still holds it after that.";
    }

    private static string Seconds(TimeSpan span) => ((int)Math.Ceiling(span.TotalSeconds)).ToString(CultureInfo.InvariantCulture);
}
