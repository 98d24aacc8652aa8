using PrivateCloud.Tasks.Stacks.Releases;
using PrivateCloud.Tasks.Stacks.Snapshots;
using PrivateCloud.Tasks.Stacks;
using PrivateCloud.Tasks.Plumbing.Docker;
using PrivateCloud.Tasks.Plumbing.Settings;
using PrivateCloud.Tasks.Plumbing.Logging;

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

/// <summary>How Up brings the containers to a new release.</summary>
public enum UpMethod
{
    /// <summary>
    /// Compose judges every service (<c>up -d --remove-orphans</c>, of --services only when given),
    /// then the services whose mounted files changed and that compose left alone are recreated.
    /// </summary>
    WholeStack,

    /// <summary>
    /// The plan knows each service that can differ: nothing compose reads changed and every container
    /// is as the last deploy left it. One forced <c>up --no-deps</c> of <see cref="DeployPlan.Recreate"/>;
    /// their dependents keep running (compose v2 would otherwise recreate them too).
    /// </summary>
    Named,

    /// <summary>
    /// As <see cref="Named"/>, but a file compose reads changed: Up first asks compose for each
    /// service's configuration hash in the new release and the previous one, and adds the services
    /// whose hash differs.
    /// </summary>
    NamedAfterHashes,
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
    /// <summary>The services BuildImages builds: those whose build context changed; null builds every one (no earlier hashes, --services, --pull, --no-cache).</summary>
    public IReadOnlyList<string>? ServicesToBuild { get; init; }

    /// <summary>How Up brings the containers to the release.</summary>
    public UpMethod Up { get; init; } = UpMethod.WholeStack;

    /// <summary>With a named Up: the services it recreates, whose mounted files changed or whose image is rebuilt.</summary>
    public IReadOnlyList<string> Recreate { get; init; } = [];

    /// <summary>The release current before this run, whose configuration <see cref="UpMethod.NamedAfterHashes"/> compares with the new one's; null when none was.</summary>
    public string? PreviousRelease { get; init; }

    /// <summary>How a reason that is drift begins.</summary>
    private const string NotAsLeft = "not as the last deploy left it";

    /// <summary>The release this run builds and makes current; null when it uploaded none.</summary>
    public string? NewRelease => Scope == DeployScope.NewRelease ? ReleaseId : null;

    /// <param name="host">What the run read on the host before the upload; null when it read nothing.</param>
    /// <param name="upload">What the upload sent, or would send; null when there was no upload.</param>
    /// <param name="rebuildsImages">--pull or --no-cache: images are built even for an unchanged release.</param>
    /// <param name="subset">--services; empty for the whole stack.</param>
    public static DeployPlan Make(
        HostState? host,
        UploadResult? upload,
        StackQuestions stack,
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
            return ForNewRelease(host, upload, stack, forced, rebuildsImages, runsContainersOnTheHost, subset) with { HealthSkipReason = healthSkip };
        }

        var buildSkip = rebuildsImages ? null : $"release {upload.ReleaseId} is unchanged: its images are up to date.";
        IReadOnlyList<string> why =
            // The snapshot describes compose's containers; a swarm's tasks are compared by Swarm itself.
            !runsContainersOnTheHost ? ["on a swarm, docker stack deploy compares the services itself"]
            : forced ? [$"{ForceFlag.Setting.Option}: compose runs whatever the last deploy left"]
            : host is null ? ["the host was not read before the upload"]
            : [.. stack.Drift().Select(difference => $"{NotAsLeft}: {difference}")];
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
            DryRunWording.Pick(
                dryRun,
                $"every container is as the last deploy of release {upload.ReleaseId} left it, running and healthy: compose would not run, nothing would change.",
                $"every container was as the last deploy of release {upload.ReleaseId} left it, running and healthy: compose did not run, nothing changed."),
            healthSkip ?? "every container was running and healthy a moment ago, and compose did not run.");
    }

    private static DeployPlan ForNewRelease(
        HostState? host, UploadResult upload, StackQuestions stack, bool forced, bool rebuildsImages, bool runsContainersOnTheHost, IReadOnlyList<string> subset)
    {
        var previous = host?.Manifest;
        // A file the new release no longer has changed as much as one it rewrote.
        IReadOnlyList<string> changed = previous is null || upload.Manifest is null
            ? upload.Uploaded
            : [.. upload.Uploaded.Union(previous.Files.Select(f => f.Path).Except(upload.Manifest.Files.Select(f => f.Path), StringComparer.Ordinal), StringComparer.Ordinal)];
        var mounted = stack.ServicesMounting(changed);
        var toBuild = rebuildsImages || subset.Count > 0 || upload.Manifest is null ? null : stack.ServicesToBuild(upload.Manifest, previous);
        var plan = new DeployPlan(
            DeployScope.NewRelease,
            upload.ReleaseId,
            previous is null ? ["a first deploy: the host has no current release"] : [],
            subset.Count == 0 ? mounted : [.. mounted.Intersect(subset)],
            toBuild is not [] ? null
                : previous is null ? "no service of the stack is built from a context."
                : $"no service's build context changed since release {previous.ReleaseId}: its images serve.",
            null,
            null,
            null)
        { ServicesToBuild = toBuild, PreviousRelease = previous?.ReleaseId };

        // Compose judges the whole stack unless the plan knows every service that can differ.
        if (previous is null || toBuild is null || forced || !runsContainersOnTheHost || host is null || stack.Drift().Count > 0)
        {
            return plan;
        }

        List<string> recreate = [.. mounted.Union(toBuild).Union(stack.ServicesRunningImagesOf(toBuild)).Order(StringComparer.Ordinal)];
        return plan with { Up = stack.ComposeReadsAny(changed) ? UpMethod.NamedAfterHashes : UpMethod.Named, Recreate = recreate };
    }

    /// <summary>One line for Deploy to print: what the run does and why.</summary>
    public string Summary => Scope switch
    {
        DeployScope.Nothing => $"release {ReleaseId} is current and every container as the last deploy left it: nothing to build, switch, start or wait for.",
        DeployScope.Converge => $"release {ReleaseId} is current, but compose runs: {string.Join("; ", Reasons)}.",
        DeployScope.NewRelease => $"release {ReleaseId} is {(ServicesToBuild is [] ? string.Empty : "built, ")}made current and {UpSummary}"
            + (Reasons.Count > 0 ? $" ({string.Join("; ", Reasons)})." : "."),
        _ => "no upload told what changed: the stack is built and brought up.",
    };

    private string UpSummary => Up switch
    {
        UpMethod.WholeStack => "brought up" + (MountedFilesChanged.Count > 0 ? $", recreating {string.Join(", ", MountedFilesChanged)} for the mounted files it changes" : string.Empty),
        UpMethod.Named when Recreate.Count == 0 => "no container changes: it changes nothing a service mounts, builds from or compose reads",
        UpMethod.Named => $"only {string.Join(", ", Recreate)} recreated, for the files they mount or build from",
        _ => $"only the services whose configuration compose finds changed recreated{(Recreate.Count > 0 ? $", and {string.Join(", ", Recreate)} for the files they mount or build from" : string.Empty)}",
    };
}
