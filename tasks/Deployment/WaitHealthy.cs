using PrivateCloud.Frosting;
using PrivateCloud.Tasks.Deployment.Health;

namespace PrivateCloud.Tasks.Deployment;

[TaskName(nameof(WaitHealthy))]
[TaskDescription("Waits (--timeout, default 300 s) until every service runs and is healthy; otherwise names each failing one with its last 50 log lines.")]
public sealed class WaitHealthy : FrostingTask<BuildContext>
{
    public override void Run(BuildContext context) => ServiceHealth.Ensure(context);
}
