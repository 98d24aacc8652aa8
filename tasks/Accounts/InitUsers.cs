using PrivateCloud.Frosting;
using PrivateCloud.Tasks.Plumbing.Remote;

namespace PrivateCloud.Tasks.Accounts;

[TaskName(nameof(InitUsers))]
[TaskCategory(TaskCategories.Accounts)]
[TaskDescription("Runs InitDavisTables, InitCozyInstance, InitPassboltAdmin, InitGiteaAdmin and InitLinkdingUser: each makes only what is missing.")]
[IsDependentOn(typeof(InitDavisTables))]
[IsDependentOn(typeof(InitCozyInstance))]
[IsDependentOn(typeof(InitPassboltAdmin))]
[IsDependentOn(typeof(InitGiteaAdmin))]
[IsDependentOn(typeof(InitLinkdingUser))]
[ChangesHost]
public sealed class InitUsers : FrostingTask<BuildContext>
{
}
