using System.Globalization;
using PrivateCloud.Tasks.Plumbing.Remote;

namespace PrivateCloud.Tasks.Plumbing.Disk;

/// <summary>
/// Checks how full the host's disks are. Read-only: it changes nothing, so running it twice, or in a
/// dry run, gives the same answer.
/// </summary>
public sealed class DiskUsageCheck(RemoteShell shell)
{
    /// <summary>LC_ALL=C keeps the header and number format the same on every host language.</summary>
    public const string Command = "LC_ALL=C df -P -k";

    /// <summary>
    /// Judges every block-device filesystem plus <paramref name="dataMounts"/> (which may be network or
    /// fuse mounts); a data mount point missing from df is reported, not skipped.
    /// </summary>
    public DiskReport Check(DiskThresholds thresholds, IEnumerable<string> dataMounts)
    {
        var wanted = dataMounts.Select(m => m.Length > 1 ? m.TrimEnd('/') : m).ToHashSet(StringComparer.Ordinal);
        var result = shell.Probe(Command);

        // df exits 1 when one filesystem cannot be read (stale NFS, denied fuse mount) but still lists the rest.
        var filesystems = DfOutput.Parse(result.StandardOutput);
        if (!result.Succeeded && filesystems.Count == 0)
        {
            throw new RemoteCommandException(
                $"{Command} failed on {shell.Target} with exit status {result.ExitCode?.ToString(CultureInfo.InvariantCulture) ?? "unknown"}: {result.StandardError.Trim()}", result.ExitCode);
        }

        var findings = filesystems
            .Where(fs => fs.IsDevice || wanted.Contains(fs.MountPoint))
            .Select(fs => new DiskFinding(fs, thresholds.Classify(fs.UsePercent)))
            .ToList();
        var mounted = filesystems.Select(fs => fs.MountPoint).ToHashSet(StringComparer.Ordinal);
        var missing = wanted.Where(m => !mounted.Contains(m)).Order(StringComparer.Ordinal).ToList();
        var unreadable = result.Succeeded
            ? []
            : result.StandardError.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).ToList();
        return new DiskReport(findings, missing, unreadable);
    }
}
