using Cake.Core.Diagnostics;
using PrivateCloud.Frosting;
using PrivateCloud.Tasks.Accounts;
using PrivateCloud.Tasks.Backup;
using PrivateCloud.Tasks.Checks;
using PrivateCloud.Tasks.Host;
using PrivateCloud.Tasks.Plumbing.Remote;

namespace PrivateCloud.Tasks.Targets;

/// <summary>
/// The restored secrets are not a step here: the .env they hold is read once, before the first task
/// runs, so RestoreArchive runs on its own first (README, "When the server is gone").
/// </summary>
[TaskName(nameof(Recover))]
[TaskCategory(TaskCategories.Backup)]
[TaskDescription("Turns a fresh host into the running cloud from the newest backup, under the deploy lock: MountDataVolumes, PrepareHost, RestoreData, Deploy, LoadDumps, InitUsers, Doctor; each step does only what is left, so a rerun carries on where a failed one stopped.")]
[IsDependentOn(typeof(MountDataVolumes))]
[IsDependentOn(typeof(PrepareHost))]
[IsDependentOn(typeof(RestoreData))]
[IsDependentOn(typeof(Deploy))]
[IsDependentOn(typeof(LoadDumps))]
[IsDependentOn(typeof(InitUsers))]
[IsDependentOn(typeof(Doctor))]
[ChangesHost]
public sealed class Recover : FrostingTask<BuildContext>
{
    public override void Run(BuildContext context) =>
        context.Log.Information(
            "Recover done on {0}. Keep off the server: the .env, ArchiveSecrets' archive and its passphrase.", context.Remote.Target);
}
