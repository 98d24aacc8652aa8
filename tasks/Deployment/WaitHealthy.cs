using PrivateCloud.Frosting;
using PrivateCloud.Tasks.Deployment.Health;

namespace PrivateCloud.Tasks.Deployment;

[TaskName(nameof(WaitHealthy))]
[TaskCategory(TaskCategories.Deploy)]
[TaskDescription("Waits (--timeout, default 300 s) until every service runs and is healthy; otherwise names each failing one with its last 50 log lines.")]
public sealed class WaitHealthy : FrostingTask<BuildContext>
{
    public override string? SkipReason(BuildContext context) =>
        context.DryRun ? "a dry run starts nothing to wait for." : null;

    public override void Run(BuildContext context) => ServiceHealth.Ensure(context);
}
