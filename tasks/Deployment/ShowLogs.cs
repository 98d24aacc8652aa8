using Cake.Core.Diagnostics;
using PrivateCloud.Frosting;
using PrivateCloud.Tasks.Plumbing.Remote;
using PrivateCloud.Tasks.Stacks;
using PrivateCloud.Tasks.Plumbing.Settings;

namespace PrivateCloud.Tasks.Deployment;

[TaskName(nameof(ShowLogs))]
[TaskCategory(TaskCategories.Checks)]
[TaskAlias("Logs")]
[TaskDescription("Shows the last --tail log lines of --service (on a swarm: docker service logs, every replica).")]
[ReadsSettings(typeof(StackSettings), nameof(StackSettings.Location))]
[ReadsHost]
public sealed class ShowLogs : FrostingTask<BuildContext>
{
    public override void Run(BuildContext context)
    {
        var deploy = context.Settings.Deploy;
        var service = deploy.ServiceName
            ?? throw new BuildInputException($"{nameof(ShowLogs)} needs {DeploySettings.Service.Option}=<name>.");
        context.Log.Information(context.Stack.Logs(service, deploy.TailLines));
    }
}
