using Cake.Core.Diagnostics;
using PrivateCloud.Frosting;

namespace PrivateCloud.Tasks.Host;

[TaskName(nameof(GiteaSshPassthrough))]
[TaskDescription("Sets up git@host over the host's sshd to reach Gitea's container: git user (--git-uid), key pair, authorized key, shim, the pinned key of Gitea's sshd (--gitea-host-key).")]
public sealed class GiteaSshPassthrough : FrostingTask<BuildContext>
{
    public override void Run(BuildContext context) =>
        HostChanges.Report(
            context,
            "Gitea SSH passthrough",
            new GiteaPassthroughSetup(
                context.Remote, warning => context.Log.Warning(warning), context.Settings.Host.GiteaHostKey, context.Settings.Host.GitUid).Ensure());
}
