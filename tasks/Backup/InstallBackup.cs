using Cake.Core.Diagnostics;
using PrivateCloud.Frosting;
using PrivateCloud.Tasks.Backup.Duplicity;

namespace PrivateCloud.Tasks.Backup;

[TaskName(nameof(InstallBackup))]
[TaskDescription("Installs the nightly duplicity backup on the host: /etc/cron.d/<--backup-name> and its root-only credentials file; duplicity from the host's packages when missing.")]
public sealed class InstallBackup : FrostingTask<BuildContext>
{
    public override void Run(BuildContext context)
    {
        var settings = context.Settings.Backup;
        var job = new CronJob(settings.Name, settings.Schedule, settings.LogFile, settings.RequireDuplicity(nameof(InstallBackup)));
        var changes = context.Duplicity.Installer.Install(job);
        foreach (var change in changes)
        {
            context.Log.Information(change);
        }

        context.Log.Information(changes.Count == 0
            ? $"The backup job {job.CronFile} is installed as asked: nothing to change."
            : $"Backup of {string.Join(", ", job.Options.Includes)} to {job.Options.Target} at '{job.Schedule}', logging to {job.LogFile}.");
    }
}
