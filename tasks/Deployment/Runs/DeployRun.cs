using PrivateCloud.Tasks.Stacks.Releases;
using PrivateCloud.Tasks.Stacks.Snapshots;

namespace PrivateCloud.Tasks.Deployment.Runs;

/// <summary>
/// What the deploy tasks of one run found and did, for <see cref="DeploySession.Plan"/> and the
/// tasks after them: each task that learns something replaces the record (<c>with</c>).
/// </summary>
public sealed record DeployRun
{
    /// <summary>What UploadRelease sent (in a dry run: would send); null when it did not run or compose runs from the stack directory.</summary>
    public UploadResult? Upload { get; init; }

    /// <summary>How many services' containers Up created, replaced or removed (in a dry run: would).</summary>
    public int ContainersChanged { get; init; }

    /// <summary>What the run read on the host before uploading (a Deploy under its lock, else UploadRelease): the last deploy's snapshot and the containers now.</summary>
    public HostState? Host { get; init; }

    /// <summary>Up brought every service to the release (compose judged them all, or the plan named each that differed): once all are healthy, what runs is the snapshot to keep.</summary>
    public bool WholeStackUp { get; init; }
}
