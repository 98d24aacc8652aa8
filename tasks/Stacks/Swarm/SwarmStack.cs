using PrivateCloud.Frosting;
using PrivateCloud.Tasks.Plumbing.DotEnv;
using PrivateCloud.Tasks.Plumbing.Docker;
using PrivateCloud.Tasks.Stacks.Health;
using PrivateCloud.Tasks.Stacks.Pruning;
using PrivateCloud.Tasks.Stacks.Releases;
using PrivateCloud.Tasks.Stacks;
using PrivateCloud.Tasks.Plumbing.Processes;
using PrivateCloud.Tasks.Plumbing.Secrets;
using PrivateCloud.Tasks.Plumbing.Settings;

namespace PrivateCloud.Tasks.Stacks.Swarm;

/// <summary>
/// The stack as a Docker Swarm runs it: compose builds the images on the manager, each built image is
/// tagged by its content (so a service rolls exactly when its image changed) and pushed to the
/// registry when one is given, and <c>docker stack deploy</c> takes the release's compose files
/// rewritten by <see cref="SwarmStackFile"/>, with the release's .env in its environment.
/// </summary>
public sealed class SwarmStack(ISwarmEngine engine, SwarmStackOptions options, ReleaseStore? releases, SecretRedactor redactor, Action<string> info, Action<string> warn)
    : IComposeStack
{
    private static readonly TimeSpan PollInterval = TimeSpan.FromSeconds(1);

    public ComposeProject Project => options.Project;

    public ReleaseStore? Releases => releases;

    public string Location => engine.Location;

    public string Kind => "swarm stack";

    public bool RunsContainersOnTheHost => false;

    public bool CountsReplicas => true;

    public string? PruneLimits =>
        "Prune reaches the manager only: images the other nodes pulled stay there (`docker image prune --all` on each node), " +
        "and the registry keeps every pushed tag until its own garbage collection.";

    public PrunePlan PlanPrune(StackPruner pruner) => pruner.SwarmPlan();

    private string StackName => options.Project.Name;

    public void Build(IReadOnlyCollection<string> services, bool pull, bool noCache, string? release = null) =>
        engine.Build(release is null ? null : releases?.ReleasePath(release), services, pull, noCache);

    /// <summary>
    /// Deploys the whole stack (Swarm updates only the services whose spec changed), then waits for
    /// it to converge so the tasks listed after are the new ones. With <paramref name="forceRecreate"/>
    /// the named services get new tasks: a service whose image was rebuilt into another one (Recreate)
    /// rolls onto it with a stack deploy; the others, whose spec stays the same (a mounted file
    /// changed), with <c>docker service update --force</c>.
    /// </summary>
    public void Up(IReadOnlyCollection<string> services, bool forceRecreate = false)
    {
        var release = ReadRelease();
        if (forceRecreate && services.Count > 0 && services.All(Exists))
        {
            var rebuilt = services.Where(service => !RunsItsBuiltImage(service, release)).ToList();
            if (rebuilt.Count > 0)
            {
                info($"{string.Join(", ", rebuilt)}: rebuilt into another image, deployed with the stack.");
                Deploy(release);
            }

            foreach (var service in services.Except(rebuilt))
            {
                engine.Change(["service", "update", "--force", "--detach", "--quiet", Qualified(service)], $"Updating service {Qualified(service)}");
            }
        }
        else
        {
            if (services.Count > 0)
            {
                info($"A stack deploys as a whole: every service of {StackName} is brought to the release, not only {string.Join(", ", services)}.");
            }

            Deploy(release);
        }

        if (!options.DryRun)
        {
            new HealthWaiter(Ps, TimeProvider.System, PollInterval).Wait(options.ConvergeTimeout);
        }
    }

    public void Remove(IReadOnlyCollection<string> services) =>
        engine.Change(["service", "rm", .. services.Select(Qualified)], $"Removing services {string.Join(", ", services)}");

    /// <summary>A stack deploy compares each service's spec itself; no plan asks a swarm for compose's hashes.</summary>
    public IReadOnlyDictionary<string, string> ConfigHashes(string? release = null) =>
        throw new NotSupportedException($"Swarm stack {StackName} has no compose configuration hashes: docker stack deploy compares the services itself.");

    public IReadOnlyList<ServiceStatus> Ps()
    {
        var services = Lines(engine.Read(["service", "ls", "--quiet", "--filter", $"label={SwarmServiceStates.StackLabel}={StackName}"]));
        if (services.Count == 0)
        {
            return [];
        }

        var tasks = Lines(engine.Read(["service", "ps", "--quiet", "--no-trunc", .. services]));
        var upToDate = Lines(engine.Read(["service", "ps", "--quiet", "--no-trunc", "--filter", "_up-to-date=true", .. services])).ToHashSet();
        // Swarm drops old tasks as new ones come: one listed a moment ago may be gone, and inspect then answers for the others.
        var inspected = tasks.Count == 0 ? string.Empty : engine.Probe(["inspect", "--type", "task", .. tasks]).StandardOutput;
        return SwarmServiceStates.Read(
            StackName,
            engine.Read(["service", "inspect", .. services]),
            string.IsNullOrWhiteSpace(inspected) ? "[]" : inspected,
            upToDate);
    }

    /// <summary>Both streams: a task's stderr is part of its log.</summary>
    public string Logs(string service, int tail)
    {
        var result = engine.Probe(["service", "logs", "--raw", "--no-trunc", "--tail", tail.ToString(System.Globalization.CultureInfo.InvariantCulture), Qualified(service)]);
        return result.Succeeded
            ? redactor.Redact(result.StandardOutput + (result.StandardError.Length > 0 ? "\n" + result.StandardError : string.Empty))
            : $"(no logs: {result.StandardError.Trim()})";
    }

    /// <summary>Removes the stack and waits until its services and networks are gone; its volumes stay unless asked.</summary>
    public void Down(bool removeVolumes)
    {
        var label = $"label={SwarmServiceStates.StackLabel}={StackName}";
        engine.Change(["stack", "rm", StackName], $"Removing stack {StackName}");
        if (options.DryRun)
        {
            return;
        }

        var deadline = DateTimeOffset.UtcNow + options.ConvergeTimeout;
        while (DateTimeOffset.UtcNow < deadline
               && (Lines(engine.Read(["container", "ls", "--all", "--quiet", "--filter", label])).Count > 0
                   || Lines(engine.Read(["network", "ls", "--quiet", "--filter", label])).Count > 0))
        {
            Thread.Sleep(PollInterval);
        }

        if (removeVolumes && Lines(engine.Read(["volume", "ls", "--quiet", "--filter", label])) is { Count: > 0 } volumes)
        {
            engine.Change(["volume", "rm", .. volumes], $"Removing the volumes of stack {StackName}");
        }
    }

    public bool RemoveVolume(string volume)
    {
        var name = Project.VolumeName(volume);
        if (!engine.Probe(["volume", "inspect", name]).Succeeded)
        {
            return false;
        }

        engine.Change(["volume", "rm", name], $"Removing volume {name}");
        return true;
    }

    public string ReadEngine(IReadOnlyList<string> arguments) => engine.Read(arguments);

    public void ChangeEngine(IReadOnlyList<string> arguments) => engine.Change(arguments, $"`docker {string.Join(' ', arguments)}`");

    /// <summary>
    /// The images the replicas of the current release run, kept by Prune while the release is. A task
    /// names its image by reference; the record keeps the manager's image id, as compose's records do.
    /// </summary>
    public void RecordImages(IReadOnlyList<ServiceStatus> running)
    {
        if (releases is null)
        {
            return;
        }

        var images = running.Select(replica => replica.Image).Distinct().ToList();
        var ids = images.Zip(engine.ImageIds(images))
            .Where(found => found.Second is not null)
            .ToDictionary(found => found.First, found => found.Second!, StringComparer.Ordinal);
        releases.Images.RecordCurrent(
            releases.CurrentPath,
            [.. running.Where(replica => ids.ContainsKey(replica.Image)).Select(replica => replica with { ImageId = ids[replica.Image] })]);
    }

    /// <summary>
    /// Runs the command in a running task of the service on the manager: the docker CLI reaches the
    /// containers of its own engine only. A service whose tasks all run on other nodes is named with
    /// those nodes and what to change.
    /// </summary>
    public CommandResult Exec(ServiceExec exec)
    {
        var filters = new[] { "--filter", $"label=com.docker.swarm.service.name={Qualified(exec.Service)}", "--filter", "status=running" };
        try
        {
            return engine.Exec(exec, filters);
        }
        catch (ServiceNotRunningException) when (NodesRunning(exec.Service) is { Count: > 0 } nodes)
        {
            throw new InvalidOperationException(
                $"Service '{exec.Service}' of stack {StackName} runs only on node(s) {string.Join(", ", nodes)}, not on the {Location}, and commands run in a task on the manager: " +
                $"place it on the manager (a service that keeps data goes to the node labelled {SwarmStackFile.DataLabel}=true, which PrepareHost sets on the manager; " +
                "otherwise deploy.placement.constraints: [node.role == manager]) and run again.");
        }
    }

    /// <summary>The nodes (hostnames) where a task of the service runs now.</summary>
    private List<string> NodesRunning(string service)
    {
        var tasks = engine.Probe(["service", "ps", "--filter", "desired-state=running", "--format", "{{.Node}} {{.CurrentState}}", Qualified(service)]);
        return tasks.Succeeded
            ? [.. Lines(tasks.StandardOutput).Select(line => line.Split(' ')).Where(fields => fields.Length > 1 && fields[1] == "Running").Select(fields => fields[0]).Distinct().Order(StringComparer.Ordinal)]
            : [];
    }

    /// <summary>The release's compose files on the manager, parsed, and the variables of its .env.</summary>
    private (SwarmStackFile File, Dictionary<string, string> Variables) ReadRelease()
    {
        var files = engine.ReadFiles(options.ProjectDirectory, [.. options.ComposeFiles, options.EnvFile]);
        var composeTexts = options.ComposeFiles.Select((file, i) => (Name: file, Text: files[i]
            ?? throw new BuildInputException($"{file} is missing from {options.ProjectDirectory} on the {Location}: deploy a release that has it."))).ToList();
        var envText = files[^1];
        var variables = envText is null ? new Dictionary<string, string>() : Exported(DotEnvParser.Parse(envText, $"{options.ProjectDirectory}/{options.EnvFile}", _ => null).Values);
        return (SwarmStackFile.Parse(composeTexts), variables);
    }

    private void Deploy((SwarmStackFile File, Dictionary<string, string> Variables) release)
    {
        var (stackFile, variables) = release;
        var nodes = Nodes();
        var images = StackImages(stackFile.BuiltServices, nodes, service => BuiltImage(service, release));
        var traefikConfig = stackFile.TraefikConfigFile is { } traefikFile
            ? engine.ReadFiles(options.ProjectDirectory, [traefikFile])[0]
              ?? throw new BuildInputException($"{traefikFile}, Traefik's static configuration, is missing from {options.ProjectDirectory} on the {Location}: deploy a release that has it.")
            : null;
        var rendering = stackFile.Render(options.ProjectDirectory, images, traefikConfig);
        foreach (var note in rendering.Notes)
        {
            warn(note);
        }

        if (rendering.PinnedServices.Count > 0 && Lines(engine.Read(["node", "ls", "--quiet", "--filter", $"node.label={SwarmStackFile.DataLabel}=true"])).Count == 0)
        {
            throw new BuildInputException(
                $"{string.Join(", ", rendering.PinnedServices)} keep data on their node, and no node of the {Location} has the label {SwarmStackFile.DataLabel}=true: " +
                $"run PrepareHost with {StackSettings.OrchestratorSetting.Option}=swarm on the node holding the data (or `docker node update --label-add {SwarmStackFile.DataLabel}=true <node>`).");
        }

        // Images built on the manager exist there only: without a registry the other nodes could not pull them.
        engine.DeployStack(StackName, rendering.Files, rendering.Attachments, variables, ["--prune", "--resolve-image", nodes > 1 ? "changed" : "never"]);
    }

    /// <summary>The nodes of the swarm; fails plainly when the engine is no manager.</summary>
    private int Nodes()
    {
        var result = engine.Probe(["node", "ls", "--quiet"]);
        if (!result.Succeeded)
        {
            throw new BuildInputException(
                $"The {Location} is not a Swarm manager ({result.StandardError.Trim()}): run `docker swarm init` there, or use {StackSettings.OrchestratorSetting.Option}=compose.");
        }

        return Lines(result.StandardOutput).Count;
    }

    /// <summary>
    /// Refuses, before anything is uploaded or built, a stack that builds images for a swarm of more
    /// than one node without a registry: the other nodes could not pull them.
    /// </summary>
    /// <param name="composeFiles">The stack's compose files (name, text) as the release will carry them.</param>
    public void RefuseUnpullableImages(IReadOnlyList<(string Name, string Text)> composeFiles) =>
        RequireRegistry(SwarmStackFile.Parse(composeFiles).BuiltServices, Nodes());

    private void RequireRegistry(IReadOnlyList<string> built, int nodes)
    {
        if (built.Count > 0 && nodes > 1 && options.Registry is null)
        {
            throw new BuildInputException(
                $"The {Location} has {nodes} nodes and {string.Join(", ", built)} are built on the manager: give {StackSettings.Registry.Option}=host:port, " +
                "a registry every node can pull from (nothing was uploaded, built or deployed).");
        }
    }

    /// <summary>
    /// Tags each built image by its content and, with a registry, pushes it there; a multi-node swarm
    /// without a registry is refused, since its other nodes could not pull the image.
    /// </summary>
    private Dictionary<string, string> StackImages(IReadOnlyList<string> built, int nodes, Func<string, string> builtImage)
    {
        var images = new Dictionary<string, string>(StringComparer.Ordinal);
        if (built.Count == 0)
        {
            return images;
        }

        RequireRegistry(built, nodes);
        foreach (var service in built)
        {
            var source = builtImage(service);
            var id = engine.Probe(["image", "inspect", "--format", "{{.Id}}", source]);
            if (!id.Succeeded)
            {
                if (!options.DryRun)
                {
                    throw new InvalidOperationException($"The image {source} of {service} is not on the {Location}: run BuildImages (or Deploy) first.");
                }

                images[service] = $"{source} (once built)";
                continue;
            }

            var target = ImageRegistry.StackImage(options.Registry, StackName, service, id.StandardOutput.Trim());
            if (!engine.Probe(["image", "inspect", "--format", "{{.Id}}", target]).Succeeded)
            {
                engine.Change(["image", "tag", source, target], $"Tagging {source} as {target}");
            }

            images[service] = options.Registry is null ? target : Pushed(target);
        }

        return images;
    }

    /// <summary>
    /// The stack image pushed to the registry, named by the digest the registry returned, so the swarm runs
    /// exactly what was pushed. An image with a digest from there was pushed before; one whose push failed
    /// has none, so the next deploy pushes it again.
    /// </summary>
    private string Pushed(string target)
    {
        if (PushedDigest(target) is { } pinned)
        {
            return pinned;
        }

        engine.Change(["image", "push", target], $"Pushing {target}");
        return PushedDigest(target)
            ?? (options.DryRun
                ? $"{target} (by the digest the push returns)"
                : throw new InvalidOperationException($"{target} was pushed, yet the {Location} lists no digest of it from the registry: run Deploy again."));
    }

    /// <summary>The target by its registry digest; null when it has none, or in a dry run is not even tagged yet.</summary>
    private string? PushedDigest(string target) =>
        engine.Probe(["image", "inspect", "--format", "{{range .RepoDigests}}{{println .}}{{end}}", target]) is { Succeeded: true } inspected
            ? ImageRegistry.Pinned(target, Lines(inspected.StandardOutput))
            : null;

    /// <summary>
    /// The name compose tagged the service's built image with: its own <c>image:</c>, interpolated with the
    /// release's .env as compose does, or else the project's default name.
    /// </summary>
    private string BuiltImage(string service, (SwarmStackFile File, Dictionary<string, string> Variables) release) =>
        release.File.BuiltImageNames.TryGetValue(service, out var named)
            ? ComposeInterpolation.Expand(named, release.Variables.GetValueOrDefault)
            : engine.Compose.Flavor == ComposeFlavor.PluginV2 ? $"{StackName}-{service}" : $"{StackName}_{service}";

    /// <summary>The .env's variables a shell can carry; secret-named values are masked from here on.</summary>
    private Dictionary<string, string> Exported(IReadOnlyDictionary<string, string> values)
    {
        var exported = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var (name, value) in values.Where(v => ShellName(v.Key)))
        {
            if (SecretRedactor.IsSecretName(name) && SecretRedactor.Unmaskable(value) is null)
            {
                redactor.Add(value);
            }

            exported[name] = value;
        }

        return exported;
    }

    private static bool ShellName(string name) =>
        name.Length > 0 && (char.IsAsciiLetter(name[0]) || name[0] == '_') && name.All(c => char.IsAsciiLetterOrDigit(c) || c == '_')
        && name is not ("IFS" or "PATH" or "HOME" or "PWD" or "OLDPWD" or "SHELL" or "ENV") && !name.StartsWith("DOCKER_", StringComparison.Ordinal);

    /// <summary>Whether the service's spec names the image now built for it (always, for a service not built here).</summary>
    private bool RunsItsBuiltImage(string service, (SwarmStackFile File, Dictionary<string, string> Variables) release)
    {
        var built = engine.Probe(["image", "inspect", "--format", "{{.Id}}", BuiltImage(service, release)]);
        if (!built.Succeeded)
        {
            return true;
        }

        var running = engine.Read(["service", "inspect", "--format", "{{.Spec.TaskTemplate.ContainerSpec.Image}}", Qualified(service)]).Trim().Split('@')[0];
        return running == ImageRegistry.StackImage(options.Registry, StackName, service, built.StandardOutput.Trim());
    }

    private bool Exists(string service) => engine.Probe(["service", "inspect", "--format", "{{.ID}}", Qualified(service)]).Succeeded;

    private string Qualified(string service) => $"{StackName}_{service}";

    private static List<string> Lines(string text) =>
        [.. text.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)];
}
