using Cake.Core.Diagnostics;
using PrivateCloud.Frosting;
using PrivateCloud.Tasks.Plumbing.Logging;
using PrivateCloud.Tasks.Plumbing.Remote;
using PrivateCloud.Tasks.Stacks;
using PrivateCloud.Tasks.Plumbing.Settings;

namespace PrivateCloud.Tasks.Deployment;

[TaskName(nameof(Recreate))]
[TaskCategory(TaskCategories.Deploy)]
[TaskDescription("Rebuilds and recreates one --service; --reset-volume=<name> with --confirm first removes a named volume (for services that ship code in one).")]
[ReadsSettings(typeof(StackSettings), nameof(StackSettings.Location), nameof(StackSettings.Registry))]
[ReadsSettings(typeof(ConfirmFlag), nameof(ConfirmFlag.Setting))]
[ChangesHost]
public sealed class Recreate : FrostingTask<BuildContext>
{
    public override void Run(BuildContext context)
    {
        var deploy = context.Settings.Deploy;
        var service = deploy.ServiceName
            ?? throw new BuildInputException($"Recreate needs {DeploySettings.Service.Option}=<name>.");
        var stack = context.Stack;

        if (deploy.VolumeToReset is { } volume)
        {
            stack.Remove([service]);
            context.Log.Information(
                "Volume {0}: {1}.",
                stack.Project.VolumeName(volume),
                stack.RemoveVolume(volume) ? DryRunWording.Verb(context.DryRun, "remove", "removed") : "did not exist");
        }

        stack.Build([service], deploy.PullImages, deploy.WithoutCache);
        stack.Up([service], forceRecreate: true);
        stack.RecordImages(stack.Ps());
        context.Services.DeployedHealth.Wait(deploy.HealthTimeout);
    }
}
