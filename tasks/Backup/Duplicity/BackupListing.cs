using System.Globalization;
using System.Text;
using PrivateCloud.Tasks.Plumbing.Remote;

namespace PrivateCloud.Tasks.Backup.Duplicity;

/// <summary>What the newest backup holds under a path: <c>duplicity list-current-files</c>, with the live copies' sizes beside.</summary>
public sealed class BackupListing(DuplicityHost duplicity)
{
    /// <summary><paramref name="path"/>: absolute, or relative to the source directory; null lists everything.</summary>
    public IReadOnlyList<BackedUpFile> List(DuplicityOptions options, string? path)
    {
        var result = duplicity.Read(options, DuplicityCommand.ListCurrentFiles(options));
        if (!result.Succeeded)
        {
            throw new RemoteCommandException(
                $"duplicity list-current-files failed on {duplicity.Shell.Target}{BackupStatusCheck.Exit(result)}: {BackupStatusCheck.Reason(result)}", result.ExitCode);
        }

        var prefix = path is null ? string.Empty : options.RelativePath(path);
        var entries = CurrentFilesParser.Parse(result.StandardOutput)
            .Where(entry => prefix.Length == 0 || entry.Path == prefix || entry.Path.StartsWith(prefix + "/", StringComparison.Ordinal))
            .ToList();
        var sizes = LiveSizes(options.SourceDirectory, entries.Select(entry => entry.Path));
        return [.. entries.Select(entry => new BackedUpFile(entry.Path, entry.Time, sizes.TryGetValue(entry.Path, out var size) ? size : null))];
    }

    /// <summary>Regular files' sizes, read in one round trip; the paths go on stdin, NUL-separated, so no name can break the command.</summary>
    private Dictionary<string, long> LiveSizes(string sourceDirectory, IEnumerable<string> paths)
    {
        var input = Encoding.UTF8.GetBytes(string.Concat(paths.Select(path => path + "\0")));
        var output = duplicity.Shell.Probe(new RemoteCommand(
            $"cd {ShellQuote.Quote(sourceDirectory)} && xargs -0 -r stat -c '%F|%s|%n' -- 2>/dev/null")
        { Input = input, Privileged = true }).StandardOutput;
        var sizes = new Dictionary<string, long>(StringComparer.Ordinal);
        foreach (var line in output.Split('\n', StringSplitOptions.RemoveEmptyEntries))
        {
            var parts = line.Split('|', 3);
            if (parts.Length == 3 && parts[0] is "regular file" or "regular empty file"
                && long.TryParse(parts[1], NumberStyles.None, CultureInfo.InvariantCulture, out var size))
            {
                sizes[parts[2]] = size;
            }
        }

        return sizes;
    }
}
