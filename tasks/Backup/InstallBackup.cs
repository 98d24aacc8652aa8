using Cake.Core.Diagnostics;
using PrivateCloud.Frosting;
using PrivateCloud.Tasks.Backup.Dumps;
using PrivateCloud.Tasks.Backup.Duplicity;
using PrivateCloud.Tasks.Plumbing.Remote;
using PrivateCloud.Tasks.Plumbing.Settings;

namespace PrivateCloud.Tasks.Backup;

[TaskName(nameof(InstallBackup))]
[TaskCategory(TaskCategories.Backup)]
[TaskDescription("Installs the nightly duplicity backup on the host: /etc/cron.d/<--backup-name> and its root-only credentials file; duplicity from the host's packages when missing.")]
[ChangesHost]
public sealed class InstallBackup : FrostingTask<BuildContext>
{
    public override void Run(BuildContext context)
    {
        var settings = context.Settings.Backup;
        var job = new CronJob(settings.Name, settings.Schedule, settings.LogFile, settings.RequireDuplicity(nameof(InstallBackup)))
        {
            Dumps = DumpScript.ForStack(context.Settings),
        };
        if (settings.MissingS3Credentials() is { } warning)
        {
            context.Log.Warning(warning);
        }

        context.Log.Information("Backup of {0} (source {1}) to {2} at '{3}', logging to {4}; first the dumps of {5} into {6}.",
            string.Join(", ", job.Options.Includes), job.Options.SourceDirectory, job.Options.Target, job.Schedule, job.LogFile,
            string.Join(", ", job.Dumps.Dumps.Select(dump => dump.Service)), job.Dumps.Directory);
        context.Services.HostChanges.Report($"Backup job {job.CronFile}", context.Services.Duplicity.Installer.Install(job));
    }
}
