using Cake.Core.Diagnostics;
using PrivateCloud.Frosting;
using PrivateCloud.Tasks.Deployment.Stacks;
using PrivateCloud.Tasks.Remote;

namespace PrivateCloud.Tasks.Deployment;

[TaskName(nameof(BuildImages))]
[TaskCategory(TaskCategories.Deploy)]
[TaskDescription("Builds the stack's images (--services, --pull, --no-cache); a failed build discards the new release and leaves the running one alone.")]
[ChangesHost]
public sealed class BuildImages : FrostingTask<BuildContext>
{
    public override string? SkipReason(BuildContext context) => context.DeploySession.Plan.BuildSkipReason;

    public override void Run(BuildContext context)
    {
        var deploy = context.Settings.Deploy;
        var release = context.DeploySession.Plan.NewRelease;
        if (context.Stack.Releases is null)
        {
            // With releases, UploadRelease refused already, before it uploaded.
            ComposeStackFactory.RefuseUnpullableImages(context);
        }

        try
        {
            context.Stack.Build(deploy.ServiceSubset, deploy.PullImages, deploy.WithoutCache, release);
        }
        catch (Exception) when (context.Stack.Releases is { } releases && release is not null)
        {
            releases.Discard(release);
            context.Log.Error(
                "The build failed: release {0} is discarded; {1} and its containers stay as they were.",
                release,
                releases.CurrentId() ?? "no release");
            throw;
        }
    }
}
