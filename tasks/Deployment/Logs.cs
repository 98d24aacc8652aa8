using Cake.Core.Diagnostics;
using PrivateCloud.Frosting;

namespace PrivateCloud.Tasks.Deployment;

[TaskName(nameof(Logs))]
[TaskDescription("Shows the last --tail log lines of --service.")]
public sealed class Logs : FrostingTask<BuildContext>
{
    public override void Run(BuildContext context)
    {
        var deploy = context.Settings.Deploy;
        var service = deploy.ServiceName
            ?? throw new BuildInputException($"Logs needs {DeploySettings.Service.Option}=<name>.");
        context.Log.Information(context.Stack.Logs(service, deploy.TailLines));
    }
}
