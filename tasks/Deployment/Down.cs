using Cake.Core.Diagnostics;
using PrivateCloud.Frosting;

namespace PrivateCloud.Tasks.Deployment;

[TaskName(nameof(Down))]
[TaskCategory(TaskCategories.Deploy)]
[TaskDescription("Stops and removes every container of the stack (volumes stay); refuses without --confirm.")]
public sealed class Down : FrostingTask<BuildContext>
{
    public override void Run(BuildContext context)
    {
        var stack = context.Stack;
        if (!context.Settings.Deploy.Confirmed)
        {
            throw new BuildInputException(
                $"Down stops every service of {stack.Project.Name} on the {stack.Location}: run it again with {DeploySettings.Confirm.Option} to do so.");
        }

        stack.Down(removeVolumes: false);
        context.Log.Information(
            context.DryRun ? "Compose project {0} would be down; its volumes kept." : "Compose project {0} is down; its volumes are kept.",
            stack.Project.Name);
    }
}
