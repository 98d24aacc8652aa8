using System.Text;
using PrivateCloud.Tasks.Remote;

namespace PrivateCloud.Tasks.Backup.Duplicity;

/// <summary>
/// Runs duplicity on the host as root. The passphrase and S3 keys travel on stdin, where the remote
/// shell reads them into its environment: they never appear on a command line.
/// </summary>
public sealed class DuplicityHost(RemoteShell shell)
{
    public const string Program = "duplicity";

    public RemoteShell Shell => shell;

    /// <summary>Runs <paramref name="command"/> (from <see cref="DuplicityCommand"/>) and returns what it left: its failure is an answer.</summary>
    public CommandResult Run(DuplicityOptions options, string command, string? before = null) =>
        shell.Probe(new RemoteCommand(Script(command, before)) { Input = Encoding.UTF8.GetBytes(options.Secrets.ToShellAssignments()), Privileged = true });

    public bool IsInstalled() => shell.Probe(new RemoteCommand($"command -v {Program}") { Privileged = true }).Succeeded;

    /// <summary>Reads the assignments from stdin into the environment, then runs <paramref name="command"/> with C locale and UTC dates.</summary>
    private static string Script(string command, string? before) =>
        $"eval \"$(cat)\"; {before}{DuplicityCommand.Environment} {command}";
}
