using PrivateCloud.Tasks.Plumbing.Processes;
using PrivateCloud.Tasks.Plumbing.Remote;

namespace PrivateCloud.Tasks.Plumbing.Docker;

/// <summary>
/// Every command <c>RemoteCompose</c> sends to the host, spelled once and without a connection, so
/// each can be checked as text: every word shell-quoted, every one run with the host's privileges.
/// </summary>
public static class RemoteComposeCommands
{
    /// <summary>A compose call in the project's directory, with the project's name, files and env file.</summary>
    public static RemoteCommand Compose(ComposeTool tool, ComposeProject project, IReadOnlyList<string> arguments)
    {
        var request = tool.Request(DockerEngineTarget.Local, [.. project.GlobalArguments, .. arguments]);
        return Privileged($"cd {ShellQuote.Quote(project.Directory)} && {ShellQuote.Join([request.Program, .. request.Arguments])}");
    }

    /// <summary>A docker CLI call on the host's engine.</summary>
    public static RemoteCommand Docker(IReadOnlyList<string> arguments) => Privileged(ShellQuote.Join(["docker", .. arguments]));

    /// <summary>Succeeds when the named volume exists; prints nothing.</summary>
    public static RemoteCommand VolumeExists(string volume) => Privileged($"docker volume inspect {ShellQuote.Quote(volume)} >/dev/null 2>&1");

    /// <summary>Prints <c>docker container inspect</c> of every container of the project, stopped ones too; <c>[]</c> when there is none.</summary>
    public static RemoteCommand Inspection(string projectName)
    {
        var list = ShellQuote.Join("docker", "container", "ls", "--all", "--quiet", "--no-trunc", "--filter", ComposeContainers.ProjectFilter(projectName));
        return Privileged($"ids=$({list}); if [ -n \"$ids\" ]; then docker container inspect $ids; else echo '[]'; fi");
    }

    /// <summary>
    /// Runs <paramref name="exec"/> in <paramref name="container"/>. Its variables' values come on
    /// stdin (<see cref="StdinVariables"/>), never on a command line; only their names are in the text.
    /// </summary>
    public static RemoteCommand Exec(ServiceExec exec, string container) =>
        new(StdinVariables.ReadScript(exec.Environment.Keys) + "exec " + ShellQuote.Join(["docker", .. exec.DockerArguments(container)]))
        {
            Privileged = true,
            Input = StdinVariables.Input(exec.Environment.Values),
        };

    /// <summary>Runs a program request as it is, each word quoted: how the compose on the host is looked for.</summary>
    public static RemoteCommand Run(CommandRequest request) => Privileged(ShellQuote.Join([request.Program, .. request.Arguments]));

    private static RemoteCommand Privileged(string text) => new(text) { Privileged = true };
}
