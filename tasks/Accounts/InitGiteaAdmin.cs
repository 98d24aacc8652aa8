using PrivateCloud.Frosting;
using PrivateCloud.Tasks.Plumbing.Remote;
using PrivateCloud.Tasks.Plumbing.Settings;
using PrivateCloud.Tasks.Accounts.Applications;

namespace PrivateCloud.Tasks.Accounts;

[TaskName(nameof(InitGiteaAdmin))]
[TaskCategory(TaskCategories.Accounts)]
[TaskDescription("Creates Gitea's admin (GITEA_ADMIN_USER, GITEA_ADMIN_PASSWORD, EMAIL); skipped when it exists; refuses the name 'admin'.")]
[ChangesHost]
public sealed class InitGiteaAdmin : FrostingTask<BuildContext>
{
    public override string? SkipReason(BuildContext context) => context.Bootstrap?.SkipReason(nameof(InitGiteaAdmin));

    public override void Run(BuildContext context) => context.Services.Setups.Run(ApplicationSetups.GiteaAdmin(RequiredVariables.Of(context.Settings, nameof(InitGiteaAdmin))));
}
