using Cake.Core.Diagnostics;
using PrivateCloud.Frosting;
using PrivateCloud.Tasks.Host.GiteaSsh;
using PrivateCloud.Tasks.Host.Reporting;

namespace PrivateCloud.Tasks.Host;

[TaskName(nameof(SetUpGiteaSsh))]
[TaskAlias("GiteaSshPassthrough")]
[TaskDescription("Sets up git@host over the host's sshd to reach Gitea's container: git user (--git-uid), key pair, authorized key, shim, the pinned key of Gitea's sshd (--gitea-host-key).")]
public sealed class SetUpGiteaSsh : FrostingTask<BuildContext>
{
    public override void Run(BuildContext context) =>
        HostChanges.Report(
            context,
            "Gitea SSH passthrough",
            new GiteaPassthroughSetup(
                context.Remote, warning => context.Log.Warning(warning), context.Settings.Host.GiteaHostKey, context.Settings.Host.GitUid).Ensure());
}
