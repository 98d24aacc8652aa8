using PrivateCloud.Tasks.Stacks.Releases;
using PrivateCloud.Tasks.Stacks.Snapshots;
using PrivateCloud.Tasks.Stacks;
using PrivateCloud.Tasks.Plumbing.Docker;
using PrivateCloud.Tasks.Plumbing.Settings;

namespace PrivateCloud.Tasks.Deployment.Planning;

/// <summary>What a deploy run does after the upload, and why.</summary>
public enum DeployScope
{
    /// <summary>Release unchanged, every container as the last deploy left it: no build, no switch, no compose, no wait.</summary>
    Nothing,

    /// <summary>Release unchanged, but compose must run (drift, --force, a swarm): up and health, no switch.</summary>
    Converge,

    /// <summary>A new release: build, switch, up, health.</summary>
    NewRelease,

    /// <summary>No upload told what changed (compose runs from the stack directory, or the task runs alone): every step runs.</summary>
    Unknown,
}

/// <summary>
/// The one decision of a deploy run, made from what the run read on the host and what the upload
/// found, so each step only reads its skip reason here and the decision is testable without a host.
/// A second run of the same release with nothing drifted plans <see cref="DeployScope.Nothing"/>.
/// </summary>
/// <param name="Reasons">Why compose runs for an unchanged release (each drift, --force, a swarm); empty otherwise.</param>
/// <param name="MountedFilesChanged">Services that bind-mount a file the new release changed: compose cannot see that change, so Up recreates them.</param>
public sealed record DeployPlan(
    DeployScope Scope,
    string? ReleaseId,
    IReadOnlyList<string> Reasons,
    IReadOnlyList<string> MountedFilesChanged,
    string? BuildSkipReason,
    string? SwitchSkipReason,
    string? UpSkipReason,
    string? HealthSkipReason)
{
    /// <summary>How a reason that is drift begins.</summary>
    private const string NotAsLeft = "not as the last deploy left it";

    /// <summary>The release this run builds and makes current; null when it uploaded none.</summary>
    public string? NewRelease => Scope == DeployScope.NewRelease ? ReleaseId : null;

    /// <param name="host">What the run read on the host before the upload; null when it read nothing.</param>
    /// <param name="upload">What the upload sent, or would send; null when there was no upload.</param>
    /// <param name="drift">How the host differs from the last deploy's snapshot (<see cref="HostState.Drift"/>); asked only for an unchanged release.</param>
    /// <param name="servicesMounting">The services that bind-mount one of these stack-relative files.</param>
    /// <param name="rebuildsImages">--pull or --no-cache: images are built even for an unchanged release.</param>
    /// <param name="subset">--services; empty for the whole stack.</param>
    public static DeployPlan Make(
        HostState? host,
        UploadResult? upload,
        Func<IReadOnlyList<string>> drift,
        Func<IReadOnlyList<string>, IReadOnlyList<string>> servicesMounting,
        bool forced,
        bool rebuildsImages,
        bool runsContainersOnTheHost,
        IReadOnlyList<string> subset,
        bool dryRun)
    {
        var healthSkip = dryRun ? "a dry run starts nothing to wait for." : null;
        const string NoSwitch = "no new release to switch to.";
        if (upload is null)
        {
            return new DeployPlan(DeployScope.Unknown, null, [], [], null, NoSwitch, null, healthSkip);
        }

        if (!upload.Unchanged)
        {
            var mounted = servicesMounting(upload.Uploaded);
            List<string> reasons = host?.Manifest is null ? ["a first deploy: the host has no current release"] : [];
            return new DeployPlan(
                DeployScope.NewRelease,
                upload.ReleaseId,
                reasons,
                subset.Count == 0 ? mounted : [.. mounted.Intersect(subset)],
                null,
                null,
                null,
                healthSkip);
        }

        var buildSkip = rebuildsImages ? null : $"release {upload.ReleaseId} is unchanged: its images are up to date.";
        IReadOnlyList<string> why =
            // The snapshot describes compose's containers; a swarm's tasks are compared by Swarm itself.
            !runsContainersOnTheHost ? ["on a swarm, docker stack deploy compares the services itself"]
            : forced ? [$"{ForceFlag.Setting.Option}: compose runs whatever the last deploy left"]
            : host is null ? ["the host was not read before the upload"]
            : [.. drift().Select(difference => $"{NotAsLeft}: {difference}")];
        if (why.Count > 0)
        {
            return new DeployPlan(DeployScope.Converge, upload.ReleaseId, why, [], buildSkip, NoSwitch, null, healthSkip);
        }

        return new DeployPlan(
            DeployScope.Nothing,
            upload.ReleaseId,
            [],
            [],
            buildSkip,
            NoSwitch,
            dryRun
                ? $"every container is as the last deploy of release {upload.ReleaseId} left it, running and healthy: compose would not run, nothing would change."
                : $"every container was as the last deploy of release {upload.ReleaseId} left it, running and healthy: compose did not run, nothing changed.",
            healthSkip ?? "every container was running and healthy a moment ago, and compose did not run.");
    }

    /// <summary>One line for Deploy to print: what the run does and why.</summary>
    public string Summary => Scope switch
    {
        DeployScope.Nothing => $"release {ReleaseId} is current and every container as the last deploy left it: nothing to build, switch, start or wait for.",
        DeployScope.Converge => $"release {ReleaseId} is current, but compose runs: {string.Join("; ", Reasons)}.",
        DeployScope.NewRelease =>
            $"release {ReleaseId} is built, made current and brought up{(MountedFilesChanged.Count > 0 ? $", recreating {string.Join(", ", MountedFilesChanged)} for the mounted files it changes" : string.Empty)}"
            + (Reasons.Count > 0 ? $" ({string.Join("; ", Reasons)})." : "."),
        _ => "no upload told what changed: the stack is built and brought up.",
    };
}
