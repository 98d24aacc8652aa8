using System.Globalization;
using System.Text;
using PrivateCloud.Tasks.Stacks;
using PrivateCloud.Tasks.Plumbing.Docker;
using PrivateCloud.Tasks.Plumbing.Processes;
using PrivateCloud.Tasks.Plumbing.Remote;

namespace PrivateCloud.Tasks.Stacks.Swarm;

/// <summary>The docker CLI of --host, a Swarm manager, over the run's SSH session.</summary>
public sealed class RemoteSwarmEngine(RemoteShell shell, RemoteCompose compose, Action<string> log) : ISwarmEngine
{
    public string Location => $"swarm manager {shell.Target}";

    public ComposeTool Compose => compose.Tool;

    public string Read(IReadOnlyList<string> arguments) => shell.Read(Docker(arguments));

    public CommandResult Probe(IReadOnlyList<string> arguments) => shell.Probe(Docker(arguments));

    public void Change(IReadOnlyList<string> arguments, string what) => Checked(shell.Attempt(Docker(arguments) with { OnOutputLine = LogLine }), what);

    /// <summary>
    /// The files go to a directory only root reads and are removed after; the variables' values come
    /// on stdin after the files (<see cref="StdinVariables"/>), each a base64 line.
    /// </summary>
    public void DeployStack(string stack, IReadOnlyList<string> files, IReadOnlyDictionary<string, string> attachments, IReadOnlyDictionary<string, string> variables, IReadOnlyList<string> options)
    {
        var input = StdinVariables.Input([.. files, .. attachments.Values, .. variables.Values]);
        var command = RemoteSwarmCommands.DeployStack(stack, files.Count, attachments.Keys, variables.Keys, options) with { Input = input, OnOutputLine = LogLine };
        Checked(shell.Attempt(command), $"Deploying stack {stack}");
    }

    /// <summary>All in one command: a round trip per image would cost more than the inspections.</summary>
    public IReadOnlyList<string?> ImageIds(IReadOnlyList<string> references)
    {
        if (references.Count == 0)
        {
            return [];
        }

        // An image the manager lacks gets an empty line, so line i stays the answer for reference i.
        var lines = shell.Read(RemoteSwarmCommands.ImageIds(references)).Split('\n');
        return [.. references.Select((_, i) => i < lines.Length && lines[i].StartsWith("sha256:", StringComparison.Ordinal) ? lines[i].Trim() : null)];
    }

    public IReadOnlyList<string?> ReadFiles(string directory, IReadOnlyList<string> paths)
    {
        var lines = shell.Read(RemoteSwarmCommands.ReadFiles(directory, paths)).Split('\n');
        return [.. paths.Select((_, i) => i < lines.Length && lines[i] != RemoteSwarmCommands.MissingFile ? Encoding.UTF8.GetString(Convert.FromBase64String(lines[i])) : null)];
    }

    public void Build(string? directory, IReadOnlyCollection<string> services, bool pull, bool noCache) =>
        compose.Build(directory ?? compose.Project.Directory, services, pull, noCache);

    public CommandResult Exec(ServiceExec exec, IReadOnlyList<string> filters) => compose.Exec(exec, filters);

    private static RemoteCommand Docker(IReadOnlyList<string> arguments) => new(ShellQuote.Join(["docker", .. arguments])) { Privileged = true };

    private void Checked(CommandResult result, string what)
    {
        if (!result.Succeeded)
        {
            throw new RemoteCommandException(
                $"{what} on {shell.Target} failed (docker exited with {result.ExitCode?.ToString(CultureInfo.InvariantCulture) ?? $"signal {result.ExitSignal}"}); its output is in the log above.",
                result.ExitCode);
        }
    }

    private void LogLine(string line)
    {
        if (line.Length > 0)
        {
            log(line);
        }
    }
}
