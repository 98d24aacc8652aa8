using System.Globalization;
using PrivateCloud.Tasks.Plumbing.Docker;
using PrivateCloud.Tasks.Plumbing.Processes;
using PrivateCloud.Tasks.Plumbing.Remote;
using PrivateCloud.Tasks.Plumbing.Secrets;

namespace PrivateCloud.Tasks.Stacks;

/// <summary>
/// Runs compose for one project on the target through the SSH session. The project directory is
/// <see cref="ReleaseStore.CurrentPath"/>, the symbolic link, not the release it resolves to:
/// bind-mount sources and build paths then stay the same text across releases, so compose sees an
/// unchanged service as unchanged and leaves its container alone. Only options docker-compose 1.29
/// and the v2 plugin share are used; whether the target runs the one asked for (or, left to auto,
/// which one it has) is asked once.
/// </summary>
public sealed class RemoteCompose
{
    private readonly RemoteShell _shell;
    private readonly ComposeProject _project;
    private readonly SecretRedactor _redactor;
    private readonly Action<string> _log;
    private readonly Lazy<ComposeTool> _tool;

    /// <param name="project">The project as it lies on the target, its directory the <c>current</c> link.</param>
    /// <param name="log">Receives compose's output, line by line, redacted.</param>
    /// <param name="wanted">The compose to run there; null runs the v2 plugin where it is installed, else docker-compose v1.</param>
    /// <param name="located">The compose this run already found on the host, if it looked; otherwise it is asked for its version.</param>
    public RemoteCompose(RemoteShell shell, ComposeProject project, SecretRedactor redactor, Action<string> log, ComposeFlavor? wanted = null, Func<ComposeTool?>? located = null)
    {
        _shell = shell;
        _project = project;
        _redactor = redactor;
        _log = log;
        _tool = new Lazy<ComposeTool>(() => DetectTool(wanted, located?.Invoke()));
    }

    public ComposeProject Project => _project;

    /// <summary>The compose implementation found on the target.</summary>
    public ComposeTool Tool => _tool.Value;

    /// <summary>
    /// Builds the images from a release directory that is not yet current: the running services keep
    /// their images until <see cref="Up"/>. An unchanged build context hits the build cache and
    /// yields the same image, so its service is not recreated.
    /// </summary>
    /// <param name="releaseDirectory">Holds the same compose files as the project, relative to it.</param>
    /// <param name="services">Services to build; empty builds every service with a build section.</param>
    public void Build(string releaseDirectory, IReadOnlyCollection<string> services, bool pull = false, bool noCache = false)
    {
        Stream(ProjectIn(releaseDirectory), ComposeArguments.Build(services, pull, noCache), "Building images");
    }

    /// <summary>Creates or updates the services in the background and removes containers of services no longer in the file.</summary>
    /// <param name="forceRecreate">Recreate the named services even though compose sees no change, leaving their dependencies alone.</param>
    public void Up(IReadOnlyCollection<string> services, bool forceRecreate = false) =>
        Stream(_project, ComposeArguments.Up(services, forceRecreate), "Starting services");

    /// <summary>Each service's configuration hash as compose computes it in the project's directory; it runs in a dry run too.</summary>
    /// <param name="filesDirectory">A release holding the compose files and env file to read instead of the current ones; null reads the current ones.</param>
    public IReadOnlyDictionary<string, string> ConfigHashes(string? filesDirectory = null)
    {
        var project = filesDirectory is null ? _project : new ComposeProject(
            _project.Name,
            _project.Directory,
            [.. _project.Files.Select(file => Path.Combine(filesDirectory, Path.GetRelativePath(_project.Directory, file)))],
            _project.EnvFile is null ? null : Path.Combine(filesDirectory, Path.GetRelativePath(_project.Directory, _project.EnvFile)));
        return ComposeArguments.ParseConfigHashes(_shell.Read(Command(project, ComposeArguments.ConfigHashes())));
    }

    /// <summary>Stops and removes the containers of the given services; their volumes stay.</summary>
    public void Remove(IReadOnlyCollection<string> services) =>
        Stream(_project, ComposeArguments.Remove(services), "Removing services");

    /// <summary>Deletes one named volume of the project; false when it did not exist.</summary>
    /// <param name="volume">The volume's key in the compose file.</param>
    public bool RemoveVolume(string volume)
    {
        var name = _project.VolumeName(volume);
        if (!_shell.Probe(RemoteComposeCommands.VolumeExists(name)).Succeeded)
        {
            return false;
        }

        _shell.Run(RemoteComposeCommands.Docker(["volume", "rm", name]));
        return true;
    }

    /// <summary>Stops and removes the project's containers and networks; named volumes survive unless asked.</summary>
    public void Down(bool removeVolumes = false) =>
        Stream(_project, ComposeArguments.Down(removeVolumes), "Stopping the project");

    /// <summary>
    /// Runs a command in the service's running container on the target. The variables' values travel
    /// on the SSH channel's stdin, one base64 line each, and are read by the remote shell's builtins
    /// into the environment of the <c>docker</c> process it becomes: they appear on no command line
    /// on either machine, and any byte survives. Throws <see cref="ServiceNotRunningException"/>
    /// when the service has no running container.
    /// </summary>
    /// <param name="containerFilters">Where the service's containers are not compose's (a Swarm task's): the filters that find them.</param>
    public CommandResult Exec(ServiceExec exec, IReadOnlyList<string>? containerFilters = null)
    {
        var container = _shell.Read(RemoteComposeCommands.Docker(["container", "ls", "--quiet", "--no-trunc", .. containerFilters ?? exec.RunningContainerFilters(_project.Name)]))
            .Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .FirstOrDefault()
            ?? throw new ServiceNotRunningException(exec.Service, _project.Name, _shell.Target.ToString());

        var command = RemoteComposeCommands.Exec(exec, container);
        var result = exec.Changes ? _shell.Attempt(command) : _shell.Probe(command);
        return result with
        {
            StandardOutput = _redactor.Redact(result.StandardOutput),
            StandardError = _redactor.Redact(result.StandardError),
        };
    }

    /// <summary>A docker CLI call that reads the target's engine; it runs in a dry run too.</summary>
    public string ReadEngine(IReadOnlyList<string> arguments) => _shell.Read(RemoteComposeCommands.Docker(arguments));

    /// <summary>A docker CLI call that changes the target's engine; a dry run shows it.</summary>
    public void ChangeEngine(IReadOnlyList<string> arguments) => _shell.Run(RemoteComposeCommands.Docker(arguments));

    /// <summary>Every service container of the project, stopped ones included, read from compose's labels in one round trip.</summary>
    public IReadOnlyList<ServiceStatus> Ps() =>
        ParseInspection(_shell.Read(RemoteComposeCommands.Inspection(_project.Name)));

    /// <summary>Lists the project's containers in one docker call, for <see cref="ComposeContainers.ParseListing"/>: no image, but a process fewer than inspecting.</summary>
    internal static string ListingScript(string projectName) =>
        ShellQuote.Join(["docker", .. ComposeContainers.ListingArguments(projectName)]);

    private static IReadOnlyList<ServiceStatus> ParseInspection(string json) =>
        ComposeContainers.ServiceStatuses(DockerEngine.ParseInspectOutput(json));

    /// <summary>The last <paramref name="tail"/> log lines of a service, without colours or container prefix.</summary>
    public string Logs(string service, int tail)
    {
        var output = _shell.Read(Command(_project, ComposeArguments.Logs(service, tail)));
        return _redactor.Redact(Tool.LogText(output));
    }

    /// <summary>
    /// Runs a compose command that changes the stack and passes on its output line by line while it
    /// runs, so a long build shows its progress. Compose writes its progress to stderr, so both
    /// streams go to the log; on failure the exception points there.
    /// </summary>
    private void Stream(ComposeProject project, IReadOnlyList<string> arguments, string what)
    {
        var result = _shell.Attempt(Command(project, arguments) with { OnOutputLine = LogLine });
        if (!result.Succeeded)
        {
            var status = result.ExitCode?.ToString(CultureInfo.InvariantCulture) ?? $"signal {result.ExitSignal}";
            throw new RemoteCommandException(
                $"{what} of compose project '{_project.Name}' on {_shell.Target} failed ({Tool} exited with {status}); its output is in the log above.",
                result.ExitCode);
        }
    }

    /// <summary>
    /// Masks with this class's redactor too: the shell only knows the secrets of its own redactor.
    /// Blank lines only pad compose's output in the log.
    /// </summary>
    private void LogLine(string line)
    {
        if (line.Length > 0)
        {
            _log(_redactor.Redact(line));
        }
    }

    private RemoteCommand Command(ComposeProject project, IReadOnlyList<string> arguments) => RemoteComposeCommands.Compose(Tool, project, arguments);

    private ComposeProject ProjectIn(string directory) => new(
        _project.Name,
        directory,
        [.. _project.Files.Select(file => Path.GetRelativePath(_project.Directory, file))],
        _project.EnvFile is null ? null : Path.GetRelativePath(_project.Directory, _project.EnvFile));

    private ComposeTool DetectTool(ComposeFlavor? wanted, ComposeTool? located)
    {
        var tool = located ?? ComposeTool.Detect(request => _shell.Probe(RemoteComposeCommands.Run(request)), wanted)
            ?? throw new RemoteCommandException(ComposeTool.Missing(wanted, _shell.Target.ToString()));
        _log($"Compose on {_shell.Target}: {tool}.");
        return tool;
    }
}
