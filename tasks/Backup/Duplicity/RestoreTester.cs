using System.Globalization;
using PrivateCloud.Tasks.Plumbing.Processes;
using PrivateCloud.Tasks.Plumbing.Remote;

namespace PrivateCloud.Tasks.Backup.Duplicity;

/// <summary>
/// Restores one path of the newest backup into a temporary directory on the host, compares each
/// file's SHA-256 with the live copy, and removes the directory whatever happened (a shell trap).
/// </summary>
public sealed class RestoreTester(DuplicityHost duplicity)
{
    private const string RestoredMarker = "== restored";
    private const string LiveMarker = "== live";
    private const string TemporaryMarker = "== temporary ";

    public RestoreTestResult Test(DuplicityOptions options, string path)
    {
        var relative = options.RelativePath(path);
        if (relative.Length == 0)
        {
            throw new ArgumentException($"{path} is the whole backup: give a file or directory inside it.", nameof(path));
        }

        var live = options.SourceDirectory + relative;
        // sums prints "<sha256>  ./<path>" for each file under a directory, or "<sha256>  ." for a single file.
        var before =
            "tmp=$(mktemp -d /tmp/restore-test.XXXXXX) || exit 1; trap 'rm -rf -- \"$tmp\"' EXIT; " +
            $"echo \"{TemporaryMarker}$tmp\"; " +
            "sums() { if [ -d \"$1\" ]; then (cd \"$1\" && find . -type f -print0 | sort -z | xargs -0 -r sha256sum); " +
            "elif [ -e \"$1\" ]; then sha256sum < \"$1\" | sed 's/ -$/ ./'; fi; }; ";
        var command = DuplicityCommand.Restore(options, relative, "\"$tmp/restored\"") + " >&2 || exit $?; " +
            $"echo '{RestoredMarker}'; sums \"$tmp/restored\"; echo '{LiveMarker}'; sums {ShellQuote.Quote(live)}";
        // It writes a temporary directory on the host, so a dry run only shows it.
        var result = duplicity.Change(options, command, before);
        if (ReferenceEquals(result, CommandResult.NotRun))
        {
            return new RestoreTestResult(true, $"dry run: would restore {relative} into a temporary directory and compare it with {live}", 0, [], null);
        }

        var temporary = result.StandardOutput.Split('\n').FirstOrDefault(line => line.StartsWith(TemporaryMarker, StringComparison.Ordinal))?[TemporaryMarker.Length..];
        if (!result.Succeeded || !result.StandardOutput.Contains(LiveMarker, StringComparison.Ordinal))
        {
            return new RestoreTestResult(false,
                $"duplicity could not restore {relative} from {options.Target}{BackupStatusCheck.Exit(result)}: {BackupStatusCheck.Reason(result)}", 0, [], temporary);
        }

        return Compare(result.StandardOutput, relative, live, temporary);
    }

    private static RestoreTestResult Compare(string output, string relative, string live, string? temporary)
    {
        var restoredStart = output.IndexOf(RestoredMarker, StringComparison.Ordinal);
        var liveStart = output.IndexOf(LiveMarker, StringComparison.Ordinal);
        var restored = Sums(output[(restoredStart + RestoredMarker.Length)..liveStart], relative);
        var current = Sums(output[(liveStart + LiveMarker.Length)..], relative);
        if (restored.Count == 0)
        {
            return new RestoreTestResult(false, $"nothing restored for {relative}: the newest backup does not hold it", 0, [], temporary);
        }

        var mismatches = restored.Keys.Union(current.Keys).Order(StringComparer.Ordinal)
            .Select(file => !current.TryGetValue(file, out var liveSum) ? $"{file}: only in the backup (missing live)"
                : !restored.TryGetValue(file, out var restoredSum) ? $"{file}: only live (not in the backup)"
                : restoredSum != liveSum ? $"{file}: restored content differs from the live copy"
                : null)
            .OfType<string>()
            .ToList();
        var count = restored.Count.ToString(CultureInfo.InvariantCulture);
        return mismatches.Count == 0
            ? new RestoreTestResult(true, $"restored {relative}: {count} file(s), every checksum matches the live copy at {live}", restored.Count, [], temporary)
            : new RestoreTestResult(false, $"restored {relative}: {mismatches.Count} of the files differ from the live copy at {live}", restored.Count, mismatches, temporary);
    }

    /// <summary>sha256sum lines keyed by the path inside the backup.</summary>
    private static Dictionary<string, string> Sums(string section, string relative) =>
        section.Split('\n', StringSplitOptions.RemoveEmptyEntries)
            .Select(line => line.Split("  ", 2))
            .Where(parts => parts.Length == 2)
            .ToDictionary(
                parts => parts[1] == "." ? relative : relative + "/" + parts[1][2..],
                parts => parts[0],
                StringComparer.Ordinal);
}
