using PrivateCloud.Tasks.Deployment.Planning;
using PrivateCloud.Tasks.Stacks.Releases;
using PrivateCloud.Tasks.Stacks.Snapshots;
using PrivateCloud.Tasks.Stacks;
using PrivateCloud.Tasks.Plumbing.Docker;

namespace PrivateCloud.Tests.Deployment;

/// <summary>How a deploy run decides what to do, on host reads and upload results written out: no sshd, no engine.</summary>
public sealed class DeployPlanTests
{
    private const string Project = "cloud";
    private const string Release = "20260301T000000000Z";
    private static readonly string[] Files = ["docker-compose.yml"];

    private static ServiceStatus Container(string service, string id, string hash = "hash", string state = "running") =>
        new(service, id, $"{Project}-{service}-1", state, ContainerHealth.None, $"{Project}-{service}", $"sha256:{service}") { ConfigHash = hash };

    private static readonly ServiceStatus[] Deployed = [Container("web", "id-web", "hash-web"), Container("worker", "id-worker", "hash-worker")];

    private static readonly UploadResult Unchanged = new(Release, Unchanged: true, [], [], 0);

    private static ReleaseManifest Manifest(string release, string files = "") =>
        ReleaseManifest.Parse($$"""{"format": 1, "release": "{{release}}", "gitCommit": null, "createdUtc": "2026-03-01T00:00:00Z", "files": [{{files}}]}""", "test");

    private static readonly UploadResult Changed = new(Release, Unchanged: false, ["web.conf", "docker-compose.yml"], [".env"], 512) { Manifest = Manifest(Release) };

    private static HostState Host(IReadOnlyList<ServiceStatus> now, bool snapshot = true, bool firstDeploy = false) => new(
        firstDeploy ? null : Manifest(Release),
        snapshot ? RunningSnapshot.Of(Project, Files, Deployed) : null,
        null,
        now,
        firstDeploy ? [] : [Release]);

    /// <summary>The stack these tests plan for: web mounts web.conf, compose reads docker-compose.yml and .env, cache runs the image worker builds.</summary>
    private static StackQuestions Questions(HostState? host, IReadOnlyList<string>? toBuild = null) => new(
        () => host!.Drift(Project, Files, ComposeFlavor.PluginV2),
        files => files.Contains("web.conf") ? ["web"] : [],
        files => files.Contains("docker-compose.yml") || files.Contains(".env"),
        (_, previous) => previous is null ? null : toBuild ?? [],
        built => built.Contains("worker") ? ["cache"] : []);

    private static DeployPlan Make(
        HostState? host,
        UploadResult? upload,
        bool forced = false,
        bool rebuildsImages = false,
        bool runsContainersOnTheHost = true,
        IReadOnlyList<string>? subset = null,
        bool dryRun = false,
        IReadOnlyList<string>? toBuild = null) =>
        DeployPlan.Make(
            host,
            upload,
            Questions(host, toBuild),
            forced,
            rebuildsImages,
            runsContainersOnTheHost,
            subset ?? [],
            dryRun);

    [Fact]
    public void An_unchanged_release_with_every_container_as_left_plans_nothing_and_every_step_says_why()
    {
        var plan = Make(Host(Deployed), Unchanged);

        Assert.Equal(DeployScope.Nothing, plan.Scope);
        Assert.Null(plan.NewRelease);
        Assert.Empty(plan.Reasons);
        Assert.Equal($"release {Release} is unchanged: its images are up to date.", plan.BuildSkipReason);
        Assert.Equal("no new release to switch to.", plan.SwitchSkipReason);
        Assert.Equal($"every container was as the last deploy of release {Release} left it, running and healthy: compose did not run, nothing changed.", plan.UpSkipReason);
        Assert.Equal("every container was running and healthy a moment ago, and compose did not run.", plan.HealthSkipReason);
        Assert.StartsWith($"release {Release} is current and every container as the last deploy left it", plan.Summary);
    }

    [Fact]
    public void A_dry_run_of_an_unchanged_release_says_what_would_not_happen()
    {
        var plan = Make(Host(Deployed), Unchanged, dryRun: true);

        Assert.Equal(DeployScope.Nothing, plan.Scope);
        Assert.Equal($"every container is as the last deploy of release {Release} left it, running and healthy: compose would not run, nothing would change.", plan.UpSkipReason);
        Assert.Equal("a dry run starts nothing to wait for.", plan.HealthSkipReason);
    }

    public static TheoryData<string, ServiceStatus[], string> Drifts => new()
    {
        { "stopped", [Deployed[0], Deployed[1] with { State = "exited" }], "worker: container cloud-worker-1 is exited" },
        { "gone", [Deployed[0]], "worker: its container is gone" },
        { "replaced", [Deployed[0], Deployed[1] with { ContainerId = "id-worker-2" }], "worker: its containers are not the ones the last deploy left" },
        { "extra", [.. Deployed, Container("cache", "id-cache")], "cache: runs a container the last deploy did not start" },
        { "other config", [Deployed[0], Deployed[1] with { ConfigHash = "0123456789abcdef" }], "worker: config hash 0123456789ab, the last deploy left hash-worker" },
        { "other compose", [Deployed[0] with { ComposeVersion = "1.29.2" }, Deployed[1]], "web: compose 1.29.2 made its container, and this deploy runs compose v2, which takes it over" },
    };

    [Theory]
    [MemberData(nameof(Drifts))]
    public void Every_kind_of_drift_runs_compose_for_an_unchanged_release_and_names_the_drift(string kind, ServiceStatus[] now, string reason)
    {
        var plan = Make(Host(now), Unchanged);

        Assert.True(plan.Scope == DeployScope.Converge, kind);
        Assert.Equal([$"not as the last deploy left it: {reason}"], plan.Reasons);
        Assert.Equal($"release {Release} is unchanged: its images are up to date.", plan.BuildSkipReason);
        Assert.Equal("no new release to switch to.", plan.SwitchSkipReason);
        Assert.Null(plan.UpSkipReason);
        Assert.Null(plan.HealthSkipReason);
        Assert.Equal($"release {Release} is current, but compose runs: not as the last deploy left it: {reason}.", plan.Summary);
    }

    [Fact]
    public void No_snapshot_is_drift()
    {
        var plan = Make(Host(Deployed, snapshot: false), Unchanged);

        Assert.Equal(DeployScope.Converge, plan.Scope);
        Assert.Equal(["not as the last deploy left it: no snapshot of the running containers: the last deploy did not finish, or it predates snapshots"], plan.Reasons);
    }

    [Fact]
    public void Force_runs_compose_without_asking_the_snapshot()
    {
        var plan = DeployPlan.Make(
            Host(Deployed),
            Unchanged,
            Questions(null) with { Drift = () => throw new InvalidOperationException("--force asks no drift") },
            forced: true,
            rebuildsImages: false,
            runsContainersOnTheHost: true,
            [],
            dryRun: false);

        Assert.Equal(DeployScope.Converge, plan.Scope);
        Assert.Equal(["--force: compose runs whatever the last deploy left"], plan.Reasons);
        Assert.Null(plan.UpSkipReason);
        Assert.Null(plan.HealthSkipReason);
    }

    [Fact]
    public void Pull_or_no_cache_builds_an_unchanged_release_and_a_swarm_always_deploys_its_stack()
    {
        Assert.Null(Make(Host(Deployed), Unchanged, rebuildsImages: true).BuildSkipReason);

        var swarm = Make(Host([]), Unchanged, runsContainersOnTheHost: false);
        Assert.Equal(DeployScope.Converge, swarm.Scope);
        Assert.Equal(["on a swarm, docker stack deploy compares the services itself"], swarm.Reasons);
    }

    [Fact]
    public void A_changed_mounted_file_recreates_only_the_service_mounting_it_and_builds_nothing()
    {
        var plan = Make(Host(Deployed), Changed with { Uploaded = ["web.conf"] });

        Assert.Equal(DeployScope.NewRelease, plan.Scope);
        Assert.Equal(Release, plan.NewRelease);
        Assert.Equal(["web"], plan.MountedFilesChanged);
        Assert.Equal(UpMethod.Named, plan.Up);
        Assert.Equal(["web"], plan.Recreate);
        Assert.Equal([], plan.ServicesToBuild);
        Assert.Equal($"no service's build context changed since release {Release}: its images serve.", plan.BuildSkipReason);
        Assert.Null(plan.SwitchSkipReason);
        Assert.Null(plan.UpSkipReason);
        Assert.Null(plan.HealthSkipReason);
        Assert.Equal($"release {Release} is made current and only web recreated, for the files they mount or build from.", plan.Summary);
    }

    [Fact]
    public void A_file_nothing_mounts_builds_from_or_compose_reads_recreates_nothing()
    {
        var plan = Make(Host(Deployed), Changed with { Uploaded = ["notes.txt"] });

        Assert.Equal(UpMethod.Named, plan.Up);
        Assert.Empty(plan.Recreate);
        Assert.NotNull(plan.BuildSkipReason);
        Assert.Equal($"release {Release} is made current and no container changes: it changes nothing a service mounts, builds from or compose reads.", plan.Summary);
    }

    [Fact]
    public void A_changed_build_context_builds_and_recreates_that_service_and_each_running_its_image()
    {
        var plan = Make(Host(Deployed), Changed with { Uploaded = ["worker/job.sh"] }, toBuild: ["worker"]);

        Assert.Equal(["worker"], plan.ServicesToBuild);
        Assert.Null(plan.BuildSkipReason);
        Assert.Equal(UpMethod.Named, plan.Up);
        Assert.Equal(["cache", "worker"], plan.Recreate);
        Assert.StartsWith($"release {Release} is built, made current and only cache, worker recreated", plan.Summary);
    }

    [Theory]
    [InlineData("docker-compose.yml")]
    [InlineData(".env")]
    public void A_change_compose_reads_asks_compose_which_configurations_changed(string file)
    {
        var plan = Make(Host(Deployed), Changed with { Uploaded = [file, "web.conf"] });

        Assert.Equal(UpMethod.NamedAfterHashes, plan.Up);
        Assert.Equal(["web"], plan.Recreate);
        Assert.Equal(
            $"release {Release} is made current and only the services whose configuration compose finds changed recreated, and web for the files they mount or build from.",
            plan.Summary);
    }

    [Fact]
    public void A_file_the_new_release_no_longer_has_counts_as_changed()
    {
        var previous = Manifest("20260201T000000000Z", $$"""{"path": "web.conf", "mode": "644", "size": 3, "sha256": "{{new string('0', 64)}}"}""");

        var plan = Make(Host(Deployed) with { Manifest = previous }, Changed with { Uploaded = [] });

        Assert.Equal(["web"], plan.MountedFilesChanged);
        Assert.Equal(["web"], plan.Recreate);
    }

    public static TheoryData<string, Func<DeployPlan>> WholeStackCases => new()
    {
        { "a container drifted", () => Make(Host([Deployed[0]]), Changed) },
        { "--force", () => Make(Host(Deployed), Changed, forced: true) },
        { "--pull or --no-cache", () => Make(Host(Deployed), Changed, rebuildsImages: true) },
        { "--services", () => Make(Host(Deployed), Changed, subset: ["web"]) },
        { "a swarm", () => Make(Host(Deployed), Changed, runsContainersOnTheHost: false) },
        { "a first deploy", () => Make(Host([], snapshot: false, firstDeploy: true), Changed) },
        { "no host read", () => Make(null, Changed) },
    };

    [Theory]
    [MemberData(nameof(WholeStackCases))]
    public void Compose_judges_the_whole_stack_when_the_plan_cannot_know_each_service_that_differs(string why, Func<DeployPlan> make)
    {
        var plan = make();

        Assert.True(plan.Scope == DeployScope.NewRelease, why);
        Assert.True(plan.Up == UpMethod.WholeStack, why);
        Assert.Empty(plan.Recreate);
    }

    [Fact]
    public void A_subset_recreates_only_its_own_services_for_changed_files()
    {
        Assert.Empty(Make(Host(Deployed), Changed, subset: ["worker"]).MountedFilesChanged);
        Assert.Equal(["web"], Make(Host(Deployed), Changed, subset: ["web"]).MountedFilesChanged);
    }

    [Fact]
    public void A_first_deploy_does_every_step_and_says_it_is_the_first()
    {
        var plan = Make(Host([], snapshot: false, firstDeploy: true), Changed with { Uploaded = ["docker-compose.yml"] });

        Assert.Equal(DeployScope.NewRelease, plan.Scope);
        Assert.Empty(plan.MountedFilesChanged);
        Assert.Equal(["a first deploy: the host has no current release"], plan.Reasons);
        Assert.Null(plan.ServicesToBuild);
        Assert.Null(plan.BuildSkipReason);
        Assert.Equal($"release {Release} is built, made current and brought up (a first deploy: the host has no current release).", plan.Summary);
    }

    [Fact]
    public void Without_an_upload_every_step_but_the_switch_runs()
    {
        var plan = Make(null, null);

        Assert.Equal(DeployScope.Unknown, plan.Scope);
        Assert.Null(plan.BuildSkipReason);
        Assert.Equal("no new release to switch to.", plan.SwitchSkipReason);
        Assert.Null(plan.UpSkipReason);
        Assert.Null(plan.HealthSkipReason);
    }
}
