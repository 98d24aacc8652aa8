using PrivateCloud.Tasks.Stacks.Snapshots;
using PrivateCloud.Tasks.Plumbing.Docker;

namespace PrivateCloud.Tasks.Stacks.Health;

/// <summary>
/// How WaitHealthy, Rollback and Recreate end: waiting until every service runs and is healthy,
/// then (after a whole-stack up) keeping what runs as the snapshot the next Deploy compares with.
/// </summary>
/// <param name="store">The host's deploy state; null where no snapshot is kept (no releases, or a swarm, whose tasks Swarm compares itself).</param>
public sealed class DeployedHealth(ServiceHealth health, Func<HostStateStore>? store, string project, IReadOnlyList<string> composeFiles, bool dryRun, Action<string> log)
{
    /// <returns>The healthy containers; none in a dry run, which started nothing to wait for.</returns>
    public IReadOnlyList<ServiceStatus> Wait(TimeSpan timeout)
    {
        if (dryRun)
        {
            log($"Would wait up to {timeout.TotalSeconds:N0} s for every service to run and be healthy.");
            return [];
        }

        return health.Ensure(timeout);
    }

    /// <summary>
    /// Once compose brought every service up and all are healthy, keeps what runs on the host: the
    /// next Deploy of the same release compares the containers with it instead of running compose.
    /// </summary>
    public void KeepSnapshot(IReadOnlyList<ServiceStatus> healthy)
    {
        if (dryRun || store is null)
        {
            return;
        }

        store().Record(RunningSnapshot.Of(project, composeFiles, healthy));
    }
}
