using PrivateCloud.Frosting;
using PrivateCloud.Tasks.Plumbing.Remote;
using PrivateCloud.Tasks.Stacks;
using PrivateCloud.Tasks.Plumbing.Settings;

namespace PrivateCloud.Tasks.Deployment;

[TaskName(nameof(WaitHealthy))]
[TaskCategory(TaskCategories.Deploy)]
[TaskDescription("Waits (--timeout, default 300 s) until every service runs and is healthy (on a swarm: every replica on the current spec, no task failing); otherwise names each failing one with its last 50 log lines.")]
[ReadsSettings(typeof(StackSettings), nameof(StackSettings.Location))]
[ChangesHost]
public sealed class WaitHealthy : FrostingTask<BuildContext>
{
    public override string? SkipReason(BuildContext context) => context.DeploySession.Plan.HealthSkipReason;

    public override void Run(BuildContext context)
    {
        var health = context.Services.DeployedHealth;
        var healthy = health.Wait(context.Settings.Deploy.HealthTimeout);
        if (context.DeploySession.Run.WholeStackUp)
        {
            health.KeepSnapshot(healthy);
        }
    }
}
