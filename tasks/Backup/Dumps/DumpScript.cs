using System.Text;
using PrivateCloud.Tasks.Plumbing.Docker;
using PrivateCloud.Tasks.Plumbing.Remote;
using PrivateCloud.Tasks.Plumbing.Settings;

namespace PrivateCloud.Tasks.Backup.Dumps;

/// <summary>
/// The script the nightly job runs as root on the host before duplicity: each database service's
/// dump, written to a temporary name in <see cref="Directory"/> and renamed over the old one only
/// once it is complete, so the backup always holds a whole dump. One line per dump goes to the
/// job's log (time, file, size, or FAILED and why); any failure makes the script exit 1 after
/// every dump was tried, and the job still backs up the files.
/// </summary>
public sealed record DumpScript(string Directory, string ProjectName, IReadOnlyList<DatabaseDump> Dumps)
{
    /// <summary>The dump directory under DATABASES_DIR: inside the backup's includes, bound into no container.</summary>
    public const string DirectoryName = "dumps";

    /// <summary>The suffix of a dump being written; never left behind.</summary>
    public const string PartialSuffix = ".partial";

    public static DumpScript For(string databasesDirectory, string projectName, IReadOnlyList<DatabaseDump> dumps) =>
        new($"{databasesDirectory.TrimEnd('/')}/{DirectoryName}", projectName, dumps);

    /// <summary>The stack's dumps, under the first data directory (DATABASES_DIR): what InstallBackup installs and RestoreData, LoadDumps and BackupStatus read.</summary>
    public static DumpScript ForStack(BuildSettings settings) =>
        For(DataDirectory.PathsOrDefaults(settings.Variables)[0], settings.Compose.ProjectName, DatabaseDump.Stack);

    /// <summary>
    /// The shell command printing the id of one running container of the project's service
    /// <paramref name="serviceWord"/> (a shell word: quoted, or a variable in double quotes); empty when none runs.
    /// </summary>
    public static string RunningContainer(string projectName, string serviceWord) =>
        $"docker ps --quiet --filter {ShellQuote.Quote(ComposeContainers.ProjectFilter(projectName))} " +
        $"--filter \"label={ComposeContainers.ServiceLabel}=\"{serviceWord} --filter status=running | head -n 1";

    public string Text
    {
        get
        {
            var text = new StringBuilder()
                .Append("#!/bin/sh\n")
                .Append("# The database dumps of the nightly backup, written by InstallBackup: change them there, not here.\n")
                .Append("dir=").Append(ShellQuote.Quote(Directory)).Append('\n')
                .Append("failed=0\n")
                .Append("umask 077\n")
                .Append("mkdir -p \"$dir\" || exit 1\n")
                .Append("say() { echo \"$(date -u +%Y-%m-%dT%H:%M:%SZ) database dump $*\"; }\n")
                .Append("dump() {\n")
                .Append("  service=\"$1\" file=\"$dir/$2\" script=\"$3\"\n")
                .Append("  container=\"$(").Append(RunningContainer(ProjectName, "\"$service\"")).Append(")\"\n")
                .Append("  if [ -z \"$container\" ]; then say \"$service: FAILED, no running container\"; failed=1; return; fi\n")
                .Append("  if docker exec \"$container\" sh -c \"$script\" >\"$file").Append(PartialSuffix).Append("\" && [ -s \"$file").Append(PartialSuffix).Append("\" ]; then\n")
                .Append("    mv -f \"$file").Append(PartialSuffix).Append("\" \"$file\"\n")
                .Append("    say \"$service: $file, $(stat -c %s \"$file\") bytes\"\n")
                .Append("  else\n")
                .Append("    rm -f \"$file").Append(PartialSuffix).Append("\"\n")
                .Append("    say \"$service: FAILED (docker exec), the previous dump is kept\"\n")
                .Append("    failed=1\n")
                .Append("  fi\n")
                .Append("}\n");
            foreach (var dump in Dumps)
            {
                text.Append("dump ").Append(ShellQuote.Quote(dump.Service)).Append(' ').Append(ShellQuote.Quote(dump.FileName)).Append(' ')
                    .Append(ShellQuote.Quote(dump.ContainerScript)).Append('\n');
            }

            return text.Append("exit \"$failed\"\n").ToString();
        }
    }
}
