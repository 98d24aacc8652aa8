using System.Text;
using PrivateCloud.Tasks.Backup.Dumps;

namespace PrivateCloud.Tasks.Backup.Duplicity;

/// <summary>
/// The nightly backup as files on the host: <c>/etc/cron.d/&lt;name&gt;</c> (0644, read by cron) and a
/// root-only credentials file (0600) its line sources, so no secret is in the cron file or on a command line.
/// </summary>
public sealed record CronJob(string Name, string Schedule, string LogFile, DuplicityOptions Options)
{
    /// <summary>The database dumps the job writes before duplicity runs; none when null.</summary>
    public DumpScript? Dumps { get; init; }

    public const string CronDirectory = "/etc/cron.d";

    public const string CredentialsDirectory = "/etc/private-cloud/backup";

    public string CronFile => $"{CronDirectory}/{Name}";

    public string CredentialsFile => $"{CredentialsDirectory}/{Name}.env";

    /// <summary>The script of <see cref="Dumps"/>, root only like the credentials.</summary>
    public string DumpScriptFile => $"{CredentialsDirectory}/{Name}-dumps.sh";

    /// <summary>
    /// The command cron runs, as root, with /bin/sh: the dumps first, then duplicity whatever they
    /// did, so a failed dump still leaves the files backed up. A failed dump also writes a line to
    /// stderr, which cron mails to root, besides its line in the log.
    /// </summary>
    public string Command
    {
        get
        {
            var log = Plumbing.Remote.ShellQuote.Quote(LogFile);
            var dumps = Dumps is null
                ? string.Empty
                : $"{{ /bin/sh {DumpScriptFile} >> {log} 2>&1 || echo \"{Name}: a database dump failed, see the backup log\" >&2; }}; ";
            return $"{dumps}. {CredentialsFile} && {DuplicityCommand.Environment} {DuplicityCommand.Backup(Options)} >> {log} 2>&1";
        }
    }

    public string CronFileText => new StringBuilder()
        .Append("# Nightly duplicity backup, written by InstallBackup: change it with InstallBackup's settings, not here.\n")
        .Append("SHELL=/bin/sh\n")
        .Append("PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin\n")
        // cron turns an unescaped % into a newline and feeds the rest to stdin.
        .Append(Schedule).Append(" root ").Append(Command.Replace("%", "\\%", StringComparison.Ordinal)).Append('\n')
        .ToString();

    public string CredentialsText =>
        "# Read by " + CronFile + "'s line: duplicity's passphrase and storage keys. Root only.\n" + Options.Secrets.ToShellAssignments();
}
