using Cake.Core.Diagnostics;
using PrivateCloud.Frosting;
using PrivateCloud.Tasks.Backup.Duplicity;
using PrivateCloud.Tasks.Plumbing.Remote;
using PrivateCloud.Tasks.Stacks;
using PrivateCloud.Tasks.Plumbing.Settings;
using PrivateCloud.Tasks.Plumbing.Logging;

namespace PrivateCloud.Tasks.Backup;

[TaskName(nameof(RestoreData))]
[TaskCategory(TaskCategories.Backup)]
[TaskDescription("Restores the newest backup's includes onto the host (stopping the stack first), checks them against the backup's listing and loads the database dumps into their services; refuses a non-empty directory unless --force, and a second run changes nothing.")]
[ReadsSettings(typeof(StackSettings), nameof(StackSettings.Location))]
[ReadsSettings(typeof(ForceFlag), nameof(ForceFlag.Setting))]
[ChangesHost]
public sealed class RestoreData : FrostingTask<BuildContext>
{
    public override void Run(BuildContext context)
    {
        var request = DataRestoreRequest.For(context.Settings, nameof(RestoreData));
        var result = context.Services.Duplicity.DataRestorer.Restore(request, context.Stack, line => context.Log.Information(line));
        context.Log.Information(
            !result.Changed ? "RestoreData: the backup of {0} is already in place ({1}); nothing to do."
            : DryRunWording.Pick(context.DryRun, "Dry run: would restore the backup of {0} into {1}.", "Restored the backup of {0} into {1}."),
            BackupStatusCheck.Format(result.Backup), string.Join(", ", request.Options.Includes));
    }
}
