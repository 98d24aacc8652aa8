using PrivateCloud.Tasks.Stacks.Snapshots;
using PrivateCloud.Tasks.Plumbing.Docker;

namespace PrivateCloud.Tests.Deployment;

public sealed class RunningSnapshotTests
{
    private const string Project = "cloud";
    private static readonly string[] Files = ["docker-compose.yml"];

    private static ServiceStatus Container(string service, string id, string hash, string state = "running", ContainerHealth health = ContainerHealth.None) =>
        new(service, id, $"{Project}-{service}-1", state, health, $"{Project}-{service}", $"sha256:{service}") { ConfigHash = hash };

    private static readonly ServiceStatus[] Deployed =
    [
        Container("db", "id-db", "hash-db", health: ContainerHealth.Healthy),
        Container("web", "id-web", "hash-web"),
    ];

    private static IReadOnlyList<string> DriftOf(params ServiceStatus[] now) =>
        RunningSnapshot.Of(Project, Files, Deployed).Drift(Project, Files, now);

    [Fact]
    public void The_same_containers_running_and_healthy_are_no_drift()
    {
        Assert.Empty(DriftOf(Deployed));
    }

    [Fact]
    public void Survives_its_json_form()
    {
        var snapshot = RunningSnapshot.Of(Project, ["a.yml", "b.yml"], Deployed);

        var parsed = RunningSnapshot.Parse(snapshot.ToJson(), "test");

        Assert.Equal(snapshot.Project, parsed.Project);
        Assert.Equal(snapshot.ComposeFiles, parsed.ComposeFiles);
        Assert.Equal(snapshot.Containers, parsed.Containers);
    }

    [Fact]
    public void A_snapshot_of_another_format_or_no_json_says_where_it_is()
    {
        var otherFormat = Assert.Throws<InvalidDataException>(() => RunningSnapshot.Parse("{\"format\": 2}", "host:/opt/current/.running.json"));
        var broken = Assert.Throws<InvalidDataException>(() => RunningSnapshot.Parse("{", "host:/opt/current/.running.json"));

        Assert.Equal("host:/opt/current/.running.json: running snapshot format 2 is not supported (expected 1).", otherFormat.Message);
        Assert.StartsWith("host:/opt/current/.running.json: not a valid running snapshot (", broken.Message);
    }

    [Fact]
    public void A_stopped_or_unhealthy_container_is_drift()
    {
        Assert.Equal(
            ["db: container cloud-db-1 is running, unhealthy", "web: container cloud-web-1 is exited"],
            DriftOf(Deployed[0] with { Health = ContainerHealth.Unhealthy }, Deployed[1] with { State = "exited" }));
        Assert.Equal(["db: container cloud-db-1 is running, starting"], DriftOf(Deployed[0] with { Health = ContainerHealth.Starting }, Deployed[1]));
    }

    [Fact]
    public void A_missing_replaced_or_extra_container_is_drift()
    {
        Assert.Equal(["web: its container is gone"], DriftOf(Deployed[0]));
        Assert.Equal(["web: its containers are not the ones the last deploy left"], DriftOf(Deployed[0], Deployed[1] with { ContainerId = "id-web-2" }));
        Assert.Equal(["cache: runs a container the last deploy did not start"], DriftOf([.. Deployed, Container("cache", "id-cache", "hash-cache")]));
        Assert.Equal(
            ["web: its containers are not the ones the last deploy left"],
            DriftOf([.. Deployed, Deployed[1] with { ContainerId = "id-web-2", ContainerName = "cloud-web-2" }]));
    }

    [Fact]
    public void Drift_is_listed_service_by_service_in_ordinal_order_as_compose_names_may_hold_capitals()
    {
        var deployed = new[] { Container("api", "id-api", "hash-api"), Container("Web", "id-Web", "hash-Web") };

        var drift = RunningSnapshot.Of(Project, Files, deployed).Drift(Project, Files, []);

        Assert.Equal(["Web: its container is gone", "api: its container is gone"], drift);
    }

    [Fact]
    public void Another_config_hash_is_drift()
    {
        var drift = DriftOf(Deployed[0], Deployed[1] with { ContainerId = "id-web-2", ConfigHash = "0123456789abcdef" });

        Assert.Equal(["web: config hash 0123456789ab, the last deploy left hash-web"], drift);
    }

    [Fact]
    public void Another_project_or_other_compose_files_are_drift()
    {
        var snapshot = RunningSnapshot.Of(Project, Files, Deployed);

        Assert.Equal(
            ["the last deploy ran compose project cloud with docker-compose.yml, this one cloud with docker-compose.yml,extra.yml"],
            snapshot.Drift(Project, ["docker-compose.yml", "extra.yml"], Deployed));
        Assert.Single(snapshot.Drift("other", Files, Deployed));
    }

    [Fact]
    public void Containers_another_compose_made_are_drift_for_the_compose_this_deploy_runs()
    {
        ServiceStatus[] madeByV1 = [.. Deployed.Select(c => c with { ComposeVersion = "1.29.2" })];
        HostState Host(bool pluginInstalled) =>
            new(null, RunningSnapshot.Of(Project, Files, madeByV1), null, madeByV1, []) { Composes = ComposeTool.ParseLookup(pluginInstalled ? "v2 /usr/lib/docker/cli-plugins/docker-compose\nv1 /usr/bin/docker-compose\n" : "v1 /usr/bin/docker-compose\n") };

        Assert.Equal(
            [
                "db: compose 1.29.2 made its container, and this deploy runs compose v2, which takes it over",
                "web: compose 1.29.2 made its container, and this deploy runs compose v2, which takes it over",
            ],
            Host(pluginInstalled: true).Drift(Project, Files, wanted: null));
        Assert.Equal(2, Host(pluginInstalled: false).Drift(Project, Files, ComposeFlavor.PluginV2).Count);
        Assert.Empty(Host(pluginInstalled: false).Drift(Project, Files, wanted: null));
        Assert.Empty(Host(pluginInstalled: true).Drift(Project, Files, ComposeFlavor.StandaloneV1));
    }

    [Theory]
    [InlineData("", 0)]
    [InlineData("2", 2)]
    public void Only_a_container_labelled_with_a_compose_version_counts_as_made_by_a_compose(string version, int drift)
    {
        ServiceStatus[] made = [.. Deployed.Select(c => c with { ComposeVersion = version })];
        var host = new HostState(null, RunningSnapshot.Of(Project, Files, made), null, made, []) { Composes = ComposeTool.ParseLookup("v1 /usr/bin/docker-compose\n") };

        Assert.Equal(drift, host.Drift(Project, Files, wanted: null).Count);
    }
}
