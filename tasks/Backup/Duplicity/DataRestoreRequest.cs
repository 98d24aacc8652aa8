using PrivateCloud.Tasks.Backup.Dumps;
using PrivateCloud.Tasks.Plumbing.Settings;

namespace PrivateCloud.Tasks.Backup.Duplicity;

/// <summary>What RestoreData restores and where it records it: <paramref name="MarkerFile"/> holds the backup restored (see <see cref="DataRestorer"/>).</summary>
public sealed record DataRestoreRequest(DuplicityOptions Options, string MarkerFile, string DumpDirectory, IReadOnlyList<DatabaseDump> Dumps, bool Force)
{
    /// <summary>The file under --remote-dir recording the backup restored, which makes a second run a no-op.</summary>
    public const string MarkerName = "restored-backup";

    /// <summary>What RestoreData and LoadDumps work on: the backup, the marker under --remote-dir and the nightly job's dump directory.</summary>
    /// <param name="task">The task asking, named when the backup settings are missing.</param>
    public static DataRestoreRequest For(BuildSettings settings, string task) => new(
        settings.Backup.RequireDuplicity(task),
        $"{settings.Deploy.RemoteDirectory}/{MarkerName}",
        DumpScript.ForStack(settings).Directory,
        DatabaseDump.Stack,
        settings.Backup.Archive.Force);
}
