using PrivateCloud.Tasks.Deployment.Releases;
using PrivateCloud.Tasks.Docker;

namespace PrivateCloud.Tasks.Deployment.Snapshots;

/// <summary>What a Deploy reads on the host in one command before it decides anything.</summary>
/// <param name="Manifest">The current release's manifest; null before the first deploy.</param>
/// <param name="Snapshot">What the last deploy of the current release left running; null when none was kept or it could not be read.</param>
/// <param name="SnapshotProblem">Why a snapshot that exists could not be read; null otherwise.</param>
/// <param name="Containers">The project's containers now.</param>
/// <param name="Releases">The complete releases on the host, oldest first.</param>
public sealed record HostState(
    ReleaseManifest? Manifest,
    RunningSnapshot? Snapshot,
    string? SnapshotProblem,
    IReadOnlyList<ServiceStatus> Containers,
    IReadOnlyList<string> Releases)
{
    /// <summary>Why compose has to run even though the release is unchanged; empty when the snapshot still holds.</summary>
    public IReadOnlyList<string> Drift(string project, IReadOnlyList<string> composeFiles) =>
        Snapshot?.Drift(project, composeFiles, Containers)
        ?? [SnapshotProblem ?? "no snapshot of the running containers: the last deploy did not finish, or it predates snapshots"];
}
