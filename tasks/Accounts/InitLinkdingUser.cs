using PrivateCloud.Frosting;
using PrivateCloud.Tasks.Plumbing.Remote;
using PrivateCloud.Tasks.Plumbing.Settings;
using PrivateCloud.Tasks.Accounts.Applications;

namespace PrivateCloud.Tasks.Accounts;

[TaskName(nameof(InitLinkdingUser))]
[TaskCategory(TaskCategories.Accounts)]
[TaskDescription("Creates linkding's user (LINKDING_USER, LINKDING_PASSWORD, EMAIL); skipped when it exists.")]
[ChangesHost]
public sealed class InitLinkdingUser : FrostingTask<BuildContext>
{
    public override string? SkipReason(BuildContext context) => context.Bootstrap?.SkipReason(nameof(InitLinkdingUser));

    public override void Run(BuildContext context) => context.Services.Setups.Run(ApplicationSetups.LinkdingUser(RequiredVariables.Of(context.Settings, nameof(InitLinkdingUser))));
}
