namespace PrivateCloud.Tasks.Backup.Duplicity;

/// <summary>BackupStatus's verdict: a state and the one line that matters, plus what duplicity said when it could be read.</summary>
public sealed record BackupStatusResult(BackupState State, string Summary, CollectionStatus? Collection = null);
