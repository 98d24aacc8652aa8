using Cake.Core.Diagnostics;
using PrivateCloud.Frosting;
using PrivateCloud.Tasks.Deployment.Stacks;

namespace PrivateCloud.Tasks.Deployment;

[TaskName(nameof(SwitchRelease))]
[TaskDescription("Points the host's current link at the release just uploaded and built, in one atomic rename.")]
public sealed class SwitchRelease : FrostingTask<BuildContext>
{
    public override void Run(BuildContext context)
    {
        if (context.Stack is not RemoteComposeStack remote || context.Upload is null or { Unchanged: true })
        {
            context.Log.Information("No new release to switch to.");
            return;
        }

        var previous = context.DryRun ? null : remote.Releases.CurrentId();
        remote.Releases.Activate(context.Upload.ReleaseId);
        context.Log.Information(
            "current {0} release {1} (was {2}).",
            context.DryRun ? "would point at" : "points at",
            context.Upload.ReleaseId,
            previous ?? "none");
    }
}
