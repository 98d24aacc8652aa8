namespace PrivateCloud.Tasks.Backup.Duplicity;

/// <summary>What a RestoreData run put back: nothing in either list means the backup of <paramref name="Backup"/> was already in place.</summary>
public sealed record DataRestoreResult(DateTimeOffset Backup, IReadOnlyList<string> RestoredIncludes, IReadOnlyList<string> LoadedDumps)
{
    public bool Changed => RestoredIncludes.Count > 0 || LoadedDumps.Count > 0;
}
