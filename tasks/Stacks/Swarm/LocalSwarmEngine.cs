using PrivateCloud.Tasks.Plumbing.Docker;
using PrivateCloud.Tasks.Plumbing.Processes;

namespace PrivateCloud.Tasks.Stacks.Swarm;

/// <summary>
/// The docker CLI here against a Swarm manager it reaches directly (--docker-host, --docker-context
/// or the local engine). The dry run is decided here, as <c>LocalComposeStack</c> decides it.
/// </summary>
public sealed class LocalSwarmEngine(CommandRunner runner, ComposeCli compose, ComposeTool tool, DockerEngineTarget target, bool dryRun, Action<string> log)
    : ISwarmEngine
{
    public string Location => $"swarm manager at the {target}";

    public ComposeTool Compose => tool;

    public string Read(IReadOnlyList<string> arguments) =>
        Probe(arguments).EnsureSuccess($"Asking the {Location}").StandardOutput;

    public CommandResult Probe(IReadOnlyList<string> arguments) => runner.Run(Request(arguments) with { Quiet = true });

    public void Change(IReadOnlyList<string> arguments, string what)
    {
        if (dryRun)
        {
            log($"[dry-run] would run: {Request(arguments).Display}");
            return;
        }

        runner.Run(Request(arguments)).EnsureSuccess(what);
    }

    public void DeployStack(string stack, IReadOnlyList<string> files, IReadOnlyDictionary<string, string> attachments, IReadOnlyDictionary<string, string> variables, IReadOnlyList<string> options)
    {
        var directory = Directory.CreateTempSubdirectory("privatecloud-stack-");
        try
        {
            var paths = files.Select((text, i) =>
            {
                var path = Path.Combine(directory.FullName, $"{i}.yml");
                File.WriteAllText(path, text);
                return path;
            }).ToList();
            foreach (var (name, text) in attachments)
            {
                File.WriteAllText(Path.Combine(directory.FullName, name), text);
            }

            var request = Request(["stack", "deploy", .. options, .. paths.SelectMany(path => new[] { "--compose-file", path }), stack]);
            if (dryRun)
            {
                log($"[dry-run] would run: {request.Display}");
                return;
            }

            runner.Run(request with { Environment = new Dictionary<string, string>([.. target.EnvironmentVariables, .. variables]) })
                .EnsureSuccess($"Deploying stack {stack}");
        }
        finally
        {
            directory.Delete(recursive: true);
        }
    }

    public IReadOnlyList<string?> ImageIds(IReadOnlyList<string> references) =>
        [.. references.Select(image => Probe(["image", "inspect", "--format", "{{.Id}}", image])).Select(found => found.Succeeded ? found.StandardOutput.Trim() : null)];

    public IReadOnlyList<string?> ReadFiles(string directory, IReadOnlyList<string> paths) =>
        [.. paths.Select(path => Path.Combine(directory, path)).Select(path => File.Exists(path) ? File.ReadAllText(path) : null)];

    public void Build(string? directory, IReadOnlyCollection<string> services, bool pull, bool noCache)
    {
        if (dryRun)
        {
            log($"[dry-run] would build the images of {(services.Count == 0 ? "every service" : string.Join(", ", services))} on the {Location}");
            return;
        }

        compose.Build(services, pull, noCache);
    }

    public CommandResult Exec(ServiceExec exec, IReadOnlyList<string> filters)
    {
        if (exec.Changes && dryRun)
        {
            log($"[dry-run] would run `{exec.Command[0]}` in service {exec.Service} on the {Location}");
            return CommandResult.NotRun;
        }

        return compose.Exec(exec, filters);
    }

    private CommandRequest Request(IReadOnlyList<string> arguments) =>
        new("docker", [.. target.GlobalArguments, .. arguments]) { Environment = target.EnvironmentVariables };
}
