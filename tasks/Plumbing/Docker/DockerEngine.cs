using System.Text.Json;
using PrivateCloud.Tasks.Plumbing.Processes;

namespace PrivateCloud.Tasks.Plumbing.Docker;

/// <summary>The few direct docker CLI calls the compose layer needs: inspecting containers and handling volumes.</summary>
public sealed class DockerEngine(CommandRunner runner, DockerEngineTarget target)
{
    // Queries answer in well under a second on a healthy engine; a hung engine must not hang the run.
    private static readonly TimeSpan QueryTimeout = TimeSpan.FromSeconds(60);

    public DockerEngineTarget Target => target;

    /// <summary>Whether the engine answers (`docker info`).</summary>
    public bool IsReachable() => Query(["info", "--format", "{{.ServerVersion}}"]).Succeeded;

    /// <summary>Ids of every container (stopped ones included) carrying the label with this value.</summary>
    public IReadOnlyList<string> ContainerIdsWithLabel(string label, string value) =>
        ContainerIds(["--all", "--filter", $"label={label}={value}"]);

    /// <summary>Ids of the containers `docker container ls` lists with these options (filters).</summary>
    public IReadOnlyList<string> ContainerIds(IReadOnlyList<string> options) =>
        Query(["container", "ls", "--quiet", "--no-trunc", .. options])
            .EnsureSuccess($"Listing containers on the {target}")
            .StandardOutput
            .Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);

    /// <summary>Inspects the given containers; an empty list asks nothing of the engine.</summary>
    public IReadOnlyList<ContainerInfo> InspectContainers(IReadOnlyCollection<string> containerIds)
    {
        if (containerIds.Count == 0)
        {
            return [];
        }

        var result = Query(["container", "inspect", .. containerIds])
            .EnsureSuccess($"Inspecting containers on the {target}");
        return ParseInspectOutput(result.StandardOutput);
    }

    /// <summary>A docker CLI call that only reads the engine; its output, or an exception naming what failed.</summary>
    public string Read(IReadOnlyList<string> arguments) =>
        Query(arguments).EnsureSuccess($"`docker {string.Join(' ', arguments)}` on the {target}").StandardOutput;

    /// <summary>A docker CLI call that changes the engine; throws when it fails.</summary>
    public void Change(IReadOnlyList<string> arguments) =>
        runner.Run(new CommandRequest("docker", [.. target.GlobalArguments, .. arguments]) { Environment = target.EnvironmentVariables })
            .EnsureSuccess($"`docker {string.Join(' ', arguments)}` on the {target}");

    public bool VolumeExists(string name) => Query(["volume", "inspect", name]).Succeeded;

    /// <summary>Removes a volume; false when there was none, so a second call changes nothing.</summary>
    public bool RemoveVolume(string name)
    {
        if (!VolumeExists(name))
        {
            return false;
        }

        Query(["volume", "rm", name]).EnsureSuccess($"Removing volume '{name}' on the {target}");
        return true;
    }

    internal static IReadOnlyList<ContainerInfo> ParseInspectOutput(string json)
    {
        using var document = JsonDocument.Parse(json);
        return [.. document.RootElement.EnumerateArray().Select(ParseContainer)];
    }

    private static ContainerInfo ParseContainer(JsonElement container)
    {
        var state = container.GetProperty("State");
        var config = container.GetProperty("Config");
        return new ContainerInfo(
            Id: container.GetProperty("Id").GetString() ?? string.Empty,
            Name: (container.GetProperty("Name").GetString() ?? string.Empty).TrimStart('/'),
            State: state.GetProperty("Status").GetString() ?? string.Empty,
            Health: ParseHealth(state),
            Image: config.GetProperty("Image").GetString() ?? string.Empty,
            ImageId: container.GetProperty("Image").GetString() ?? string.Empty,
            Labels: ParseLabels(config));
    }

    private static ContainerHealth ParseHealth(JsonElement state)
    {
        if (!state.TryGetProperty("Health", out var health) || health.ValueKind != JsonValueKind.Object)
        {
            return ContainerHealth.None;
        }

        return health.GetProperty("Status").GetString() switch
        {
            "starting" => ContainerHealth.Starting,
            "healthy" => ContainerHealth.Healthy,
            "unhealthy" => ContainerHealth.Unhealthy,
            _ => ContainerHealth.None,
        };
    }

    private static Dictionary<string, string> ParseLabels(JsonElement config)
    {
        if (!config.TryGetProperty("Labels", out var labels) || labels.ValueKind != JsonValueKind.Object)
        {
            return [];
        }

        return labels.EnumerateObject().ToDictionary(label => label.Name, label => label.Value.GetString() ?? string.Empty);
    }

    private CommandResult Query(IReadOnlyList<string> arguments) =>
        runner.Run(new CommandRequest("docker", [.. target.GlobalArguments, .. arguments])
        {
            Environment = target.EnvironmentVariables,
            Timeout = QueryTimeout,
            Quiet = true,
        });
}
