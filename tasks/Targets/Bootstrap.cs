using Cake.Core.Diagnostics;
using PrivateCloud.Frosting;
using PrivateCloud.Tasks.Checks;
using PrivateCloud.Tasks.Host;
using PrivateCloud.Tasks.Plumbing.Remote;
using PrivateCloud.Tasks.Accounts;

namespace PrivateCloud.Tasks.Targets;

[TaskName(nameof(Bootstrap))]
[TaskCategory(TaskCategories.Host)]
[TaskDescription("The first install in one run, under the deploy lock: Preflight, MountDataVolumes, PrepareHost, Deploy, RouteMailTraffic, SetUpGiteaSsh, InitUsers, CheckEndpoints; a step with nothing to do says why and is skipped, and a second run changes nothing.")]
[IsDependentOn(typeof(Preflight))]
[IsDependentOn(typeof(MountDataVolumes))]
[IsDependentOn(typeof(PrepareHost))]
[IsDependentOn(typeof(Deploy))]
[IsDependentOn(typeof(RouteMailTraffic))]
[IsDependentOn(typeof(SetUpGiteaSsh))]
[IsDependentOn(typeof(InitUsers))]
[IsDependentOn(typeof(CheckEndpoints))]
[ChangesHost]
public sealed class Bootstrap : FrostingTask<BuildContext>
{
    public override void Run(BuildContext context) =>
        context.Log.Information(
            "Bootstrap done on {0}. Keep off the server: the .env, ArchiveSecrets' archive and the backup passphrase.", context.Remote.Target);
}
