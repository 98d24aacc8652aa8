using Cake.Core.Diagnostics;
using PrivateCloud.Frosting;
using PrivateCloud.Tasks.Stacks;
using PrivateCloud.Tasks.Plumbing.Remote;
using PrivateCloud.Tasks.Plumbing.Settings;
using PrivateCloud.Tasks.Plumbing.Logging;

namespace PrivateCloud.Tasks.Deployment;

[TaskName(nameof(Down))]
[TaskCategory(TaskCategories.Deploy)]
[TaskDescription("Stops and removes every container of the stack (on a swarm: docker stack rm; volumes stay); refuses without --confirm.")]
[ReadsSettings(typeof(StackSettings), nameof(StackSettings.Location))]
[ReadsSettings(typeof(ConfirmFlag), nameof(ConfirmFlag.Setting))]
[ChangesHost]
public sealed class Down : FrostingTask<BuildContext>
{
    public override void Run(BuildContext context)
    {
        var stack = context.Stack;
        if (!context.Settings.Deploy.Confirmed)
        {
            throw new BuildInputException(
                $"Down stops every service of {stack.Project.Name} on the {stack.Location}: run it again with {ConfirmFlag.Setting.Option} to do so.");
        }

        stack.Down(removeVolumes: false);
        context.Log.Information(
            DryRunWording.Pick(context.DryRun, "The {0} {1} would be down; its volumes kept.", "The {0} {1} is down; its volumes are kept."),
            stack.Kind,
            stack.Project.Name);
    }
}
