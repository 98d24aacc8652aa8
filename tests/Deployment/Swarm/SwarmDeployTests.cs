using PrivateCloud.Tests.Infrastructure;

namespace PrivateCloud.Tests.Deployment.Swarm;

/// <summary>
/// Deploy and its tasks with --orchestrator=swarm as a user runs them: the build program, over a
/// real sshd on loopback whose sessions reach a real one-node swarm (its own dockerd in a network
/// namespace, see <see cref="SwarmEngineFixture"/>), with the compose tests' busybox stack and an
/// override that uses what Swarm replaces (container_name, depends_on conditions, restart), passes a
/// secret in the environment, and scales a stateless service to two replicas.
/// </summary>
[System.Runtime.Versioning.UnsupportedOSPlatform("windows")]
public sealed class SwarmDeployTests(SwarmEngineFixture swarm, DockerFixture docker)
    : IClassFixture<SwarmEngineFixture>, IClassFixture<DockerFixture>, IDisposable
{
    private const string Password = "Sw4rm-only-in-env-93";
    private const string SwarmFile = SwarmTestStack.OverrideFile;

    private SwarmTestStack? _deployed;

    private SwarmTestStack Deployed => _deployed ??= new SwarmTestStack(swarm, docker, """
        services:
          web:
            container_name: swarm-web
            depends_on:
              worker:
                condition: service_started
          worker:
            restart: unless-stopped
            environment:
              DB_PASSWORD: ${DB_PASSWORD}
          cache:
            image: privatecloud-test/busybox:latest
            command: ["sleep", "3600"]
            stop_signal: SIGKILL
            deploy:
              replicas: 2

        """, $"DB_PASSWORD={Password}\n");

    private TestComposeStack Stack => Deployed.Stack;

    private string Name => Deployed.Name;

    public void Dispose() => _deployed?.Dispose();

    private BuildProgram.Result Run(params string[] args) => Deployed.Run(args);

    private Dictionary<string, string> Tasks() => Deployed.Tasks("web", "worker", "cache");

    private string Inspect(string service, string format) => Deployed.Inspect(service, format);

    private Dictionary<string, string> Replicas() => Deployed.Replicas();

    [Fact]
    public void Deploy_runs_the_stack_on_the_swarm_and_a_second_deploy_changes_nothing()
    {
        var first = Run("--target=Deploy");
        var tasks = Tasks();
        var release = Path.GetFileName(new DirectoryInfo(Path.Combine(Deployed.RemoteDirectory, "current")).LinkTarget!);
        var imageRecord = File.ReadAllLines(Path.Combine(Deployed.RemoteDirectory, "images", release)).Order(StringComparer.Ordinal);
        var second = Run("--target=Deploy");

        Assert.True(first.ExitCode == 0, first.ToString());
        // The record of what each service runs, which Prune keeps for Rollback: the manager's image ids, read in one command.
        Assert.Equal(
            new[] { "cache", "web", "worker" }.Select(service => $"{service} {ImageId(Inspect(service, "{{.Spec.TaskTemplate.ContainerSpec.Image}}"))}"),
            imageRecord);
        Assert.Equal(new Dictionary<string, string> { ["cache"] = "2/2", ["web"] = "1/1", ["worker"] = "1/1" }, Replicas());
        Assert.Contains("node.labels.privatecloud.data==true", Inspect("web", "{{json .Spec.TaskTemplate.Placement}}"));
        Assert.Contains("node.labels.privatecloud.data==true", Inspect("worker", "{{json .Spec.TaskTemplate.Placement}}"));
        Assert.DoesNotContain("privatecloud.data", Inspect("cache", "{{json .Spec.TaskTemplate.Placement}}"));
        Assert.Contains($"web: build: Swarm builds no images; compose builds it on the manager and the stack runs it as {Name}-web:", first.Output);
        Assert.Contains("web: container_name: Swarm names each task", first.Output);
        Assert.Contains("web: depends_on: Swarm starts every service at once and restarts one that fails under its restart policy; nothing waits for worker.", first.Output);
        Assert.Contains("worker: restart: unless-stopped becomes deploy.restart_policy.condition any.", first.Output);
        Assert.Contains($"DB_PASSWORD={Password}", Inspect("worker", "{{json .Spec.TaskTemplate.ContainerSpec.Env}}"));
        Assert.Contains($"GREETING={TestComposeStack.Greeting}", Inspect("worker", "{{json .Spec.TaskTemplate.ContainerSpec.Env}}"));
        Assert.DoesNotContain(Password, first.Output);

        Assert.True(second.ExitCode == 0, second.ToString());
        Assert.Contains("Deploy changed nothing", second.Output);
        Assert.Equal(tasks, Tasks());
        Assert.DoesNotContain(Password, second.Output);
    }

    [Fact]
    public void A_changed_mounted_file_updates_the_service_mounting_it()
    {
        Assert.True(Run("--target=Deploy").ExitCode == 0);
        var image = Inspect("web", "{{.Spec.TaskTemplate.ContainerSpec.Image}}");
        var before = Tasks();

        Stack.Write("web/httpd.conf", "A:*\n# changed\n");
        var result = Run("--target=Deploy");
        var after = Tasks();

        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.Contains("Files mounted by web changed: recreating.", result.Output);
        Assert.Contains($"docker service update --force --detach --quiet {Name}_web", result.Output);
        Assert.Equal(image, Inspect("web", "{{.Spec.TaskTemplate.ContainerSpec.Image}}"));
        Assert.NotEqual(before["web"], after["web"]);
        Assert.Equal(before["worker"], after["worker"]);
        Assert.Equal("1/1", Replicas()["web"]);
    }

    [Fact]
    public void A_changed_image_rolls_only_its_service_and_Rollback_returns_to_the_previous_image()
    {
        Assert.True(Run("--target=Deploy").ExitCode == 0);
        var firstImage = Inspect("web", "{{.Spec.TaskTemplate.ContainerSpec.Image}}");
        var before = Tasks();

        Stack.Write("web/index.html", "<h1>second</h1>\n");
        var dryRun = Run("--target=Deploy", "--dryrun");
        var afterDryRun = Tasks();
        var imageAfterDryRun = Inspect("web", "{{.Spec.TaskTemplate.ContainerSpec.Image}}");
        var update = Run("--target=Deploy");
        var secondImage = Inspect("web", "{{.Spec.TaskTemplate.ContainerSpec.Image}}");
        var after = Tasks();
        var rollback = Run("--target=Rollback");

        Assert.True(dryRun.ExitCode == 0, dryRun.ToString());
        Assert.Equal(before, afterDryRun);
        Assert.Equal(firstImage, imageAfterDryRun);
        Assert.Contains("docker stack deploy --prune --resolve-image never --compose-file", dryRun.Output);
        Assert.Contains("[dry-run] would run on", dryRun.Output);
        Assert.DoesNotContain(Password, dryRun.Output);

        Assert.True(update.ExitCode == 0, update.ToString());
        Assert.NotEqual(firstImage, secondImage);
        Assert.NotEqual(before["web"], after["web"]);
        Assert.Equal(before["worker"], after["worker"]);
        Assert.Equal(before["cache"], after["cache"]);
        Assert.Contains("web: container recreated", update.Output);
        Assert.DoesNotContain("worker: container", update.Output);

        Assert.True(rollback.ExitCode == 0, rollback.ToString());
        Assert.Equal(firstImage, Inspect("web", "{{.Spec.TaskTemplate.ContainerSpec.Image}}"));
        Assert.Equal("1/1", Replicas()["web"]);
    }

    [Fact]
    public void ShowStatus_counts_replicas_ShowLogs_reads_the_service_log_and_Down_needs_confirm()
    {
        Assert.True(Run("--target=Deploy").ExitCode == 0);

        var logs = Run("--target=ShowLogs", "--service=worker", "--tail=3");
        var status = Run("--target=ShowStatus");
        var refused = Run("--target=Down");
        var replicasAfterRefusal = Replicas();
        var down = Run("--target=Down", "--confirm");

        Assert.True(status.ExitCode == 0, status.ToString());
        Assert.Matches(@"web\s+running\s+healthy", status.Output);
        Assert.Contains("Replicas running: cache 2/2, web 1/1, worker 1/1.", status.Output);
        Assert.Contains("line 20", logs.Output);
        Assert.DoesNotContain("line 17", logs.Output);
        Assert.Equal(2, refused.ExitCode);
        Assert.Contains("run it again with --confirm", refused.Output);
        Assert.Contains($"The swarm stack {Name} is down; its volumes are kept.", down.Output);
        Assert.Equal(3, replicasAfterRefusal.Count);
        Assert.True(down.ExitCode == 0, down.ToString());
        Assert.Empty(Replicas());
        Assert.Empty(swarm.DockerLines("container", "ls", "--all", "--quiet", "--filter", $"label=com.docker.stack.namespace={Name}"));
        Assert.Single(swarm.DockerLines("volume", "ls", "--quiet", "--filter", $"name={Name}_data"));
    }

    [Fact]
    public void WaitHealthy_names_a_failing_service_with_its_task_error_and_logs()
    {
        Stack.Write("docker-compose.broken.yml", """
            services:
              broken:
                image: privatecloud-test/busybox:latest
                command: ["sh", "-c", "echo about to fail; exit 3"]

            """);

        var result = Run("--target=Deploy", $"--compose-file=docker-compose.yml,{SwarmFile},docker-compose.broken.yml", "--timeout=20");

        Assert.Equal(1, result.ExitCode);
        Assert.True(
            System.Text.RegularExpressions.Regex.IsMatch(result.Output, @"broken: \w+, task \w+ failed: task: non-zero exit \(3\); its last 50 log lines:"),
            result.ToString());
        Assert.Contains("about to fail", result.Output);
        Assert.Contains("service(s) not healthy after 20 s: broken", result.Output);
    }

    [Fact]
    public void A_built_service_naming_its_own_image_runs_the_image_compose_tagged_with_that_name()
    {
        // The name holds the stack's, so the stack's disposal removes it from the manager.
        var own = $"{Name}-own/web:custom";
        Stack.Write("docker-compose.image.yml", """
            services:
              web:
                image: ${WEB_IMAGE}

            """);
        File.AppendAllText(Path.Combine(Stack.Directory, ".env"), $"WEB_IMAGE={own}\n");

        var result = Run("--target=Deploy", $"--compose-file=docker-compose.yml,{SwarmFile},docker-compose.image.yml");

        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.Equal(ImageId(own), ImageId(Inspect("web", "{{.Spec.TaskTemplate.ContainerSpec.Image}}")));
        // Nothing under the project's default names: the stack's content tags are <stack>-web:<image id>.
        Assert.Empty(swarm.DockerLines("image", "ls", "--quiet", $"{Name}-web:latest"));
        Assert.Empty(swarm.DockerLines("image", "ls", "--quiet", $"{Name}_web"));
    }

    [Fact]
    public void Built_images_run_by_the_digest_their_push_returned_so_a_tag_moved_in_the_registry_changes_nothing_and_Rollback_returns_the_previous_digest()
    {
        swarm.StartRegistry();
        var registry = $"--registry={swarm.RegistryAddress}";

        var result = Run("--target=Deploy", registry);
        var catalog = swarm.RegistryGet("/v2/_catalog");
        var pushed = Inspect("web", "{{.Spec.TaskTemplate.ContainerSpec.Image}}");
        var pushedId = RunningImageId("web");
        // Another image pushed under the same tag from the manager, whose own tag then goes back to the deployed image.
        var tag = pushed.Split('@')[0];
        swarm.Docker("image", "tag", DockerFixture.BaseImage, tag).EnsureSuccess("Tagging another image");
        swarm.Docker("image", "push", tag).EnsureSuccess("Moving the tag in the registry");
        swarm.Docker("image", "tag", pushedId, tag).EnsureSuccess("Tagging the deployed image again");
        swarm.Docker("service", "update", "--force", "--quiet", $"{Name}_web").EnsureSuccess("Updating web");
        var afterUpdate = (Spec: Inspect("web", "{{.Spec.TaskTemplate.ContainerSpec.Image}}"), Image: RunningImageId("web"));
        var redeploy = Run("--target=Deploy", registry);
        var afterRedeploy = (Spec: Inspect("web", "{{.Spec.TaskTemplate.ContainerSpec.Image}}"), Image: RunningImageId("web"));
        Stack.Write("web/index.html", "<h1>second</h1>\n");
        var update = Run("--target=Deploy", registry);
        var second = Inspect("web", "{{.Spec.TaskTemplate.ContainerSpec.Image}}");
        var rollback = Run("--target=Rollback", registry);

        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.StartsWith($"{swarm.RegistryAddress}/{Name}-web:", pushed);
        // The digest the registry returned for the push: the one the manager's image records.
        Assert.Equal(
            new[] { pushed.Split('@')[1] },
            swarm.DockerLines("image", "inspect", "--format", "{{range .RepoDigests}}{{println .}}{{end}}", pushedId).Select(digest => digest.Split('@')[1]));
        Assert.True(catalog.Succeeded, catalog.StandardError);
        Assert.Contains($"\"{Name}-web\"", catalog.StandardOutput);
        Assert.Contains($"\"{Name}-worker\"", catalog.StandardOutput);
        Assert.Equal((pushed, pushedId), afterUpdate);
        Assert.True(redeploy.ExitCode == 0, redeploy.ToString());
        Assert.Equal((pushed, pushedId), afterRedeploy);
        Assert.True(update.ExitCode == 0, update.ToString());
        Assert.Matches(@"@sha256:[0-9a-f]{64}\z", second);
        Assert.NotEqual(pushed, second);
        Assert.True(rollback.ExitCode == 0, rollback.ToString());
        Assert.Equal(pushed, Inspect("web", "{{.Spec.TaskTemplate.ContainerSpec.Image}}"));
        Assert.Equal(pushedId, RunningImageId("web"));
    }

    /// <summary>The image id the service's running container on the manager runs.</summary>
    private string RunningImageId(string service)
    {
        var container = swarm.DockerLines("container", "ls", "--quiet", "--filter", $"label=com.docker.swarm.service.name={Name}_{service}").Single();
        return swarm.Docker("container", "inspect", "--format", "{{.Image}}", container).StandardOutput.Trim();
    }

    [Fact]
    public void Without_a_host_the_docker_CLI_here_deploys_to_the_manager_it_reaches()
    {
        var stack = Stack;
        var environment = new Dictionary<string, string> { ["DOCKER_HOST"] = swarm.DockerHost };
        var deploy = BuildProgram.Run(stack.Directory, environment, $"--stack={stack.Directory}", "--target=Deploy", "--timeout=90", "--orchestrator=swarm", $"--compose-file=docker-compose.yml,{SwarmFile}");
        var mounts = Inspect("web", "{{json .Spec.TaskTemplate.ContainerSpec.Mounts}}");
        var down = BuildProgram.Run(stack.Directory, environment, $"--stack={stack.Directory}", "--target=Down", "--confirm", "--orchestrator=swarm", $"--compose-file=docker-compose.yml,{SwarmFile}");

        Assert.True(deploy.ExitCode == 0, deploy.ToString());
        Assert.Contains($"\"Source\":\"{stack.Directory}/web/httpd.conf\"", mounts);
        Assert.DoesNotContain(Password, deploy.Output);
        Assert.True(down.ExitCode == 0, down.ToString());
        Assert.Empty(Replicas());
    }

    [Fact]
    public void Through_a_docker_context_the_docker_CLI_here_deploys_to_the_manager_and_Down_removes_the_stack()
    {
        var stack = Stack;
        using var config = new TemporaryDirectory();
        // A docker context of its own, in a config directory of its own: the machine's contexts stay as they are.
        var environment = new Dictionary<string, string> { ["DOCKER_CONFIG"] = config.Path };
        docker.Runner.Run(new PrivateCloud.Tasks.Plumbing.Processes.CommandRequest("docker", ["context", "create", "pcswarm", "--docker", $"host={swarm.DockerHost}"])
        {
            Environment = environment,
            Quiet = true,
        }).EnsureSuccess("docker context create");
        string[] options = [$"--stack={stack.Directory}", "--orchestrator=swarm", "--docker-context=pcswarm", $"--compose-file=docker-compose.yml,{SwarmFile}"];

        var deploy = BuildProgram.Run(stack.Directory, environment, [.. options, "--target=Deploy", "--timeout=90"]);
        var replicas = Replicas();
        var status = BuildProgram.Run(stack.Directory, environment, [.. options, "--target=ShowStatus"]);
        var down = BuildProgram.Run(stack.Directory, environment, [.. options, "--target=Down", "--confirm"]);

        Assert.True(deploy.ExitCode == 0, deploy.ToString());
        Assert.Contains("docker context 'pcswarm'", deploy.Output);
        Assert.Equal(new Dictionary<string, string> { ["cache"] = "2/2", ["web"] = "1/1", ["worker"] = "1/1" }, replicas);
        Assert.DoesNotContain(Password, deploy.Output);
        Assert.True(status.ExitCode == 0, status.ToString());
        Assert.Contains("Replicas running: cache 2/2, web 1/1, worker 1/1.", status.Output);
        Assert.True(down.ExitCode == 0, down.ToString());
        Assert.Empty(Replicas());
    }

    [Fact]
    public void Prune_removes_the_stopped_tasks_and_the_content_tags_no_kept_release_needs_and_a_second_run_finds_nothing()
    {
        // Three releases, two kept: the first release's web image is no longer needed, the second's is, for a Rollback.
        Assert.True(Run("--target=Deploy", "--keep-releases=2").ExitCode == 0);
        var first = Inspect("web", "{{.Spec.TaskTemplate.ContainerSpec.Image}}").Split('@')[0];
        Stack.Write("web/index.html", "<h1>second</h1>\n");
        Assert.True(Run("--target=Deploy", "--keep-releases=2").ExitCode == 0);
        var second = Inspect("web", "{{.Spec.TaskTemplate.ContainerSpec.Image}}").Split('@')[0];
        Stack.Write("web/index.html", "<h1>third</h1>\n");
        Assert.True(Run("--target=Deploy", "--keep-releases=2").ExitCode == 0);
        var third = Inspect("web", "{{.Spec.TaskTemplate.ContainerSpec.Image}}").Split('@')[0];
        var worker = Inspect("worker", "{{.Spec.TaskTemplate.ContainerSpec.Image}}").Split('@')[0];
        var stoppedBefore = swarm.DockerLines("container", "ls", "--quiet", "--filter", "status=exited", "--filter", $"label=com.docker.stack.namespace={Name}");

        var dryRun = Run("--target=Prune", "--dryrun");
        var tagsAfterDryRun = ContentTags();
        var prune = Run("--target=Prune");
        var tagsAfterPrune = ContentTags();
        var again = Run("--target=Prune");

        Assert.Equal(3, new[] { first, second, third }.Distinct().Count());
        Assert.NotEmpty(stoppedBefore);
        Assert.True(dryRun.ExitCode == 0, dryRun.ToString());
        Assert.Contains($"  would remove image {first} (", dryRun.Output);
        Assert.Contains("  would remove stopped container ", dryRun.Output);
        Assert.Subset(tagsAfterDryRun.ToHashSet(), new HashSet<string> { first, second, third, worker });
        Assert.Contains($"  kept image {second} (", dryRun.Output);
        Assert.True(prune.ExitCode == 0, prune.ToString());
        Assert.Equal(Lines(dryRun, "  would remove "), Lines(prune, "  removed "));
        Assert.Contains($"Pruned swarm stack {Name}", prune.Output);
        Assert.Contains("Prune reaches the manager only", prune.Output);
        Assert.DoesNotContain(first, tagsAfterPrune);
        Assert.Contains(second, tagsAfterPrune);
        Assert.Contains(third, tagsAfterPrune);
        Assert.Contains(worker, tagsAfterPrune);
        Assert.Empty(swarm.DockerLines("container", "ls", "--quiet", "--filter", "status=exited", "--filter", $"label=com.docker.stack.namespace={Name}"));
        Assert.Equal(new Dictionary<string, string> { ["cache"] = "2/2", ["web"] = "1/1", ["worker"] = "1/1" }, Replicas());
        Assert.True(again.ExitCode == 0, again.ToString());
        Assert.Contains($"Nothing to prune in swarm stack {Name}", again.Output);
    }

    private string ImageId(string reference) =>
        swarm.Docker("image", "inspect", "--format", "{{.Id}}", reference.Split('@')[0]).EnsureSuccess($"inspecting {reference}").StandardOutput.Trim();

    /// <summary>The stack's image tags on the manager.</summary>
    private IReadOnlyList<string> ContentTags() =>
        [.. swarm.DockerLines("image", "ls", "--format", "{{.Repository}}:{{.Tag}}").Where(tag => tag.StartsWith(Name, StringComparison.Ordinal))];

    private static List<string> Lines(BuildProgram.Result result, string prefix) =>
        [.. result.Output.Split('\n').Where(line => line.StartsWith(prefix, StringComparison.Ordinal)).Select(line => line[prefix.Length..].Trim()).Order(StringComparer.Ordinal)];

    [Fact]
    public void The_data_node_label_PrepareHost_sets_is_added_once()
    {
        swarm.Require();
        var node = swarm.NodeId;
        swarm.Docker("node", "update", "--label-rm", SwarmEngineFixture.DataLabel, node).EnsureSuccess("Removing the label");
        try
        {
            using var session = new PrivateCloud.Tasks.Plumbing.Remote.SshSession(swarm.Ssh.Settings());
            var labeller = new PrivateCloud.Tasks.Stacks.Swarm.DataNodeLabel(new PrivateCloud.Tasks.Plumbing.Remote.RemoteShell(session, docker.Redactor, _ => { }));

            var first = labeller.Ensure();
            var second = labeller.Ensure();

            Assert.Equal($"labelled swarm node {node} (root@127.0.0.1:{swarm.Ssh.Port}) privatecloud.data=true, where the services keeping data run", Assert.Single(first).ToString());
            Assert.Empty(second);
            Assert.Equal("true", swarm.Docker("node", "inspect", "--format", "{{index .Spec.Labels \"privatecloud.data\"}}", node).StandardOutput.Trim());
        }
        finally
        {
            swarm.Docker("node", "update", "--label-add", $"{SwarmEngineFixture.DataLabel}=true", node);
        }
    }
}
