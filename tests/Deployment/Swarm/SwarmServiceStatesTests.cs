using System.Text.Json;
using PrivateCloud.Tasks.Stacks.Swarm;
using PrivateCloud.Tasks.Plumbing.Docker;

namespace PrivateCloud.Tests.Deployment.Swarm;

/// <summary>The convergence rules on the JSON the engine gives (shapes taken from a 20.10 engine's `service inspect` and task `inspect`).</summary>
public sealed class SwarmServiceStatesTests
{
    private static string Service(string id, string name, int? replicas, string? update = null, bool healthcheck = false) =>
        JsonSerializer.Serialize(new Dictionary<string, object?>
        {
            ["ID"] = id,
            ["Spec"] = new
            {
                Name = name,
                TaskTemplate = new
                {
                    ContainerSpec = healthcheck
                        ? (object)new { Image = "img:1@sha256:abc", Healthcheck = new { Test = new[] { "CMD", "true" } } }
                        : new { Image = "img:1@sha256:abc" },
                },
                Mode = replicas is null ? (object)new { Global = new { } } : new { Replicated = new { Replicas = replicas } },
            },
            ["UpdateStatus"] = update is null ? null : new { State = update, Message = "update paused due to failure or early termination of task x" },
        });

    private static string Task(string id, string service, int slot, string desired, string state, string? error = null, string time = "2026-01-01T00:00:00Z") =>
        JsonSerializer.Serialize(new
        {
            ID = id,
            ServiceID = service,
            Slot = slot,
            DesiredState = desired,
            Status = new { Timestamp = time, State = state, Err = error, ContainerStatus = new { ContainerID = $"c-{id}" } },
        });

    private static IReadOnlyList<ServiceStatus> Read(string[] services, string[] tasks, params string[] upToDate) =>
        SwarmServiceStates.Read("cloud", $"[{string.Join(",", services)}]", $"[{string.Join(",", tasks)}]", upToDate.ToHashSet());

    [Fact]
    public void A_converged_service_has_one_ready_status_per_replica()
    {
        var statuses = Read(
            [Service("s1", "cloud_web", 2, healthcheck: true)],
            [Task("t1", "s1", 1, "running", "running"), Task("t2", "s1", 2, "running", "running"), Task("old", "s1", 1, "shutdown", "shutdown")],
            "t1", "t2", "old");

        Assert.Equal(["web.1", "web.2"], statuses.Select(s => s.ContainerName));
        Assert.All(statuses, s => Assert.True(s.IsReady));
        Assert.All(statuses, s => Assert.Equal(ContainerHealth.Healthy, s.Health));
        Assert.Equal(["c-t1", "c-t2"], statuses.Select(s => s.ContainerId));
        Assert.Equal("img:1", statuses[0].Image);
    }

    [Fact]
    public void A_replica_whose_task_runs_an_older_spec_is_pending()
    {
        var statuses = Read(
            [Service("s1", "cloud_web", 1)],
            [Task("old", "s1", 1, "running", "running"), Task("new", "s1", 1, "ready", "preparing")],
            "new");

        var status = Assert.Single(statuses);
        Assert.Equal("preparing", status.State);
        Assert.False(status.IsReady);
    }

    [Fact]
    public void Missing_replicas_are_pending_and_a_failed_task_of_the_current_spec_is_an_error_on_every_replica()
    {
        var statuses = Read(
            [Service("s1", "cloud_worker", 2)],
            [
                Task("t1", "s1", 1, "running", "running"),
                Task("f1", "s1", 2, "shutdown", "failed", "task: non-zero exit (3)", "2026-01-01T00:00:05Z"),
                Task("f0", "s1", 2, "shutdown", "failed", "older failure", "2026-01-01T00:00:01Z"),
            ],
            "t1", "f1", "f0");

        Assert.Equal(["running", "pending"], statuses.Select(s => s.State));
        Assert.All(statuses, s => Assert.Equal("task f1 failed: task: non-zero exit (3)", s.Error));
        Assert.All(statuses, s => Assert.False(s.IsReady));
    }

    [Fact]
    public void A_paused_update_is_an_error_though_the_tasks_run()
    {
        var statuses = Read([Service("s1", "cloud_web", 1, update: "paused")], [Task("t1", "s1", 1, "running", "running")], "t1");

        Assert.StartsWith("update paused: ", Assert.Single(statuses).Error, StringComparison.Ordinal);
        Assert.False(statuses[0].IsReady);
    }

    [Fact]
    public void A_global_service_wants_the_tasks_it_has_and_at_least_one()
    {
        Assert.Equal("pending", Assert.Single(Read([Service("s1", "cloud_agent", null)], [])).State);
        Assert.Equal(2, Read([Service("s1", "cloud_agent", null)], [Task("a", "s1", 0, "running", "running"), Task("b", "s1", 0, "running", "running")], "a", "b").Count);
    }
}
