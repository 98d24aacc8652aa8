using PrivateCloud.Tasks.Stacks.Releases;

namespace PrivateCloud.Tasks.Deployment.Planning;

/// <summary>
/// What <see cref="DeployPlan"/> asks about the stack's files and the host read, each asked only
/// when a decision needs it: a run whose release is unchanged reads no compose file.
/// </summary>
/// <param name="Drift">How the host differs from the last deploy's snapshot (<see cref="Stacks.Snapshots.HostState.Drift"/>).</param>
/// <param name="ServicesMounting">The services that bind-mount one of these stack-relative files.</param>
/// <param name="ComposeReadsAny">Whether compose reads one of these stack-relative files (a compose file, the env file, a file they name); true when it cannot tell.</param>
/// <param name="ServicesToBuild">The services whose build context changed from the previous release's manifest to the next one's (<see cref="BuildContexts.ServicesToBuild"/>); null when every one is built.</param>
/// <param name="ServicesRunningImagesOf">The services without a build section that run the image one of these services builds: a rebuild changes theirs too.</param>
public sealed record StackQuestions(
    Func<IReadOnlyList<string>> Drift,
    Func<IReadOnlyList<string>, IReadOnlyList<string>> ServicesMounting,
    Func<IReadOnlyList<string>, bool> ComposeReadsAny,
    Func<ReleaseManifest, ReleaseManifest?, IReadOnlyList<string>?> ServicesToBuild,
    Func<IReadOnlyList<string>, IReadOnlyList<string>> ServicesRunningImagesOf);
