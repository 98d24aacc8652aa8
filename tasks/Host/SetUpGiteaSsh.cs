using Cake.Core.Diagnostics;
using PrivateCloud.Frosting;
using PrivateCloud.Tasks.Plumbing.Remote;

namespace PrivateCloud.Tasks.Host;

[TaskName(nameof(SetUpGiteaSsh))]
[TaskCategory(TaskCategories.Host)]
[TaskAlias("GiteaSshPassthrough")]
[TaskDescription("Sets up git@host over the host's sshd to reach Gitea's container: git user (--git-uid), key pair, authorized key, shim, the pinned key of Gitea's sshd (--gitea-host-key).")]
[ChangesHost]
public sealed class SetUpGiteaSsh : FrostingTask<BuildContext>
{
    public override string? SkipReason(BuildContext context) => context.Bootstrap?.SkipReason(nameof(SetUpGiteaSsh));

    public override void Run(BuildContext context) =>
        context.Services.HostChanges.Report("Gitea SSH passthrough", context.Services.GiteaSshSetup.Ensure());
}
