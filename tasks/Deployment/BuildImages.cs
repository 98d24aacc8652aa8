using Cake.Core.Diagnostics;
using PrivateCloud.Frosting;
using PrivateCloud.Tasks.Deployment.Stacks;

namespace PrivateCloud.Tasks.Deployment;

[TaskName(nameof(BuildImages))]
[TaskDescription("Builds the stack's images (--services, --pull, --no-cache); a failed build discards the new release and leaves the running one alone.")]
public sealed class BuildImages : FrostingTask<BuildContext>
{
    public override void Run(BuildContext context)
    {
        var deploy = context.Settings.Deploy;
        if (context.Upload is { Unchanged: true } && !deploy.PullImages && !deploy.WithoutCache)
        {
            context.Log.Information("Release {0} is unchanged: its images are up to date.", context.Upload.ReleaseId);
            return;
        }

        try
        {
            context.Stack.Build(deploy.ServiceSubset, deploy.PullImages, deploy.WithoutCache);
        }
        catch (Exception) when (context.Stack is RemoteComposeStack remote && context.Upload is { Unchanged: false } upload && !context.DryRun)
        {
            remote.Releases.Discard(upload.ReleaseId);
            context.Log.Error(
                "The build failed: release {0} is discarded; {1} and its containers stay as they were.",
                upload.ReleaseId,
                remote.Releases.CurrentId() ?? "no release");
            throw;
        }
    }
}
