using Cake.Core.Diagnostics;
using PrivateCloud.Frosting;
using PrivateCloud.Tasks.Configuration;
using PrivateCloud.Tasks.Deployment.Stacks;
using PrivateCloud.Tasks.Git;

namespace PrivateCloud.Tasks.Deployment;

[TaskName(nameof(Deploy))]
[TaskDescription("The whole deploy: submodules, configuration, validation, upload, build, switch, up, health; then prunes old releases.")]
[IsDependentOn(typeof(UpdateSubmodules))]
[IsDependentOn(typeof(RenderConfiguration))]
[IsDependentOn(typeof(ValidateCompose))]
[IsDependentOn(typeof(UploadRelease))]
[IsDependentOn(typeof(BuildImages))]
[IsDependentOn(typeof(SwitchRelease))]
[IsDependentOn(typeof(Up))]
[IsDependentOn(typeof(WaitHealthy))]
public sealed class Deploy : FrostingTask<BuildContext>
{
    public override void Run(BuildContext context)
    {
        if (context.Stack is RemoteComposeStack remote)
        {
            foreach (var pruned in remote.Releases.Prune(context.Settings.Deploy.KeepReleaseCount))
            {
                context.Log.Information("Removed old release {0}.", pruned);
            }
        }

        if (context.DryRun)
        {
            context.Log.Information("Dry run: nothing was sent, built or started.");
        }
        else if (context.Upload is { Unchanged: true } && context.ContainersChanged == 0)
        {
            context.Log.Information("Deploy changed nothing: release {0} was already current and every container up to date.", context.Upload.ReleaseId);
        }
        else
        {
            context.Log.Information(
                "Deployed {0} to the {1}; {2} container(s) changed.",
                context.Upload is null ? "the stack" : $"release {context.Upload.ReleaseId}",
                context.Stack.Location,
                context.ContainersChanged);
        }
    }
}
