using System.Globalization;
using PrivateCloud.Tasks.Plumbing.Processes;

namespace PrivateCloud.Tasks.Backup.Duplicity;

/// <summary>
/// Is the host's backup fresh? Reads <c>duplicity collection-status</c> and judges it: no complete
/// chain or a newest backup older than the limit fails; orphaned or incomplete sets warn. A plain
/// service: BackupStatus prints its result and Doctor sums it up with the other checks.
/// </summary>
public sealed class BackupStatusCheck(DuplicityHost duplicity)
{
    /// <summary><paramref name="options"/> null means no --backup-target: "not configured", never "ok".</summary>
    public BackupStatusResult Evaluate(DuplicityOptions? options, TimeSpan maxAge, DateTimeOffset now)
    {
        if (options is null)
        {
            return new BackupStatusResult(BackupState.NotConfigured, "no backup target: give --backup-target");
        }

        var result = duplicity.Read(options, DuplicityCommand.CollectionStatus(options));
        var collection = CollectionStatusParser.Parse(result.StandardOutput);
        if (!result.Succeeded || collection is null)
        {
            return new BackupStatusResult(BackupState.Fail, $"duplicity collection-status failed on {duplicity.Shell.Target}{Exit(result)}: {Reason(result)}");
        }

        return Judge(collection, options.Target, maxAge, now);
    }

    public static BackupStatusResult Judge(CollectionStatus collection, string target, TimeSpan maxAge, DateTimeOffset now)
    {
        if (collection.PrimaryChain is null)
        {
            return new BackupStatusResult(BackupState.Fail, $"no complete backup chain at {target}: no backup has been made there yet, or its signatures are gone", collection);
        }

        var newest = collection.Newest()!.Value;
        var age = now - newest;
        var summary = $"newest backup {Format(newest)} ({Describe(age)} ago), last full {Format(collection.LastFull)}, " +
            $"{collection.Chains.Count.ToString(CultureInfo.InvariantCulture)} chain{(collection.Chains.Count == 1 ? string.Empty : "s")}";
        if (age > maxAge)
        {
            return new BackupStatusResult(BackupState.Fail, $"backup too old: {summary}; the limit is {Describe(maxAge)} (--max-backup-age)", collection);
        }

        if (collection.OrphanedSets > 0 || collection.IncompleteSets > 0)
        {
            return new BackupStatusResult(
                BackupState.Warn,
                $"{summary}; {collection.OrphanedSets} orphaned and {collection.IncompleteSets} incomplete set(s): duplicity cleanup removes them",
                collection);
        }

        return new BackupStatusResult(BackupState.Ok, summary, collection);
    }

    internal static string Format(DateTimeOffset? time) =>
        time?.ToString("yyyy-MM-dd HH:mm:ss 'UTC'", CultureInfo.InvariantCulture) ?? "none";

    internal static string Describe(TimeSpan span) =>
        span.TotalDays >= 2 ? $"{Math.Floor(span.TotalDays).ToString(CultureInfo.InvariantCulture)}d"
        : span.TotalHours >= 2 ? $"{Math.Floor(span.TotalHours).ToString(CultureInfo.InvariantCulture)}h"
        : $"{Math.Max(0, Math.Floor(span.TotalMinutes)).ToString(CultureInfo.InvariantCulture)}m";

    internal static string Exit(CommandResult result) =>
        result.ExitCode is { } status ? $" (exit {status.ToString(CultureInfo.InvariantCulture)})" : $" (signal {result.ExitSignal})";

    /// <summary>The last line duplicity wrote to stderr, else to stdout: where it says why it stopped.</summary>
    internal static string Reason(CommandResult result) =>
        LastLine(result.StandardError) ?? LastLine(result.StandardOutput) ?? "no output";

    private static string? LastLine(string text) =>
        text.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).LastOrDefault();
}
