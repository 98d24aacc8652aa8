using System.Text.RegularExpressions;

namespace PrivateCloud.Tasks.Plumbing.Docker;

/// <summary>
/// A command to run in the running container of a compose service, found by compose's labels. The
/// variables in <see cref="Environment"/> reach the command through <c>docker exec --env NAME</c>:
/// the name is on docker's command line, the value only in the environment of the docker process,
/// so no secret shows in a process list and no shell re-parses it.
/// </summary>
public sealed partial record ServiceExec
{
    public ServiceExec(string service, IReadOnlyList<string> command)
    {
        ArgumentException.ThrowIfNullOrEmpty(service);
        if (command.Count == 0)
        {
            throw new ArgumentException("An exec needs a command.", nameof(command));
        }

        Service = service;
        Command = command;
    }

    public string Service { get; }

    public IReadOnlyList<string> Command { get; }

    /// <summary>The command changes the application: in a dry run it is shown, not run.</summary>
    public bool Changes { get; init; }

    /// <summary>The container user to run as (<c>--user</c>); the image's default when null.</summary>
    public string? User { get; init; }

    /// <summary>Variables given to the command, secrets included; their values never go on a command line.</summary>
    public IReadOnlyDictionary<string, string> Environment
    {
        get;
        init
        {
            foreach (var name in value.Keys.Where(name => !VariableName().IsMatch(name)))
            {
                throw new ArgumentException($"'{name}' is not a portable environment variable name.", nameof(Environment));
            }

            field = value;
        }
    } = new Dictionary<string, string>();

    /// <summary>The <c>docker</c> arguments that run the command in the given container; names only, no values.</summary>
    public IReadOnlyList<string> DockerArguments(string containerId) =>
    [
        "exec",
        .. Environment.Keys.SelectMany(name => new[] { "--env", name }),
        .. User is null ? Array.Empty<string>() : ["--user", User],
        containerId,
        .. Command,
    ];

    /// <summary>The filters that select the service's running containers of the project.</summary>
    public IReadOnlyList<string> RunningContainerFilters(string projectName) =>
    [
        "--filter", ComposeContainers.ProjectFilter(projectName),
        "--filter", $"label={ComposeContainers.ServiceLabel}={Service}",
        "--filter", "status=running",
    ];

    [GeneratedRegex(@"^[A-Za-z_][A-Za-z0-9_]*\z")]
    private static partial Regex VariableName();
}
