using System.Globalization;
using LibGit2Sharp;
using PrivateCloud.Tasks.Plumbing.Remote;

namespace PrivateCloud.Tasks.Stacks.Releases;

/// <summary>
/// <c>&lt;remote-dir&gt;/audit.log</c>: one line per changing run (UTC time, user@machine, task,
/// release, the stack's commit with <c>-dirty</c> for uncommitted changes, outcome), appended on
/// the host by the deploy lock's own process as it lets go (<see cref="HeldDeployLock.Release"/>).
/// </summary>
public sealed class AuditLog(RemoteShell shell, string remoteDirectory)
{
    public const string FileName = "audit.log";

    /// <summary>How a line's first field, the UTC time, is written.</summary>
    public const string TimeFormat = "yyyy-MM-dd'T'HH:mm:ss'Z'";

    /// <summary><see cref="TimeFormat"/> as <c>date</c> spells it, for the lines the lock's holder writes on the host.</summary>
    public const string ShellTimeFormat = "%Y-%m-%dT%H:%M:%SZ";

    /// <summary>The outcome of a run whose connection ended, or went silent, before it sent its line (see <see cref="DeployLock.Acquire"/>).</summary>
    public const string Interrupted = "interrupted";

    private string Path => $"{remoteDirectory.TrimEnd('/')}/{FileName}";

    public static string Line(DateTimeOffset now, string who, string task, string? releaseId, string? commit, bool succeeded) =>
        string.Join(' ',
            now.UtcDateTime.ToString(TimeFormat, CultureInfo.InvariantCulture),
            who,
            task,
            $"release={releaseId ?? "-"}",
            $"commit={commit ?? "-"}",
            $"outcome={(succeeded ? "succeeded" : "failed")}");

    /// <summary>
    /// The start of the line a run that broke a stale lock writes: the holder it ended follows
    /// <c>outcome=broke-lock-of:</c>, its spaces taken out so the line keeps its six fields.
    /// </summary>
    public static string BreakLinePrefix(DateTimeOffset now, string who) =>
        $"{now.UtcDateTime.ToString(TimeFormat, CultureInfo.InvariantCulture)} {who} BreakLock release=- commit=- outcome=broke-lock-of:";

    /// <summary>HEAD of the repository holding the stack, with <c>-dirty</c> when files differ from it; null outside git.</summary>
    public static string? Commit(string stackDirectory)
    {
        var gitDirectory = Repository.Discover(stackDirectory);
        if (gitDirectory is null)
        {
            return null;
        }

        using var repository = new Repository(gitDirectory);
        var head = repository.Head.Tip?.Sha;
        return head is null ? null : repository.RetrieveStatus(new StatusOptions { IncludeUntracked = false }).IsDirty ? head + "-dirty" : head;
    }

    /// <summary>The last <paramref name="count"/> lines, oldest first; empty before the first changing run.</summary>
    public IReadOnlyList<string> Last(int count) =>
        shell.Probe(ReleaseCommands.AuditTail(Path, count)) is { Succeeded: true } result
            ? result.StandardOutput.Split('\n', StringSplitOptions.RemoveEmptyEntries)
            : [];
}
