using Cake.Core.Diagnostics;
using PrivateCloud.Frosting;

namespace PrivateCloud.Tasks.Deployment;

[TaskName(nameof(WaitHealthy))]
[TaskCategory(TaskCategories.Deploy)]
[TaskDescription("Waits (--timeout, default 300 s) until every service runs and is healthy (on a swarm: every replica on the current spec, no task failing); otherwise names each failing one with its last 50 log lines.")]
public sealed class WaitHealthy : FrostingTask<BuildContext>
{
    public override string? SkipReason(BuildContext context) =>
        context.DryRun ? "a dry run starts nothing to wait for." : null;

    public override void Run(BuildContext context) => Wait(context);

    /// <summary>Also how Recreate and Rollback end; a dry run started nothing to wait for.</summary>
    internal static void Wait(BuildContext context)
    {
        var timeout = context.Settings.Deploy.HealthTimeout;
        if (context.DryRun)
        {
            context.Log.Information("Would wait up to {0:N0} s for every service to run and be healthy.", timeout.TotalSeconds);
            return;
        }

        context.Services.ServiceHealth.Ensure(timeout);
    }
}
