using Cake.Core.Diagnostics;
using PrivateCloud.Frosting;
using PrivateCloud.Tasks.Backup.Dumps;
using PrivateCloud.Tasks.Backup.Duplicity;
using PrivateCloud.Tasks.Plumbing.Remote;
using PrivateCloud.Tasks.Plumbing.Settings;

namespace PrivateCloud.Tasks.Backup;

[TaskName(nameof(RestoreData))]
[TaskCategory(TaskCategories.Backup)]
[TaskDescription("Restores the newest backup's includes onto the host (stopping the stack first), checks them against the backup's listing and loads the database dumps into their services; refuses a non-empty directory unless --force, and a second run changes nothing.")]
[ChangesHost]
public sealed class RestoreData : FrostingTask<BuildContext>
{
    /// <summary>The file under --remote-dir recording the backup restored, which makes a second run a no-op.</summary>
    public const string MarkerName = "restored-backup";

    public override void Run(BuildContext context)
    {
        var request = Request(context, nameof(RestoreData));
        var result = context.Services.Duplicity.DataRestorer.Restore(request, context.Stack, line => context.Log.Information(line));
        context.Log.Information(
            !result.Changed ? "RestoreData: the backup of {0} is already in place ({1}); nothing to do."
            : context.DryRun ? "Dry run: would restore the backup of {0} into {1}."
            : "Restored the backup of {0} into {1}.",
            BackupStatusCheck.Format(result.Backup), string.Join(", ", request.Options.Includes));
    }

    /// <summary>What RestoreData and LoadDumps work on: the backup, the marker under --remote-dir and the nightly job's dump directory.</summary>
    internal static DataRestoreRequest Request(BuildContext context, string task)
    {
        var settings = context.Settings.Backup;
        return new DataRestoreRequest(
            settings.RequireDuplicity(task),
            $"{context.Settings.Deploy.RemoteDirectory}/{MarkerName}",
            DumpScript.For(DataDirectory.PathsOrDefaults(context.Settings.Variables)[0], context.Settings.Compose.ProjectName, DatabaseDump.Stack).Directory,
            DatabaseDump.Stack,
            settings.Archive.Force);
    }
}
