using PrivateCloud.Frosting;
using PrivateCloud.Tasks.Plumbing.Remote;
using PrivateCloud.Tasks.Plumbing.Settings;
using PrivateCloud.Tasks.Accounts.Applications;

namespace PrivateCloud.Tasks.Accounts;

[TaskName(nameof(InitCozyInstance))]
[TaskCategory(TaskCategories.Accounts)]
[TaskDescription("Creates the Cozy instance of CLOUD_DOMAIN with --cozy-apps and --cozy-quota (EMAIL, CLOUD_MASTER_PASSWORD); skipped when it exists.")]
[ChangesHost]
public sealed class InitCozyInstance : FrostingTask<BuildContext>
{
    public override string? SkipReason(BuildContext context) => context.Bootstrap?.SkipReason(nameof(InitCozyInstance));

    public override void Run(BuildContext context) => context.Services.Setups.Run(ApplicationSetups.CozyInstance(
            RequiredVariables.Of(context.Settings, nameof(InitCozyInstance)), context.Settings.Users.CozyApps, context.Settings.Users.CozyQuota));
}
