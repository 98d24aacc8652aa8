using PrivateCloud.Tasks.Stacks;
using PrivateCloud.Tasks.Stacks.Swarm;
using PrivateCloud.Tasks.Plumbing.Docker;
using PrivateCloud.Tasks.Plumbing.Remote;
using PrivateCloud.Tests.Infrastructure;

namespace PrivateCloud.Tests.Deployment.Swarm;

/// <summary>
/// Deploy with --orchestrator=swarm on a real two-node swarm (<see cref="TwoNodeSwarmFixture"/>: a
/// manager labelled as the data node and a worker with no label and no image, linked by veth), over
/// the manager's real sshd, with a real registry the worker pulls from. The stack: the compose
/// tests' web (a bind mount and a named volume: it keeps data) scaled to two replicas, worker (a
/// named volume), and front, a built stateless service with two replicas, at most one per node.
/// </summary>
[System.Runtime.Versioning.UnsupportedOSPlatform("windows")]
public sealed class SwarmTwoNodeTests(TwoNodeSwarmFixture swarm, DockerFixture docker)
    : IClassFixture<TwoNodeSwarmFixture>, IClassFixture<DockerFixture>, IDisposable
{
    private const string Manager = "pcswarm-manager";
    private const string WorkerNode = "pcswarm-worker";

    private SwarmTestStack? _deployed;

    private SwarmTestStack Deployed => _deployed ??= CreateStack();

    private string Name => Deployed.Name;

    private string Registry => $"--registry={swarm.RegistryAddress}";

    public void Dispose()
    {
        if (_deployed is null)
        {
            return;
        }

        _deployed.Dispose();
        // The worker's copies of the stack's images, pulled by digest (untagged), once its tasks are gone.
        var deadline = DateTime.UtcNow.AddSeconds(60);
        while (DateTime.UtcNow < deadline && swarm.Worker.DockerLines("container", "ls", "--all", "--quiet", "--filter", $"label=com.docker.stack.namespace={Name}").Count > 0)
        {
            Thread.Sleep(250);
        }

        var images = swarm.Worker.DockerLines("image", "ls", "--no-trunc", "--format", "{{.ID}} {{.Repository}}")
            .Where(line => line.Contains(Name, StringComparison.Ordinal)).Select(line => line.Split(' ')[0]).Distinct().ToArray();
        if (images.Length > 0)
        {
            swarm.Worker.Docker(["image", "rm", "--force", .. images]);
        }
    }

    private SwarmTestStack CreateStack()
    {
        var stack = new SwarmTestStack(swarm, docker, """
            services:
              web:
                deploy:
                  replicas: 2
              front:
                build: ./front
                command: ["sleep", "3600"]
                stop_signal: SIGKILL
                deploy:
                  replicas: 2
                  placement:
                    max_replicas_per_node: 1

            """);
        stack.Stack.Write("front/Dockerfile", $"FROM {DockerFixture.BaseImage}\nCOPY page /page\n");
        stack.Stack.Write("front/page", "first\n");
        return stack;
    }

    /// <summary>The image each running container of a service on the worker's engine runs, without digest.</summary>
    private IReadOnlyList<string> WorkerImages(string service) =>
        [.. swarm.Worker.DockerLines("container", "ls", "--filter", $"label=com.docker.swarm.service.name={Name}_{service}", "--format", "{{.Image}}")
            .Select(image => image.Split('@')[0]).Order(StringComparer.Ordinal)];

    /// <summary>The image ids the service's containers on the worker run: the same as on the manager when the worker pulled what the manager built.</summary>
    private IReadOnlyList<string> WorkerImageIds(string service) =>
        [.. swarm.Worker.DockerLines("container", "ls", "--quiet", "--filter", $"label=com.docker.swarm.service.name={Name}_{service}")
            .Select(container => swarm.Worker.Docker("container", "inspect", "--format", "{{.Image}}", container).StandardOutput.Trim()).Distinct()];

    /// <summary>From front's task on the manager, one ping to front's task on the worker, at its address on the stack's overlay network.</summary>
    private PrivateCloud.Tasks.Plumbing.Processes.CommandResult OverlayPing()
    {
        var filter = $"label=com.docker.swarm.service.name={Name}_front";
        var onWorker = swarm.Worker.DockerLines("container", "ls", "--quiet", "--filter", filter).Single();
        var address = swarm.Worker.Docker("container", "inspect", "--format", $"{{{{(index .NetworkSettings.Networks \"{Name}_default\").IPAddress}}}}", onWorker)
            .StandardOutput.Trim();
        var onManager = swarm.DockerLines("container", "ls", "--quiet", "--filter", filter).Single();
        return swarm.Docker("exec", onManager, "ping", "-c", "1", "-W", "5", address);
    }

    private string Image(string service) => Deployed.Inspect(service, "{{.Spec.TaskTemplate.ContainerSpec.Image}}").Split('@')[0];

    [Fact]
    public void Without_a_registry_a_deploy_that_builds_images_is_refused_before_anything_changes()
    {
        var result = Deployed.Run("--target=Deploy");

        Assert.Equal(2, result.ExitCode);
        Assert.Contains(
            $"has 2 nodes and front, web, worker are built on the manager: give --registry=host:port, a registry every node can pull from (nothing was uploaded, built or deployed).",
            result.Output);
        Assert.Empty(Deployed.Replicas());
        Assert.Empty(Directory.GetFiles(Deployed.RemoteDirectory, "docker-compose.yml", SearchOption.AllDirectories));
        Assert.Empty(swarm.DockerLines("image", "ls", "--quiet", "--filter", $"reference={Name}*"));
    }

    [Fact]
    public void With_a_registry_the_worker_pulls_and_runs_a_stateless_replica_while_data_services_stay_on_the_data_node()
    {
        swarm.StartRegistry();

        var deploy = Deployed.Run("--target=Deploy", Registry);
        var webTasks = Deployed.Tasks("web")["web"];
        var recreate = Deployed.Run("--target=Recreate", "--service=web", Registry);

        Assert.True(deploy.ExitCode == 0, deploy.ToString());
        Assert.Equal(new Dictionary<string, string> { ["front"] = "2/2", ["web"] = "2/2", ["worker"] = "1/1" }, Deployed.Replicas());
        Assert.Equal([Manager, WorkerNode], Deployed.Nodes("front"));
        Assert.StartsWith($"{swarm.RegistryAddress}/{Name}-front:", Image("front"));
        Assert.Equal([Image("front")], WorkerImages("front"));
        Assert.Equal(swarm.DockerLines("image", "inspect", "--format", "{{.Id}}", Image("front")), WorkerImageIds("front"));
        Assert.Equal([Manager, Manager], Deployed.Nodes("web"));
        Assert.Equal([Manager], Deployed.Nodes("worker"));
        Assert.Empty(WorkerImages("web"));
        Assert.Empty(WorkerImages("worker"));
        Assert.Contains($"\"{Name}-front\"", swarm.RegistryGet("/v2/_catalog").StandardOutput);
        Assert.True(OverlayPing().Succeeded, "The manager's front task reaches the worker's over the stack's overlay network (VXLAN)");

        Assert.True(recreate.ExitCode == 0, recreate.ToString());
        Assert.Contains($"docker service update --force --detach --quiet {Name}_web", recreate.Output);
        Assert.NotEqual(webTasks, Deployed.Tasks("web")["web"]);
        Assert.Equal([Manager, Manager], Deployed.Nodes("web"));
        Assert.Empty(WorkerImages("web"));
    }

    [Fact]
    public void Recreate_of_a_rebuilt_service_rolls_it_onto_the_new_image_on_both_nodes()
    {
        swarm.StartRegistry();
        Assert.True(Deployed.Run("--target=Deploy", Registry).ExitCode == 0);
        var before = Image("front");
        var webTasks = Deployed.Tasks("web")["web"];

        // --no-cache builds an image with another id from the same files: a new content tag.
        var recreate = Deployed.Run("--target=Recreate", "--service=front", "--no-cache", Registry);

        Assert.True(recreate.ExitCode == 0, recreate.ToString());
        Assert.Contains("front: rebuilt into another image, deployed with the stack.", recreate.Output);
        Assert.NotEqual(before, Image("front"));
        Assert.StartsWith($"{swarm.RegistryAddress}/{Name}-front:", Image("front"));
        Assert.Equal([Image("front")], WorkerImages("front"));
        Assert.Equal([Manager, WorkerNode], Deployed.Nodes("front"));
        Assert.Equal(webTasks, Deployed.Tasks("web")["web"]);
    }

    [Fact]
    public void Exec_runs_in_the_task_on_the_manager_and_names_the_node_of_a_service_that_runs_only_elsewhere()
    {
        swarm.StartRegistry();
        Deployed.Stack.Write("docker-compose.solo.yml", """
            services:
              solo:
                build: ./front
                command: ["sleep", "3600"]
                stop_signal: SIGKILL
                deploy:
                  placement:
                    constraints: [node.role == worker]

            """);
        var deploy = Deployed.Run("--target=Deploy", Registry, $"--compose-file=docker-compose.yml,{SwarmTestStack.OverrideFile},docker-compose.solo.yml");
        Assert.True(deploy.ExitCode == 0, deploy.ToString());
        using var session = new SshSession(swarm.Ssh.Settings());
        var shell = new RemoteShell(session, docker.Redactor, _ => { });
        var project = new ComposeProject(Name, Deployed.RemoteDirectory, ["docker-compose.yml"], ".env");
        var stack = new SwarmStack(
            new RemoteSwarmEngine(shell, new RemoteCompose(shell, project, docker.Redactor, _ => { }), _ => { }),
            new SwarmStackOptions(project, Deployed.RemoteDirectory, ["docker-compose.yml"], ".env", swarm.RegistryAddress, TimeSpan.FromSeconds(30), DryRun: false),
            null,
            docker.Redactor,
            _ => { },
            _ => { });

        var onManager = stack.Exec(new ServiceExec("front", ["cat", "/page"]));
        var elsewhere = Assert.Throws<InvalidOperationException>(() => stack.Exec(new ServiceExec("solo", ["cat", "/page"])));
        var nowhere = Assert.Throws<ServiceNotRunningException>(() => stack.Exec(new ServiceExec("absent", ["true"])));

        Assert.True(onManager.Succeeded, onManager.StandardError);
        Assert.Equal("first", onManager.StandardOutput.Trim());
        Assert.Equal([WorkerNode], Deployed.Nodes("solo"));
        Assert.StartsWith(
            $"Service 'solo' of stack {Name} runs only on node(s) {WorkerNode}, not on the swarm manager root@127.0.0.1:{swarm.Ssh.Port}, and commands run in a task on the manager: place it on the manager",
            elsewhere.Message);
        Assert.Contains("'absent'", nowhere.Message);
    }

    [Fact]
    public void A_changed_image_rolls_its_service_on_both_nodes_and_Rollback_returns_both()
    {
        swarm.StartRegistry();
        Assert.True(Deployed.Run("--target=Deploy", Registry).ExitCode == 0);
        var first = Image("front");
        var before = Deployed.Tasks("front", "web", "worker");

        Deployed.Stack.Write("front/page", "second\n");
        var update = Deployed.Run("--target=Deploy", Registry);
        var second = Image("front");
        var after = Deployed.Tasks("front", "web", "worker");
        var workerAfterUpdate = WorkerImages("front");
        var rollback = Deployed.Run("--target=Rollback", Registry);

        Assert.True(update.ExitCode == 0, update.ToString());
        Assert.NotEqual(first, second);
        Assert.StartsWith($"{swarm.RegistryAddress}/{Name}-front:", second);
        Assert.Equal([second], workerAfterUpdate);
        Assert.NotEqual(before["front"], after["front"]);
        Assert.Equal(before["web"], after["web"]);
        Assert.Equal(before["worker"], after["worker"]);
        Assert.Contains("front: container recreated", update.Output);

        Assert.True(rollback.ExitCode == 0, rollback.ToString());
        Assert.Equal(first, Image("front"));
        Assert.Equal([first], WorkerImages("front"));
        Assert.Equal([Manager, WorkerNode], Deployed.Nodes("front"));
        Assert.Equal("2/2", Deployed.Replicas()["front"]);
    }
}
