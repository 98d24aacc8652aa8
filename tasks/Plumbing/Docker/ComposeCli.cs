using PrivateCloud.Tasks.Plumbing.Processes;

namespace PrivateCloud.Tasks.Plumbing.Docker;

/// <summary>
/// Runs compose commands for one project against one engine. Only options that docker-compose 1.29
/// and the v2 plugin both accept are used, so the same calls work with either. Commands that
/// change the stack stream their output; queries run quietly and return parsed results.
/// </summary>
public sealed class ComposeCli
{
    private readonly CommandRunner _runner;
    private readonly ComposeTool _tool;
    private readonly ComposeProject _project;
    private readonly DockerEngine _engine;

    public ComposeCli(CommandRunner runner, ComposeTool tool, ComposeProject project, DockerEngineTarget target)
    {
        _runner = runner;
        _tool = tool;
        _project = project;
        _engine = new DockerEngine(runner, target);
    }

    public ComposeProject Project => _project;

    /// <summary>The engine the project runs on, for the docker calls compose has no command for.</summary>
    public DockerEngine Engine => _engine;

    /// <summary>Validates the files and the interpolation without printing the (secret-bearing) resolved config.</summary>
    public ComposeValidation Config()
    {
        var result = Run(ComposeArguments.Config(), quiet: true);
        if (result.Succeeded)
        {
            return new ComposeValidation(true, $"{string.Join(", ", _project.Files)}: valid");
        }

        var message = string.IsNullOrWhiteSpace(result.StandardError) ? result.StandardOutput : result.StandardError;
        return new ComposeValidation(false, message.Trim());
    }

    /// <param name="services">Services to build; empty builds every service that has a build section.</param>
    /// <param name="pull">Pull newer base images first (needs a registry).</param>
    public void Build(IReadOnlyCollection<string> services, bool pull = false, bool noCache = false)
    {
        Run(ComposeArguments.Build(services, pull, noCache)).EnsureSuccess($"Building images of compose project '{_project.Name}'");
    }

    /// <summary>
    /// Starts the services in the background. Compose only recreates containers whose configuration
    /// or image changed, so running it again on an unchanged stack leaves every container alone.
    /// </summary>
    /// <param name="services">Services to start; empty starts all. Orphans of removed services are deleted.</param>
    /// <param name="forceRecreate">Recreate the named services even though compose sees no change, leaving their dependencies alone.</param>
    public void Up(IReadOnlyCollection<string> services, bool forceRecreate = false)
    {
        Run(ComposeArguments.Up(services, forceRecreate))
            .EnsureSuccess($"Starting compose project '{_project.Name}'");
    }

    /// <summary>Each service's configuration hash as compose computes it from the files, the one it labels their containers with.</summary>
    public IReadOnlyDictionary<string, string> ConfigHashes() =>
        ComposeArguments.ParseConfigHashes(Run(ComposeArguments.ConfigHashes(), quiet: true)
            .EnsureSuccess($"Reading the configuration hashes of compose project '{_project.Name}'").StandardOutput);

    /// <summary>Stops and removes the containers of the given services; their volumes stay.</summary>
    public void Remove(IReadOnlyCollection<string> services)
    {
        Run(ComposeArguments.Remove(services))
            .EnsureSuccess($"Removing services {string.Join(", ", services)} of compose project '{_project.Name}'");
    }

    /// <summary>
    /// Every service container of the project, stopped ones included, sorted by service. Asks the
    /// engine for the labels compose puts on its containers rather than running `compose ps`:
    /// docker-compose v1 has no machine-readable ps output and takes seconds to start each time,
    /// which adds up when waiting for a service to become healthy.
    /// </summary>
    public IReadOnlyList<ServiceStatus> Ps()
    {
        var ids = _engine.ContainerIdsWithLabel(ComposeContainers.ProjectLabel, _project.Name);
        return ComposeContainers.ServiceStatuses(_engine.InspectContainers(ids));
    }

    /// <summary>The last <paramref name="tail"/> log lines of a service, redacted, without colour codes or container prefix.</summary>
    public string Logs(string service, int tail)
    {
        var output = Run(ComposeArguments.Logs(service, tail), quiet: true)
            .EnsureSuccess($"Reading logs of service '{service}' in compose project '{_project.Name}'")
            .StandardOutput;
        return _tool.LogText(output);
    }

    /// <summary>Stops and removes the project's containers and networks; running it on a stopped project is harmless.</summary>
    /// <param name="removeVolumes">Also delete the named volumes: their data is lost.</param>
    public void Down(bool removeVolumes = false)
    {
        Run(ComposeArguments.Down(removeVolumes)).EnsureSuccess($"Stopping compose project '{_project.Name}'");
    }

    /// <summary>Whether one named volume of the project exists.</summary>
    /// <param name="volume">The volume's key in the compose file.</param>
    public bool VolumeExists(string volume) => _engine.VolumeExists(_project.VolumeName(volume));

    /// <summary>Deletes one named volume of the project; false when it did not exist.</summary>
    /// <param name="volume">The volume's key in the compose file.</param>
    public bool RemoveVolume(string volume) => _engine.RemoveVolume(_project.VolumeName(volume));

    /// <summary>
    /// Runs a command in the service's running container, its variables in the environment of the
    /// docker process only. Throws <see cref="ServiceNotRunningException"/> when no container runs.
    /// </summary>
    /// <param name="containerFilters">Where the service's containers are not compose's (a Swarm task's): the filters that find them.</param>
    public CommandResult Exec(ServiceExec exec, IReadOnlyList<string>? containerFilters = null)
    {
        var container = _engine.ContainerIds(containerFilters ?? exec.RunningContainerFilters(_project.Name)).FirstOrDefault()
            ?? throw new ServiceNotRunningException(exec.Service, _project.Name, $"the {_engine.Target}");
        return _runner.Run(new CommandRequest("docker", [.. _engine.Target.GlobalArguments, .. exec.DockerArguments(container)])
        {
            Environment = new Dictionary<string, string>([.. _engine.Target.EnvironmentVariables, .. exec.Environment]),
            Quiet = true,
        });
    }

    private CommandResult Run(IReadOnlyList<string> arguments, bool quiet = false) =>
        _runner.Run(_tool.Request(_engine.Target, [.. _project.GlobalArguments, .. arguments]) with
        {
            WorkingDirectory = _project.Directory,
            Environment = _engine.Target.EnvironmentVariables,
            Quiet = quiet,
        });
}
