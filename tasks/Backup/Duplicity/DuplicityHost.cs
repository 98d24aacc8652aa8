using System.Text;
using PrivateCloud.Tasks.Plumbing.Processes;
using PrivateCloud.Tasks.Plumbing.Remote;

namespace PrivateCloud.Tasks.Backup.Duplicity;

/// <summary>
/// Runs duplicity on the host as root. The passphrase and S3 keys travel on stdin, where the remote
/// shell reads them into its environment: they never appear on a command line.
/// </summary>
public sealed class DuplicityHost(RemoteShell shell)
{
    public RemoteShell Shell => shell;

    /// <summary>Runs <paramref name="command"/> (from <see cref="DuplicityCommand"/>), which only reads the backups and the live files; a dry run runs it too.</summary>
    public CommandResult Read(DuplicityOptions options, string command, string? before = null) => shell.Probe(Command(options, command, before));

    /// <summary>Runs a <paramref name="command"/> that writes on the host (a backup, a restore); a dry run shows it and answers <see cref="CommandResult.NotRun"/>.</summary>
    public CommandResult Change(DuplicityOptions options, string command, string? before = null) => shell.Attempt(Command(options, command, before));

    private static RemoteCommand Command(DuplicityOptions options, string command, string? before) =>
        new(Script(command, before)) { Input = Encoding.UTF8.GetBytes(options.Secrets.ToShellAssignments()), Privileged = true };

    /// <summary>Reads the assignments from stdin into the environment, then runs <paramref name="command"/> with C locale and UTC dates.</summary>
    private static string Script(string command, string? before) =>
        $"eval \"$(cat)\"; {before}{DuplicityCommand.Environment} {command}";
}
