using PrivateCloud.Tasks.Backup.Dumps;

namespace PrivateCloud.Tasks.Backup.Duplicity;

/// <summary>What RestoreData restores and where it records it: <paramref name="MarkerFile"/> holds the backup restored (see <see cref="DataRestorer"/>).</summary>
public sealed record DataRestoreRequest(DuplicityOptions Options, string MarkerFile, string DumpDirectory, IReadOnlyList<DatabaseDump> Dumps, bool Force);
