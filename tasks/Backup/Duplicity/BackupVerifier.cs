using System.Globalization;
using PrivateCloud.Tasks.Plumbing.Processes;

namespace PrivateCloud.Tasks.Backup.Duplicity;

/// <summary>
/// Runs <c>duplicity verify --compare-data</c> on the host and judges it from the exit status and
/// the summary together: either alone has lied before (a crash after a clean summary, a summary
/// missing from a run that exited 0).
/// </summary>
public sealed class BackupVerifier(DuplicityHost duplicity)
{
    /// <summary>Duplicity's exit status when a volume's hash does not match its manifest.</summary>
    public const int HashMismatchExit = 21;

    public VerifyResult Verify(DuplicityOptions options, int maxDifferences)
    {
        var result = duplicity.Read(options, DuplicityCommand.Verify(options));
        return Judge(result, options.Target, maxDifferences);
    }

    public static VerifyResult Judge(CommandResult result, string target, int maxDifferences)
    {
        var output = result.StandardOutput + "\n" + result.StandardError;
        var summary = VerifyOutputParser.Parse(output);
        var shown = summary.Differences.Take(maxDifferences).ToList();
        var files = summary.FilesCompared ?? 0;
        if (result.ExitCode == HashMismatchExit || summary.HashMismatch)
        {
            var volume = output.Split('\n').Select(line => line.Trim()).FirstOrDefault(line => line.StartsWith("duplicity-", StringComparison.Ordinal));
            return new VerifyResult(false,
                $"the backup at {target} is corrupted: a volume does not match its manifest's hash{(volume is null ? string.Empty : $" ({volume})")}" +
                $"{BackupStatusCheck.Exit(result)}", shown, files, true);
        }

        if (summary.DifferencesFound is not { } found)
        {
            return new VerifyResult(false,
                $"duplicity verify printed no summary{BackupStatusCheck.Exit(result)}, so nothing says the backup matches: {BackupStatusCheck.Reason(result)}",
                shown, files, false);
        }

        if (found > 0)
        {
            var more = found > shown.Count ? $" (first {shown.Count.ToString(CultureInfo.InvariantCulture)} listed)" : string.Empty;
            return new VerifyResult(false,
                $"{found.ToString(CultureInfo.InvariantCulture)} difference{(found == 1 ? string.Empty : "s")} between the backup and the live files, " +
                $"{files.ToString(CultureInfo.InvariantCulture)} files compared{more}", shown, files, false);
        }

        if (!result.Succeeded || summary.Differences.Count > 0)
        {
            return new VerifyResult(false,
                $"duplicity verify reported 0 differences but{(result.Succeeded ? $" named {summary.Differences.Count}" : $" failed{BackupStatusCheck.Exit(result)}")}: {BackupStatusCheck.Reason(result)}",
                shown, files, false);
        }

        if (files == 0)
        {
            return new VerifyResult(false, "duplicity verify compared 0 files: the includes match nothing in the backup", shown, files, false);
        }

        return new VerifyResult(true, $"{files.ToString(CultureInfo.InvariantCulture)} files compared, 0 differences", [], files, false);
    }
}
