using PrivateCloud.Tasks.Stacks.Releases;
using PrivateCloud.Tasks.Plumbing.Docker;

namespace PrivateCloud.Tasks.Stacks.Snapshots;

/// <summary>What a Deploy reads on the host in one command before it decides anything.</summary>
/// <param name="Manifest">The current release's manifest; null before the first deploy.</param>
/// <param name="Snapshot">What the last deploy of the current release left running; null when none was kept or it could not be read.</param>
/// <param name="SnapshotProblem">Why a snapshot that exists could not be read; null otherwise.</param>
/// <param name="Containers">The project's containers now: state, health and compose labels, not their images.</param>
/// <param name="Releases">The complete releases on the host, oldest first.</param>
public sealed record HostState(
    ReleaseManifest? Manifest,
    RunningSnapshot? Snapshot,
    string? SnapshotProblem,
    IReadOnlyList<ServiceStatus> Containers,
    IReadOnlyList<string> Releases)
{
    /// <summary>The composes installed on the host, found without starting them.</summary>
    public IReadOnlyList<ComposeTool> Composes { get; init; } = [];

    /// <summary>The compose a run asking for <paramref name="wanted"/> uses on the host; null when it is not installed.</summary>
    public ComposeTool? Compose(ComposeFlavor? wanted) => ComposeTool.Choose(Composes, wanted);

    /// <summary>
    /// Why compose has to run even though the release is unchanged; empty when the snapshot still
    /// holds. Containers another compose made count too: the one this deploy runs takes them over.
    /// </summary>
    /// <param name="wanted">The compose asked for (--compose); null for the one the host has, v2 first.</param>
    public IReadOnlyList<string> Drift(string project, IReadOnlyList<string> composeFiles, ComposeFlavor? wanted)
    {
        var runs = Compose(wanted)?.Flavor ?? wanted ?? ComposeFlavor.StandaloneV1;
        var otherCompose = Containers
            .Where(c => c.ComposeVersion.Length > 0 && ComposeTool.FlavorOf(c.ComposeVersion) != runs)
            .Select(c => $"{c.Service}: compose {c.ComposeVersion} made its container, and this deploy runs compose {ComposeSettings.OptionValue(runs)}, which takes it over")
            .Distinct();
        var snapshot = Snapshot?.Drift(project, composeFiles, Containers)
            ?? [SnapshotProblem ?? "no snapshot of the running containers: the last deploy did not finish, or it predates snapshots"];
        return [.. otherCompose, .. snapshot];
    }
}
