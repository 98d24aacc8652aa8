namespace PrivateCloud.Tasks.Backup.Duplicity;

/// <summary>How a backup check came out, worst last.</summary>
public enum BackupState
{
    NotConfigured,
    Ok,
    Warn,
    Fail,
}
