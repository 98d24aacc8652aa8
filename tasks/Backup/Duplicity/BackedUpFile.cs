namespace PrivateCloud.Tasks.Backup.Duplicity;

/// <summary>
/// One entry of the newest backup: its path inside the backup, the time duplicity recorded, and the
/// size of the live copy on the host (duplicity's listing holds no sizes; null when the live copy is gone).
/// </summary>
public sealed record BackedUpFile(string Path, DateTimeOffset Time, long? LiveSize);
