using Cake.Core.Diagnostics;
using PrivateCloud.Frosting;
using PrivateCloud.Tasks.Backup.Duplicity;
using PrivateCloud.Tasks.Plumbing.Remote;
using PrivateCloud.Tasks.Stacks;
using PrivateCloud.Tasks.Plumbing.Settings;
using PrivateCloud.Tasks.Plumbing.Logging;

namespace PrivateCloud.Tasks.Backup;

[TaskName(nameof(LoadDumps))]
[TaskCategory(TaskCategories.Backup)]
[TaskDescription("Loads the database dumps RestoreData restored before any release was deployed into their freshly started services; nothing when they are loaded already.")]
[ReadsSettings(typeof(StackSettings), nameof(StackSettings.Location))]
[ChangesHost]
public sealed class LoadDumps : FrostingTask<BuildContext>
{
    public override void Run(BuildContext context)
    {
        var result = context.Services.Duplicity.DataRestorer.LoadDumps(
            DataRestoreRequest.For(context.Settings, nameof(LoadDumps)), context.Stack, line => context.Log.Information(line));
        context.Log.Information(
            result.LoadedDumps.Count == 0 ? "LoadDumps: no dump of the backup of {0} left to load." : DryRunWording.Pick(context.DryRun, "Dry run: would load {1}.", "Loaded {1}."),
            BackupStatusCheck.Format(result.Backup), string.Join(", ", result.LoadedDumps));
    }
}
