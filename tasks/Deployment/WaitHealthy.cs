using Cake.Core.Diagnostics;
using PrivateCloud.Frosting;
using PrivateCloud.Tasks.Deployment.Snapshots;
using PrivateCloud.Tasks.Docker;
using PrivateCloud.Tasks.Remote;

namespace PrivateCloud.Tasks.Deployment;

[TaskName(nameof(WaitHealthy))]
[TaskCategory(TaskCategories.Deploy)]
[TaskDescription("Waits (--timeout, default 300 s) until every service runs and is healthy (on a swarm: every replica on the current spec, no task failing); otherwise names each failing one with its last 50 log lines.")]
[ChangesHost]
public sealed class WaitHealthy : FrostingTask<BuildContext>
{
    public override string? SkipReason(BuildContext context) =>
        context.DryRun ? "a dry run starts nothing to wait for."
        : context.DeployRun.SnapshotHeld ? "every container was running and healthy a moment ago, and compose did not run."
        : null;

    public override void Run(BuildContext context)
    {
        var healthy = Wait(context);
        if (context.DeployRun.WholeStackUp)
        {
            KeepSnapshot(context, healthy);
        }
    }

    /// <summary>Also how Recreate and Rollback end; a dry run started nothing to wait for. Returns the healthy containers.</summary>
    internal static IReadOnlyList<ServiceStatus> Wait(BuildContext context)
    {
        var timeout = context.Settings.Deploy.HealthTimeout;
        if (context.DryRun)
        {
            context.Log.Information("Would wait up to {0:N0} s for every service to run and be healthy.", timeout.TotalSeconds);
            return [];
        }

        return context.Services.ServiceHealth.Ensure(timeout);
    }

    /// <summary>
    /// Once compose brought every service up and all are healthy, keeps what runs on the host: the
    /// next Deploy of the same release compares the containers with it instead of running compose.
    /// </summary>
    internal static void KeepSnapshot(BuildContext context, IReadOnlyList<ServiceStatus> healthy)
    {
        if (context.DryRun || !context.Stack.RunsContainersOnTheHost)
        {
            return;
        }

        context.Services.HostState.Record(RunningSnapshot.Of(context.Stack.Project.Name, context.Settings.Compose.ComposeFiles, healthy));
    }
}
