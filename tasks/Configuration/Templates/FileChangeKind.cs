namespace PrivateCloud.Tasks.Configuration.Templates;

public enum FileChangeKind
{
    Unchanged,
    Created,
    Updated,

    /// <summary>Same content, only the permission bits were corrected (the modification time stays).</summary>
    ModeChanged,
}
