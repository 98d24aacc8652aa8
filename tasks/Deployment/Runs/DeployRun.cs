using PrivateCloud.Tasks.Deployment.Releases;

namespace PrivateCloud.Tasks.Deployment.Runs;

/// <summary>
/// What the deploy tasks of one run hand to the tasks after them, in one place: each task that
/// learns something replaces the record (<c>with</c>), the later ones read it.
/// </summary>
public sealed record DeployRun
{
    /// <summary>What UploadRelease sent (in a dry run: would send); null when it did not run or compose runs from the stack directory.</summary>
    public UploadResult? Upload { get; init; }

    /// <summary>The new release BuildImages builds and SwitchRelease makes current; null when this run uploaded none.</summary>
    public string? NewRelease => Upload is { Unchanged: false } upload ? upload.ReleaseId : null;

    /// <summary>How many services' containers Up created, replaced or removed (in a dry run: would).</summary>
    public int ContainersChanged { get; init; }
}
