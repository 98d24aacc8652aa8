using PrivateCloud.Tasks.Plumbing.Reporting;
using PrivateCloud.Tasks.Plumbing.Packages;
using PrivateCloud.Tasks.Plumbing.Remote;

namespace PrivateCloud.Tasks.Backup.Duplicity;

/// <summary>
/// Puts the nightly backup on the host: duplicity (and the S3 library its s3:// backend needs) from
/// the host's packages when missing, the credentials file, then the cron file. Each file is written
/// only when its content or mode differs, so a second run changes nothing.
/// </summary>
public sealed class BackupInstaller(RemoteShell shell, PackageInstaller packages)
{
    /// <summary>Returns what changed (empty: nothing); in a dry run, what would change.</summary>
    public IReadOnlyList<HostChange> Install(CronJob job)
    {
        var changes = new List<HostChange>();
        changes.AddRange(packages.InstallMissing(Packages(job.Options.Target)));

        var files = new RemoteFiles(shell);
        // The credentials first: a cron line that runs before its file exists would fail that night.
        if (files.Write(job.CredentialsFile, job.CredentialsText, "600", "root:root"))
        {
            changes.Add(new HostChange("write", "wrote", $"{job.CredentialsFile} (mode 0600, root only)"));
        }

        if (job.Dumps is { } dumps && files.Write(job.DumpScriptFile, dumps.Text, "700", "root:root"))
        {
            changes.Add(new HostChange("write", "wrote", $"{job.DumpScriptFile}: dumps {string.Join(", ", dumps.Dumps.Select(dump => dump.Service))} into {dumps.Directory}"));
        }

        if (files.Write(job.CronFile, job.CronFileText, "644", "root:root"))
        {
            changes.Add(new HostChange("write", "wrote", $"{job.CronFile}: {job.Schedule} root duplicity incr {job.Options.SourceDirectory} {job.Options.Target}"));
        }

        return changes;
    }

    /// <summary>Debian's duplicity 0.8 serves s3:// through boto, which it only recommends.</summary>
    internal static IReadOnlyList<string> Packages(string target) =>
        target.StartsWith("s3://", StringComparison.Ordinal) || target.StartsWith("s3+http://", StringComparison.Ordinal)
            ? ["duplicity", "python3-boto"]
            : target.StartsWith("boto3+s3://", StringComparison.Ordinal) ? ["duplicity", "python3-boto3"]
            : ["duplicity"];
}
